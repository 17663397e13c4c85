import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PythonVersionFact {
  version: string;
  source: string;
  /** False for a version picked from a range (requires-python): a person may prefer a newer one. */
  pinned: boolean;
}

/** Minor versions with official slim images and Django support, oldest first. */
export const SUPPORTED_MINORS = [10, 11, 12, 13];
/** Patch levels tried for each minor: enough for any real `>=3.10.4` / `<3.12.2`. */
const PATCHES = 40;

/**
 * The project's Python minor version: pinned in .python-version or
 * runtime.txt, else the oldest supported minor that `requires-python` /
 * `python_requires` allows (the oldest, because the project says it works
 * there and a newer one is a choice the project has not made).
 */
export function readPythonVersion(root: string, requiresPython: string | null = null): PythonVersionFact | null {
  const sources: Array<[string, RegExp]> = [
    [".python-version", /^\s*(?:python-|cpython-)?(3\.\d+)/m],
    ["runtime.txt", /^\s*python-(3\.\d+)/m],
  ];
  for (const [file, pattern] of sources) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const match = pattern.exec(readFileSync(path, "utf8"));
    if (match) return { version: match[1]!, source: file, pinned: true };
  }
  const deployed = ownDockerfilePython(root);
  if (deployed && (!requiresPython || allowedMinors(requiresPython, [Number(deployed.version.split(".")[1])]).length))
    return { ...deployed, pinned: true };
  if (requiresPython) {
    // A range that allows one minor version (==3.12.*, >=3.12,<3.13) is a pin.
    const only = allowedMinors(requiresPython, ANY_MINORS);
    if (only.length === 1)
      return { version: `3.${only[0]}`, source: `requires-python ${requiresPython}`, pinned: true };
    const minor = lowestAllowedMinor(requiresPython);
    if (minor !== null) return { version: `3.${minor}`, source: `requires-python ${requiresPython}`, pinned: false };
  }
  return null;
}

/**
 * The Python the project's own Dockerfile deploys on: its last `FROM python:3.X...` (the
 * final stage's, bookwyrm's python:3.11-slim). Ours names ${PYTHON_IMAGE}, never matched.
 */
function ownDockerfilePython(root: string): { version: string; source: string } | null {
  const path = join(root, "Dockerfile");
  if (!existsSync(path)) return null;
  let text = readFileSync(path, "utf8");
  // ARG PYTHON_VERSION=3.13 ... FROM python:$PYTHON_VERSION (mathesar): the argument's default.
  for (const [, name, value] of text.matchAll(/^\s*ARG\s+(\w+)=["']?([\w.-]+)["']?\s*$/gim))
    text = text.replace(new RegExp(`\\$\\{?${name}\\}?(?!\\w)`, "g"), value!);
  const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(?:docker\.io\/)?(?:library\/)?(python:(3\.\d+)\S*)/gim;
  const last = [...text.matchAll(from)].at(-1);
  return last ? { version: last[2]!, source: `Dockerfile: FROM ${last[1]}` } : null;
}

/** Every 3.X a specifier could mean, to tell a one-minor range from a wider one. */
const ANY_MINORS = Array.from({ length: 25 }, (_, i) => i);

/** The minors among `minors` with a release the specifier allows ([] when it cannot be read). */
export function allowedMinors(specifier: string, minors: number[] = SUPPORTED_MINORS): number[] {
  const clauses = specifier
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  const parsed = clauses.map((c) => /^(~=|===|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(c));
  if (parsed.length === 0 || parsed.some((p) => p === null)) return [];
  return minors.filter((minor) => {
    for (let patch = 0; patch < PATCHES; patch++) {
      if (parsed.every((p) => matches([3, minor, patch], p![1]!, p![2]!.split(".").map(Number), !!p![3]))) return true;
    }
    return false;
  });
}

/** The oldest supported 3.X with a release matching the specifier, or null (none, or one it cannot read). */
export function lowestAllowedMinor(specifier: string): number | null {
  const clauses = specifier
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  const parsed = clauses.map((c) => /^(~=|===|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(c));
  if (parsed.some((p) => p === null)) return null;
  for (const minor of SUPPORTED_MINORS) {
    for (let patch = 0; patch < PATCHES; patch++) {
      if (parsed.every((p) => matches([3, minor, patch], p![1]!, p![2]!.split(".").map(Number), !!p![3]))) return minor;
    }
  }
  return null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** One PEP 440 clause for a final release `version`. */
function matches(version: number[], op: string, target: number[], wildcard: boolean): boolean {
  const prefixEqual = () => target.every((t, i) => version[i] === t);
  if (op === "==" || op === "===") return wildcard ? prefixEqual() : compare(version, target) === 0;
  if (op === "!=") return wildcard ? !prefixEqual() : compare(version, target) !== 0;
  if (op === "~=") return compare(version, target) >= 0 && target.slice(0, -1).every((t, i) => version[i] === t);
  const d = compare(version, target);
  return op === ">=" ? d >= 0 : op === "<=" ? d <= 0 : op === ">" ? d > 0 : d < 0;
}
