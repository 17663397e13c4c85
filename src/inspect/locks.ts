import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { UserError } from "../errors.js";
import type { OptionalDependencies } from "./dependency-sources.js";
import { pipenvLockIndexes, poetryLockIndexes, uvLockIndexes } from "./package-indexes.js";

export interface LockFacts {
  /** name==version of every locked package: what the system-package table is checked against. */
  packages: string[];
  /** The lock's own Python constraint, as a PEP 440 specifier, if it has one. */
  requiresPython: string | null;
  /** Extras and groups the lock can install beside the main packages (their packages, roughly: direct ones only). */
  optional: OptionalDependencies;
  /** Package indexes besides PyPI that locked packages come from. */
  indexes: string[];
}

type Table = Record<string, unknown>;

function load(root: string, file: string): Table {
  const text = readFileSync(join(root, file), "utf8");
  try {
    return (file.endsWith(".lock") && !file.startsWith("Pipfile") ? parse(text) : JSON.parse(text)) as Table;
  } catch (error) {
    throw new UserError(
      `${file} cannot be read: ${(error as Error).message}.`,
      "Regenerate the lock file, then run create-django-docker again.",
    );
  }
}

const names = (list: unknown): string[] =>
  (Array.isArray(list) ? (list as unknown[]) : []).flatMap((d) =>
    typeof d === "string" ? [d] : typeof (d as Table)?.name === "string" ? [String((d as Table).name)] : [],
  );

/** { name: [dependency, ...] } tables (uv's optional- and dev-dependencies, Poetry's extras) -> name -> names. */
function namesByKey(value: unknown): Record<string, string[]> {
  const table = (value && typeof value === "object" ? value : {}) as Table;
  return Object.fromEntries(Object.entries(table).map(([key, list]) => [key, names(list)]));
}

/** A git source as pip reads it: `name @ git+url@commit` (the converters write the same). */
function gitPin(p: Table): string | null {
  const source = (p.source ?? {}) as Table;
  if (typeof source.git === "string") return `${String(p.name)} @ git+${source.git.split(/[?#]/)[0]}`;
  if (source.type === "git" && typeof source.url === "string") return `${String(p.name)} @ git+${source.url}`;
  return null;
}

function lockedPackages(list: unknown, skip: (p: Table) => boolean): string[] {
  return (Array.isArray(list) ? (list as Table[]) : [])
    .filter((p) => typeof p.name === "string" && typeof p.version === "string" && !skip(p))
    .map((p) => gitPin(p) ?? `${String(p.name)}==${String(p.version)}`);
}

/**
 * The packages a lock pins, read here for the Detected summary and the
 * system-package table. The image derives its own list from the lock
 * (templates/lock-converters/), following the same rules.
 */
export const LOCK_READERS: Record<"uv" | "poetry" | "pipenv", (root: string, file: string) => LockFacts> = {
  uv: (root, file) => {
    const lock = load(root, file);
    const isProject = (p: Table) => {
      const source = (p.source ?? {}) as Table;
      return source.editable === "." || source.virtual === ".";
    };
    const all = Array.isArray(lock.package) ? (lock.package as Table[]) : [];
    const project = all.find(isProject) ?? {};
    // What the image installs without extras or groups: the project's run-time
    // graph, as the converter walks it. A package only a dev group pulls in
    // (daphne for the tests, say) is not a dependency of the image.
    const reached = new Set<string>();
    const edges = (list: unknown) =>
      (Array.isArray(list) ? (list as Table[]) : []).filter((d) => typeof d?.name === "string");
    const todo = edges(project.dependencies);
    const seen = new Set<string>();
    while (todo.length > 0) {
      const dep = todo.pop()!;
      const extras = Array.isArray(dep.extra) ? dep.extra.map(String) : [];
      const key = `${String(dep.name)}[${extras.join(",")}]`;
      if (seen.has(key)) continue;
      seen.add(key);
      reached.add(String(dep.name));
      for (const p of all.filter((q) => q.name === dep.name)) {
        todo.push(...edges(p.dependencies));
        for (const extra of extras) todo.push(...edges(((p["optional-dependencies"] ?? {}) as Table)[extra]));
      }
    }
    const graphKnown = Array.isArray(project.dependencies);
    return {
      packages: lockedPackages(lock.package, (p) => isProject(p) || (graphKnown && !reached.has(String(p.name)))),
      requiresPython: typeof lock["requires-python"] === "string" ? lock["requires-python"] : null,
      optional: {
        extras: namesByKey(project["optional-dependencies"]),
        groups: namesByKey(project["dev-dependencies"]),
      },
      indexes: uvLockIndexes(lock),
    };
  },
  poetry: (root, file) => {
    const lock = load(root, file);
    const notMain = (p: Table) => {
      const groups = Array.isArray(p.groups) ? p.groups : typeof p.category === "string" ? [p.category] : null;
      return p.optional === true || (groups !== null && !groups.includes("main"));
    };
    const groups: Record<string, string[]> = {};
    for (const p of Array.isArray(lock.package) ? (lock.package as Table[]) : []) {
      for (const group of Array.isArray(p.groups) ? p.groups : typeof p.category === "string" ? [p.category] : []) {
        if (group !== "main" && typeof group === "string")
          (groups[group] ??= []).push(`${String(p.name)}==${String(p.version)}`);
      }
    }
    // Poetry writes `^3.11`-style constraints, which are not PEP 440: left to .python-version / the wizard.
    return {
      packages: lockedPackages(lock.package, notMain),
      requiresPython: null,
      optional: { extras: namesByKey(lock.extras), groups },
      indexes: poetryLockIndexes(lock),
    };
  },
  pipenv: (root, file) => {
    const lock = load(root, file);
    const defaults = (lock.default ?? {}) as Record<string, Table>;
    const meta = ((lock._meta ?? {}) as Table).requires as Table | undefined;
    const version = typeof meta?.python_version === "string" ? meta.python_version : null;
    const pins = (section: unknown) =>
      Object.entries((section ?? {}) as Record<string, Table>).flatMap(([name, p]) =>
        typeof p.version === "string"
          ? [`${name}${p.version}`]
          : typeof p.git === "string"
            ? [`${name} @ git+${p.git}`]
            : [],
      );
    // Categories besides [default]: develop, or custom ones (pipenv 2023+).
    const groups = Object.fromEntries(
      Object.entries(lock)
        .filter(
          ([key, section]) => key !== "_meta" && key !== "default" && Object.keys((section ?? {}) as Table).length > 0,
        )
        .map(([key, section]) => [key, pins(section)]),
    );
    return {
      packages: pins(defaults),
      requiresPython: version ? `==${version}.*` : null,
      optional: { extras: {}, groups },
      indexes: pipenvLockIndexes(lock),
    };
  },
};
