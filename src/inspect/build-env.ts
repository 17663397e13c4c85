import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { templatesDir } from "../paths.js";
import { runPython, tail, type Python } from "../python/run.js";

/** An environment variable a settings module cannot be imported without. */
export interface RequiredEnv {
  name: string;
  /** What kind of value parses: collectstatic gets a throwaway one of that kind. */
  kind: "str" | "bool" | "int" | "url" | "cache" | "email" | "dsn";
  /** File (relative to manage.py's folder) and line of the read. */
  file: string;
  line: number;
}

/**
 * For each settings module, the variables it reads without a default at
 * import time (os.environ["X"], django-environ's env("X"), decouple's
 * config("X")), following star imports. Parsed with Python's ast, not run.
 */
export async function readRequiredEnv(python: Python, appAbs: string, modules: string[]): Promise<Record<string, RequiredEnv[]>> {
  const script = readFileSync(join(templatesDir, "inspect_build_env.py"), "utf8");
  const result = await runPython(python, ["-c", script], { cwd: appAbs, input: JSON.stringify({ root: appAbs, modules }) });
  if (result.exitCode !== 0) {
    throw new UserError("Reading the settings' environment variables failed.", "This is a bug in create-django-docker; please report it with the output below.", tail(result.stderr));
  }
  return JSON.parse(result.stdout) as Record<string, RequiredEnv[]>;
}
