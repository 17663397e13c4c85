import { runScriptJson, type Python } from "../python/run.js";

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
  return runScriptJson(python, "inspect_build_env.py", { root: appAbs, modules }, appAbs, "Reading the settings' environment variables");
}
