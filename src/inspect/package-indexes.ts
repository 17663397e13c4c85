/**
 * Package indexes besides PyPI that a project's packages come from: uv's
 * [[tool.uv.index]], Poetry's [[tool.poetry.source]] (as its lock records
 * them), Pipenv's [[source]]. The image's pip is given them as extra
 * indexes, or the build cannot find `torch==2.5.1+cpu` and the like.
 */
const PYPI = /^https?:\/\/(pypi\.org|pypi\.python\.org|files\.pythonhosted\.org)(\/|$)/;

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Table) : {};
}

function list(value: unknown): Table[] {
  return Array.isArray(value) ? value.map(table) : [];
}

/** The URLs, PyPI's left out, each once, in the order found. */
export function extraIndexes(urls: unknown[]): string[] {
  const found = urls.filter((u): u is string => typeof u === "string" && /^https?:\/\//.test(u) && !PYPI.test(u));
  return [...new Set(found.map((u) => u.replace(/\/+$/, "")))];
}

/** pyproject.toml: uv's indexes ([[tool.uv.index]] url) and Poetry's sources. */
export function pyprojectIndexes(doc: Table): string[] {
  const tool = table(doc.tool);
  return extraIndexes([
    ...list(table(tool.uv).index).map((i) => i.url),
    ...list(table(tool.poetry).source).map((s) => s.url),
  ]);
}

/** uv.lock: the registries its packages come from. */
export function uvLockIndexes(lock: Table): string[] {
  return extraIndexes(list(lock.package).map((p) => table(p.source).registry));
}

/** poetry.lock: the sources (type "legacy") its packages come from. */
export function poetryLockIndexes(lock: Table): string[] {
  return extraIndexes(
    list(lock.package)
      .map((p) => table(p.source))
      .filter((s) => s.type === "legacy")
      .map((s) => s.url),
  );
}

/** Pipfile.lock: the sources in _meta. */
export function pipenvLockIndexes(lock: Table): string[] {
  return extraIndexes(list(table(lock._meta).sources).map((s) => s.url));
}
