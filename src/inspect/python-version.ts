import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PythonVersionFact {
  version: string;
  source: string;
}

/** The project's pinned Python minor version, from .python-version or runtime.txt. */
export function readPythonVersion(root: string): PythonVersionFact | null {
  const sources: Array<[string, RegExp]> = [
    [".python-version", /^\s*(?:python-|cpython-)?(3\.\d+)/m],
    ["runtime.txt", /^\s*python-(3\.\d+)/m],
  ];
  for (const [file, pattern] of sources) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const match = pattern.exec(readFileSync(path, "utf8"));
    if (match) return { version: match[1]!, source: file };
  }
  return null;
}
