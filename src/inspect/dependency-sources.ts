import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseIni } from "ini";
import { UserError } from "../errors.js";
import type { Python } from "../python/run.js";
import { likelyDockerignore } from "./build-context.js";
import { LOCK_READERS } from "./locks.js";
import { type Pyproject, readPyproject } from "./pyproject.js";
import { findRequirementsEntry, REQUIREMENTS_ENTRIES, readRequirementsGraph } from "./requirements.js";
import { inspectSetupPy } from "./setup-py.js";

/**
 * Optional dependencies, installed only when chosen: name -> its requirements
 * (for the summary and the system-package table).
 */
export interface OptionalDependencies {
  /** Extras (optional-dependencies, extras_require, Poetry extras). */
  extras: Record<string, string[]>;
  /** Dependency groups (PEP 735, Poetry groups, uv dev-dependencies, Pipfile categories). */
  groups: Record<string, string[]>;
}

export const NO_OPTIONAL: OptionalDependencies = { extras: {}, groups: {} };

export type DependencyKind = "setup.py" | "setup.cfg" | "pyproject" | "poetry" | "uv" | "pipenv" | "requirements";

/**
 * How the Dockerfile's dependency stage turns the declaration into a
 * requirement list (a templates/dependencies/ partial). egg-info-context is
 * egg-info over the whole build context, for a setup.py that needs more than
 * its declaration files.
 */
export type Recipe = "egg-info" | "egg-info-context" | "pyproject" | "requirements" | "uv" | "poetry" | "pipenv";

export interface DependencyFacts {
  kind: DependencyKind;
  /** The declaration the requirements are read from, relative to the root. */
  file: string;
  /** Why this source was chosen, for the Detected summary. */
  why: string;
  recipe: Recipe;
  /** Distribution name, when the project is a named package. */
  name: string | null;
  /** The requirements the image installs (what inspection saw; the image derives its own). */
  requirements: string[];
  /** Extras and dependency groups the user may choose to install. */
  optional: OptionalDependencies;
  requiresPython: string | null;
  /** Files the dependency stage copies, relative to the root. */
  declarationFiles: string[];
  /** The project builds C extensions: a compiler is needed. */
  hasExtensions: boolean;
  /**
   * "package": pip installs the project (it has setup.py or a build backend);
   * "copy": a plain source tree, copied into the image after the dependencies.
   */
  install: "package" | "copy";
  /**
   * Package indexes besides PyPI its packages come from (a lock's registries,
   * [[tool.uv.index]], Poetry sources): the install stage's pip gets them as
   * extra indexes. A requirements file names its own, and pip reads them there.
   */
  indexes: string[];
  /** What building the package needs ([build-system] requires); installed once, before the project. */
  buildRequires: string[];
  /**
   * The backend that builds the package, "module:object" as [build-system] build-backend
   * names it (setuptools' legacy backend for a setup.py alone), and backend-path; null when
   * the project is copied.
   */
  buildBackend: string | null;
  backendPath: string[];
  /** The top-level packages and modules installing the project gives, when setuptools says (top_level.txt). */
  installedTopLevel?: string[];
  /**
   * egg-info-context only: why the declaration files alone were not enough,
   * the tail of the error egg_info gave with only them.
   */
  declarationOnlyError?: string;
}

/** What pip builds a project with when pyproject.toml names no backend (PEP 517's fallback). */
const LEGACY_BACKEND = "setuptools.build_meta:__legacy__";

/** What reading a source gives; the rest is decided once the source is chosen. */
type Read = Omit<
  DependencyFacts,
  "kind" | "file" | "why" | "install" | "buildRequires" | "buildBackend" | "backendPath"
>;

interface Context {
  python: Python | Promise<Python>;
  root: string;
  pyproject: Pyproject | null;
  /** What `docker build` would leave out of the context, for a read that needs the whole of it. */
  dockerignore: () => string;
}

interface DependencySource {
  kind: DependencyKind;
  /** The file this source reads when the project has it, else null. */
  detect(ctx: Context): string | null;
  /** Why it is preferred over the sources below it in the table. */
  because: string | ((file: string) => string);
  /** null: recognised but not read by this version; `instead` says what to do. */
  read: ((ctx: Context, file: string) => Promise<Read>) | null;
  instead?: string;
}

const has = (ctx: Context, file: string) => existsSync(join(ctx.root, file));

function requirementsRead(ctx: Context, file: string): Read {
  const graph = readRequirementsGraph(ctx.root, file);
  return {
    recipe: "requirements",
    name: ctx.pyproject?.name ?? null,
    requirements: graph.requirements,
    optional: NO_OPTIONAL,
    requiresPython: ctx.pyproject?.requiresPython ?? null,
    declarationFiles: graph.files,
    hasExtensions: false,
    indexes: [],
  };
}

/** Every requirement pinned with ==: a lock in all but name, more precise than any range. */
function pinnedRequirements(ctx: Context): string | null {
  const entry = findRequirementsEntry(ctx.root);
  if (!entry) return null;
  try {
    const { requirements } = readRequirementsGraph(ctx.root, entry.file);
    return requirements.length > 0 && requirements.every((r) => /===?[^=]/.test(r)) ? entry.file : null;
  } catch {
    return null;
  }
}

function lockRead(kind: "uv" | "poetry" | "pipenv") {
  return async (ctx: Context, file: string): Promise<Read> => {
    const lock = LOCK_READERS[kind](ctx.root, file);
    return {
      recipe: kind,
      name: ctx.pyproject?.name ?? null,
      requirements: lock.packages,
      optional: lock.optional,
      requiresPython: lock.requiresPython ?? ctx.pyproject?.requiresPython ?? null,
      declarationFiles: [file],
      hasExtensions: false,
      indexes: [...new Set([...lock.indexes, ...(ctx.pyproject?.indexes ?? [])])],
    };
  };
}

async function eggInfoRead(ctx: Context): Promise<Read> {
  const setup = await inspectSetupPy(ctx.python, ctx.root, ctx.dockerignore);
  return {
    ...setup,
    recipe: setup.declarationOnlyError === undefined ? "egg-info" : "egg-info-context",
    indexes: ctx.pyproject?.indexes ?? [],
  };
}

/** The last line of an error: the exception, or setuptools' `error: ...`. */
function lastLine(error: string): string {
  return error.trimEnd().split("\n").at(-1)!.trim();
}

function setupCfgDeclares(ctx: Context): boolean {
  if (!has(ctx, "setup.cfg")) return false;
  const cfg = parseIni(readFileSync(join(ctx.root, "setup.cfg"), "utf8")) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  return cfg.options?.install_requires !== undefined;
}

/**
 * The dependency sources, most precise first: a lock pins every package
 * (transitive ones too), a fully pinned requirements file pins the direct
 * ones, declared ranges pin nothing. The first one the project has and this
 * version reads is used; the ones above it it cannot read are named.
 */
export const DEPENDENCY_SOURCES: DependencySource[] = [
  {
    kind: "poetry",
    detect: (ctx) => (has(ctx, "poetry.lock") ? "poetry.lock" : null),
    because: "a lock file pins every package",
    read: lockRead("poetry"),
  },
  {
    kind: "uv",
    detect: (ctx) => (has(ctx, "uv.lock") ? "uv.lock" : null),
    because: "a lock file pins every package",
    read: lockRead("uv"),
  },
  {
    kind: "pipenv",
    detect: (ctx) => (has(ctx, "Pipfile.lock") ? "Pipfile.lock" : null),
    because: "a lock file pins every package",
    read: lockRead("pipenv"),
  },
  {
    kind: "pipenv",
    detect: (ctx) => (has(ctx, "Pipfile") ? "Pipfile" : null),
    because: "a Pipfile lists the dependencies",
    read: null,
    instead: "pipenv lock",
  },
  {
    // Poetry's own [tool.poetry.dependencies] (^ and ~ ranges, tables): read through its lock only.
    kind: "poetry",
    detect: (ctx) =>
      !has(ctx, "poetry.lock") && ctx.pyproject?.tools.includes("poetry") && !ctx.pyproject.dependencies
        ? "pyproject.toml"
        : null,
    because: "[tool.poetry.dependencies] lists the dependencies",
    read: null,
    instead: "poetry lock",
  },
  {
    kind: "requirements",
    detect: pinnedRequirements,
    because: "it pins every requirement with ==",
    read: async (ctx, file) => requirementsRead(ctx, file),
  },
  {
    kind: "pyproject",
    detect: (ctx) => (ctx.pyproject?.dependencies ? "pyproject.toml" : null),
    because: "[project] dependencies are declared statically",
    read: async (ctx) => {
      const p = ctx.pyproject!;
      return {
        recipe: "pyproject",
        name: p.name,
        requirements: p.dependencies ?? [],
        optional: { extras: p.extras, groups: p.groups },
        requiresPython: p.requiresPython,
        declarationFiles: ["pyproject.toml"],
        hasExtensions: false,
        indexes: p.indexes,
      };
    },
  },
  {
    kind: "setup.cfg",
    detect: (ctx) => (has(ctx, "setup.py") && setupCfgDeclares(ctx) ? "setup.cfg" : null),
    because: "install_requires is declared in setup.cfg",
    read: eggInfoRead,
  },
  {
    kind: "setup.py",
    detect: (ctx) => (has(ctx, "setup.py") ? "setup.py" : null),
    because: "setup.py declares install_requires",
    read: eggInfoRead,
  },
  {
    kind: "requirements",
    detect: (ctx) => findRequirementsEntry(ctx.root)?.file ?? null,
    because: (file) => REQUIREMENTS_ENTRIES.find((entry) => entry.file === file)?.why ?? "a requirements file",
    read: async (ctx, file) => requirementsRead(ctx, file),
  },
  {
    // PEP 735 groups without a [project] table (bookwyrm's `main`, installed with `pip install --group`):
    // the last resort, after any requirements file.
    kind: "pyproject",
    detect: (ctx) =>
      ctx.pyproject && !ctx.pyproject.dependencies && Object.keys(ctx.pyproject.groups).length > 0
        ? "pyproject.toml"
        : null,
    because: "[dependency-groups] list the dependencies",
    read: async (ctx) => {
      const p = ctx.pyproject!;
      return {
        recipe: "pyproject",
        name: p.name,
        requirements: [],
        optional: { extras: p.extras, groups: p.groups },
        requiresPython: p.requiresPython,
        declarationFiles: ["pyproject.toml"],
        hasExtensions: false,
        indexes: p.indexes,
      };
    },
  },
];

/** The entry that reads any requirements file: the one `--dependencies FILE.txt` uses. */
const ANY_REQUIREMENTS_FILE = [...DEPENDENCY_SOURCES].reverse().find((s) => s.kind === "requirements")!;

/** Files whose presence makes a folder the root of a project's dependencies (and the build context). */
export const ROOT_MARKERS = [
  "setup.py",
  "pyproject.toml",
  "requirements.txt",
  "requirements",
  "Pipfile",
  "poetry.lock",
  "uv.lock",
];

const KINDS = new Set<string>(DEPENDENCY_SOURCES.map((s) => s.kind));

export interface DependencyChoice {
  /** The source used: the one --dependencies names, else the most precise one found. */
  chosen: DependencyFacts;
  /** The file the tool picks by itself (without --dependencies). */
  detected: string;
  /** Every source found that this version reads, most precise first (chosen among them): the wizard offers them. */
  sources: DependencyFacts[];
}

/**
 * Picks the dependency source: the one named by `choice` (a kind or a file),
 * else the most precise one the project has, saying why. The other sources
 * found are read too, so that the wizard can offer them; one that cannot be
 * read is left out of that offer (choosing it names the problem).
 */
export async function inspectDependencies(
  python: Python | Promise<Python>,
  root: string,
  choice?: string,
): Promise<DependencyChoice> {
  const ctx: Context = { python, root, pyproject: readPyproject(root), dockerignore: () => likelyDockerignore(root) };
  const found = DEPENDENCY_SOURCES.flatMap((source) => {
    const file = source.detect(ctx);
    return file ? [{ source, file }] : [];
  });

  const detected = found.find((f) => f.source.read);
  const skipped = found.slice(0, detected ? found.indexOf(detected) : found.length).filter((f) => !f.source.read);
  if (!detected && !choice) {
    const lock = skipped[0];
    throw new UserError(
      lock
        ? `${lock.file} (${lock.source.kind}) is the only dependency declaration, and this version cannot read it yet.`
        : `No dependency declaration found in ${root}.`,
      lock
        ? `Run \`${lock.source.instead}\`, then create-django-docker again.`
        : "Add a requirements.txt (or pyproject.toml [project] dependencies, or setup.py) " +
            "listing what the project needs, Django included.",
    );
  }

  let chosen = detected;
  let why: string | undefined;
  if (choice) {
    chosen = KINDS.has(choice) ? found.find((f) => f.source.kind === choice) : found.find((f) => f.file === choice);
    if (!chosen && !KINDS.has(choice) && has(ctx, choice) && /\.(txt|in)$/.test(choice)) {
      chosen = { source: ANY_REQUIREMENTS_FILE, file: choice };
      found.push(chosen);
    }
    if (!chosen) {
      throw new UserError(
        `--dependencies ${choice}: the project has no such dependency source.`,
        found.length > 0
          ? `Found: ${found.map((f) => `${f.file} (${f.source.kind})`).join(", ")}.`
          : "Give a requirements file of the project, or a kind such as requirements or pyproject.",
      );
    }
    why = "from --dependencies";
  }
  if (!chosen!.source.read) {
    throw new UserError(
      `This version cannot read ${chosen!.file} (${chosen!.source.kind}) yet.`,
      `Run \`${chosen!.source.instead}\`, then create-django-docker again.`,
    );
  }

  const packaged = has(ctx, "setup.py") || (!!ctx.pyproject?.buildBackend && ctx.pyproject.packageMode);
  // setup.py behind setup.cfg is the same egg_info run: offered once.
  const sameAsSetupCfg = (f: (typeof found)[number]) =>
    f.source.kind === "setup.py" && f !== chosen && found.some((g) => g.source.kind === "setup.cfg");
  const readable = found.filter(
    (f, i) => f.source.read && found.findIndex((g) => g.file === f.file) === i && !sameAsSetupCfg(f),
  );
  const unread = skipped.map((f) => `${f.file} is not read by this version`).join("; ");
  const sources: DependencyFacts[] = [];
  for (const entry of readable) {
    const because = typeof entry.source.because === "string" ? entry.source.because : entry.source.because(entry.file);
    const others = readable.slice(readable.indexOf(entry) + 1).map((f) => f.file);
    let read: Read;
    try {
      read = await entry.source.read!(ctx, entry.file);
    } catch (error) {
      // Only the source in use must be readable.
      if (entry === chosen || !(error instanceof UserError)) throw error;
      continue;
    }
    const fallback =
      read.declarationOnlyError === undefined
        ? ""
        : `egg_info fails with only ${read.declarationFiles.join(", ")} (${lastLine(read.declarationOnlyError)}), ` +
          "so the dependency stage runs it over the whole build context";
    sources.push({
      ...read,
      kind: entry.source.kind,
      file: entry.file,
      why: (entry === chosen && why
        ? [why, fallback]
        : [
            because,
            others.length > 0 ? `preferred to ${others.join(", ")}` : "",
            entry === detected ? unread : "",
            fallback,
          ]
      )
        .filter(Boolean)
        .join("; "),
      install: packaged ? "package" : "copy",
      // setup.py projects build with the setuptools of the build stage, as before.
      buildRequires: packaged && ctx.pyproject?.buildBackend ? ctx.pyproject.buildRequires : [],
      buildBackend: packaged ? (ctx.pyproject?.buildBackend ?? LEGACY_BACKEND) : null,
      backendPath: packaged ? (ctx.pyproject?.backendPath ?? []) : [],
    });
  }
  return { chosen: sources.find((s) => s.file === chosen!.file)!, detected: detected?.file ?? chosen!.file, sources };
}
