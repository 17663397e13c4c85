/**
 * An environment variable a settings module cannot be imported without:
 * read at import time without a default (os.environ["X"], django-environ's
 * env("X"), decouple's config("X")), in the module or what it star-imports.
 * inspect_project.py finds them (parsed with Python's ast, not run), in the
 * same pass as the settings' values; see inspectDjango.
 */
export interface RequiredEnv {
  name: string;
  /** What kind of value parses: collectstatic gets a throwaway one of that kind. */
  kind: "str" | "bool" | "int" | "url" | "cache" | "email" | "dsn";
  /** File (relative to manage.py's folder) and line of the read. */
  file: string;
  line: number;
  /**
   * The value the image needs, when the variable picks a settings file (django-split-settings'
   * include(f"environments/{ENV}.py"): production); else any value of its kind will do at build.
   */
  value?: string;
}
