import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { toolVersion } from "../paths.js";
import { findPython } from "../python/run.js";

export { stopPython } from "../python/run.js";

import { HELP, parseCli } from "./args.js";

/**
 * What --help and --version print, or null for any other command line (a
 * run, or a usage error, which main reports). The binary asks this small
 * bundle first, so that they answer without loading the rest of the tool.
 */
export function quickAnswer(argv: string[]): string | null {
  try {
    const parsed = parseCli(argv);
    if (parsed.kind === "help") return HELP;
    if (parsed.kind === "version") return toolVersion;
  } catch {
    // A usage error: main says what is wrong.
  }
  return null;
}

/**
 * For a run, starts the tool's Python at once, so that it starts (and, for
 * a setup.py project, imports setuptools) while Node loads the rest of the
 * tool; the run's findPython then finds it started. Anything wrong is left
 * for the run to report.
 */
export function startPython(argv: string[]): void {
  try {
    const parsed = parseCli(argv);
    if (parsed.kind !== "run") return;
    const warm = existsSync(join(resolve(parsed.options.dir), "setup.py")) ? ["setuptools"] : [];
    findPython(process.env, warm).catch(() => {});
  } catch {
    // A usage error: main says what is wrong.
  }
}
