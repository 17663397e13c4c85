import type { DependencyFacts } from "../inspect/dependency-sources.js";
import { djangoPython, OLDEST_IMAGE_MINOR } from "../inspect/django-python.js";
import type { Facts } from "../inspect/index.js";
import { allowedMinors } from "../inspect/python-version.js";
import { type SystemNeeds, systemNeeds } from "../model/system-packages.js";

export const FALLBACK_PYTHON = "3.12";

/** A settings module for development: "<package>.local", ".dev", ".development". */
const DEVELOPMENT = /^(.+)\.(local|dev|development)$/;
/** The module every environment builds on: "<package>.base", ".common", ".defaults". */
const SHARED = /^(.+)\.(base|common|defaults)$/;

export interface Derived<T> {
  value: T;
  /** Why this value: shown to the user beside it. */
  why: string;
  /** False when the tool had to guess and a person should confirm. */
  certain: boolean;
}

/** The settings module the tool would use without asking. */
export function deriveSettingsModule(facts: Facts): Derived<string> | null {
  const { managePyDefault, entryDefault, candidates } = facts.django;
  // manage.py often defaults to the development settings while wsgi.py (or
  // nothing) names the production ones: an image wants production.
  const productionBeside = (module: string) => {
    const match = DEVELOPMENT.exec(module) ?? SHARED.exec(module);
    return match ? candidates.find((c) => c === `${match[1]}.production` || c === `${match[1]}.prod`) : undefined;
  };
  for (const [module, where] of [
    [managePyDefault, "manage.py"],
    [entryDefault, "wsgi.py/asgi.py"],
  ] as const) {
    if (!module) continue;
    const production = productionBeside(module);
    const kind = SHARED.test(module) ? "the base the others build on" : "a development module";
    if (production)
      return {
        value: production,
        why: `${where} defaults to ${module}, ${kind}; this is its production sibling`,
        certain: true,
      };
    return { value: module, why: `the default in ${where}`, certain: true };
  }
  const [only, ...others] = candidates;
  if (only && others.length === 0) return { value: only, why: "the only settings module found", certain: false };
  const production = candidates.find((c) => /\.(production|prod)$/.test(c));
  if (production) return { value: production, why: "no default set; the production one", certain: false };
  if (only) return { value: only, why: "no default set; the first found", certain: false };
  return null;
}

export function derivePythonVersion(facts: Facts): Derived<string> {
  const found = facts.pythonVersion;
  if (found?.pinned) return { value: found.version, why: `from ${found.source}`, certain: true };
  const proposed: Derived<string> = found
    ? { value: found.version, why: `from ${found.source}`, certain: false }
    : { value: FALLBACK_PYTHON, why: "not pinned by .python-version, runtime.txt or requires-python", certain: false };
  // Never a Python the project's Django cannot run on.
  const bound = djangoPython(facts.packaging.requirements);
  const minor = Number(proposed.value.split(".")[1]);
  if (!bound || (minor >= bound.min && minor <= bound.max)) return proposed;
  const range = Array.from({ length: bound.max - bound.min + 1 }, (_, i) => bound.min + i);
  const allowed = facts.packaging.requiresPython ? allowedMinors(facts.packaging.requiresPython, range) : range;
  const within = (allowed.length > 0 ? allowed : range).filter((m) => m <= Number(FALLBACK_PYTHON.split(".")[1]));
  // Never older than the generated files run on: a Django that old gets a warning (the plan's).
  const value = `3.${Math.max(within.at(-1) ?? bound.min, OLDEST_IMAGE_MINOR)}`;
  return {
    value,
    why: `${bound.requirement}: Django ${bound.django} runs on Python 3.${bound.min} to 3.${bound.max}`,
    certain: false,
  };
}

/** Which dependencies the image installs: a source (by file) and the optional parts of it chosen. */
export interface DependencySelection {
  dependencies: string;
  extras: string[];
  groups: string[];
}

/** The source a selection names (the detected one when it names none this run found). */
export function selectedSource(facts: Facts, selection?: Pick<DependencySelection, "dependencies">): DependencyFacts {
  return facts.dependencies.sources.find((s) => s.file === selection?.dependencies) ?? facts.packaging;
}

/** The requirements the image installs: the source's own, plus those of the chosen extras and groups. */
export function selectedRequirements(source: DependencyFacts, selection?: Partial<DependencySelection>): string[] {
  return [
    ...source.requirements,
    ...(selection?.extras ?? []).flatMap((name) => source.optional.extras[name] ?? []),
    ...(selection?.groups ?? []).flatMap((name) => source.optional.groups[name] ?? []),
  ];
}

/** Debian packages to build and to run with, from the requirements that compile. */
export function deriveSystemPackages(facts: Facts, selection?: DependencySelection): SystemNeeds {
  const source = selectedSource(facts, selection);
  return systemNeeds(selectedRequirements(source, selection), source.hasExtensions, source.name ?? "the project");
}
