import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { UserError } from "../errors.js";
import { pyprojectIndexes } from "./package-indexes.js";

export interface Pyproject {
  /** [project] name (PEP 621), if any. */
  name: string | null;
  /** [project] dependencies, or null when the table does not declare them statically. */
  dependencies: string[] | null;
  /** [project.optional-dependencies]: extra -> requirements, installed only when chosen. */
  extras: Record<string, string[]>;
  /** PEP 735 [dependency-groups], include-group entries followed. */
  groups: Record<string, string[]>;
  requiresPython: string | null;
  /** [build-system] requires, with pip's default when the table is missing. */
  buildRequires: string[];
  /** [build-system] build-backend, e.g. "hatchling.build". */
  buildBackend: string | null;
  /** [build-system] backend-path: the project's own folders a backend in its tree is found in. */
  backendPath: string[];
  /** Which tools' tables it has (poetry, uv, pdm...), from [tool.*]. */
  tools: string[];
  /**
   * False when the project's own tool says it is not a package (Poetry's
   * `package-mode = false`, uv's `package = false`, PDM's `distribution =
   * false`): dependencies only, copied rather than built (poetry-core
   * refuses to build it).
   */
  packageMode: boolean;
  /** Package indexes besides PyPI it names (uv's indexes, Poetry's sources). */
  indexes: string[];
}

/** pip's own default when pyproject.toml has no [build-system]. */
const DEFAULT_BUILD_REQUIRES = ["setuptools>=40.8.0"];

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : null;
}

/** PEP 735 groups: strings are requirements, {include-group = "x"} includes group x. */
function dependencyGroups(groups: Record<string, unknown>): Record<string, string[]> {
  const resolve = (name: string, seen: string[]): string[] =>
    seen.includes(name)
      ? []
      : (Array.isArray(groups[name]) ? (groups[name] as unknown[]) : []).flatMap((item) =>
          typeof item === "string"
            ? [item]
            : typeof table(item)["include-group"] === "string"
              ? resolve(table(item)["include-group"] as string, [...seen, name])
              : [],
        );
  return Object.fromEntries(Object.keys(groups).map((name) => [name, resolve(name, [])]));
}

/** Reads pyproject.toml at root, or null when there is none. */
export function readPyproject(root: string): Pyproject | null {
  const path = join(root, "pyproject.toml");
  if (!existsSync(path)) return null;
  let doc: Record<string, unknown>;
  try {
    doc = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(
      `pyproject.toml is not valid TOML.`,
      "Fix it (pip could not read it either), then run create-django-docker again.",
      (error as Error).message,
    );
  }
  const project = table(doc.project);
  const build = table(doc["build-system"]);
  const dynamic = strings(project.dependencies) === null && (strings(project.dynamic) ?? []).includes("dependencies");
  return {
    name: typeof project.name === "string" ? project.name : null,
    dependencies: dynamic ? null : (strings(project.dependencies) ?? ("project" in doc ? [] : null)),
    extras: Object.fromEntries(
      Object.entries(table(project["optional-dependencies"])).map(([name, list]) => [name, strings(list) ?? []]),
    ),
    groups: dependencyGroups(table(doc["dependency-groups"])),
    requiresPython: typeof project["requires-python"] === "string" ? project["requires-python"] : null,
    buildRequires: strings(build.requires) ?? DEFAULT_BUILD_REQUIRES,
    buildBackend: typeof build["build-backend"] === "string" ? build["build-backend"] : null,
    backendPath: strings(build["backend-path"]) ?? [],
    tools: Object.keys(table(doc.tool)),
    indexes: pyprojectIndexes(doc),
    packageMode:
      ![
        ["poetry", "package-mode"],
        ["uv", "package"],
        ["pdm", "distribution"],
      ].some(([tool, key]) => table(table(doc.tool)[tool!])[key!] === false) && !nothingToPackage(root, doc),
  };
}

/** Folders setuptools' flat-layout discovery leaves out (its own list, the common part). */
const FLAT_LAYOUT_EXCLUDED = new Set([
  ...["ci", "bin", "debian", "doc", "docs", "documentation", "news", "test", "tests", "unit_test", "unit_tests"],
  ...["example", "examples", "scripts", "tools", "util", "utils", "python", "build", "dist", "venv", "env"],
  ...["requirements", "tasks", "benchmark", "benchmarks", "htmlcov"],
]);

/**
 * setuptools with nothing configured finds packages by itself and, in a flat layout, refuses
 * more than one ("Multiple top-level packages discovered"): a Django site with its apps
 * beside its settings package (accounts/, blog/, site_/). Such a project is copied.
 */
function setuptoolsRefuses(root: string, tool: Record<string, unknown>): boolean {
  const configured = ["packages", "py-modules", "package-dir"].some((key) => key in table(tool.setuptools));
  if (configured || ["setup.py", "setup.cfg", "src"].some((file) => existsSync(join(root, file)))) return false;
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return false;
  }
  const packages = entries.filter(
    (e) =>
      e.isDirectory() &&
      /^[A-Za-z_]\w*$/.test(e.name) &&
      !FLAT_LAYOUT_EXCLUDED.has(e.name) &&
      existsSync(join(root, e.name, "__init__.py")),
  );
  return packages.length > 1;
}

/** Backends that find the package by the project's name when nothing names it, and the settings that name it. */
const BY_NAME: Array<{ backend: RegExp; configured: (tool: Record<string, unknown>) => boolean }> = [
  { backend: /^poetry\.(core\.)?masonry/, configured: (tool) => "packages" in table(tool.poetry) },
  {
    backend: /^hatchling\./,
    configured: (tool) => Object.keys(table(table(table(table(tool.hatch).build).targets).wheel)).length > 0,
  },
];

/**
 * A site whose build backend would find no package to build: poetry-core and hatchling look for
 * a folder or module named after the project (OpenCiviWiki's `openciviwiki`) and fail without
 * one, so such a project is copied, as `poetry install --no-root` treats it.
 */
function nothingToPackage(root: string, doc: Record<string, unknown>): boolean {
  const backend = table(doc["build-system"])["build-backend"];
  const tool = table(doc.tool);
  if (backend === "setuptools.build_meta" && setuptoolsRefuses(root, tool)) return true;
  const rule = BY_NAME.find((r) => typeof backend === "string" && r.backend.test(backend));
  if (!rule || rule.configured(tool)) return false;
  const name = table(doc.project).name ?? table(tool.poetry).name;
  if (typeof name !== "string") return false;
  const module = name.toLowerCase().replace(/[-.]+/g, "_");
  return ![module, `${module}.py`, `src/${module}`, `src/${module}.py`].some((path) => existsSync(join(root, path)));
}
