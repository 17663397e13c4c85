import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { type Python, runJobJson } from "../python/run.js";
import type { RequiredEnv } from "./build-env.js";
import { entryPackages } from "./entry-packages.js";
import { findFiles, walkDirs } from "./walk.js";

export interface SettingValue {
  /** The value when it is a plain literal, else null. */
  value: unknown;
  known: boolean;
  /** The source text of the assigned expression. */
  expr: string;
  file: string;
  line: number;
  /** For path settings (STATICFILES_DIRS): the absolute paths the expression builds, when it can be read. */
  paths?: string[];
  /** False when some entries of a path setting could not be read (built by a helper function). */
  pathsComplete?: boolean;
  /** For dict settings naming build outputs (WEBPACK_LOADER, DJANGO_VITE): each config, its path keys absolute. */
  configs?: Array<Record<string, string | null>>;
  /** What the running image depends on in the value (inspect_project.py's value_facts), per setting. */
  facts?: ValueFacts;
  /** Strings added to MIDDLEWARE by append/insert/extend/+= (even under an if). */
  added?: string[];
}

export interface ValueFacts {
  /**
   * DATABASES: the default database is SQLite; DATABASE_URL (or env.db) can change it; its path is
   * an absolute literal.
   */
  sqlite?: boolean;
  databaseUrl?: boolean;
  absolutePath?: boolean;
  /** SECRET_KEY: falls back to a value made at random in each process; the variable an `if` around it reads. */
  random?: boolean;
  variable?: string | null;
  /**
   * DEBUG, SECURE_SSL_REDIRECT: the value with no variable set (null: not computable), the
   * variables it reads, a value that turns it off. ALLOWED_HOSTS: the variables it reads.
   */
  default?: boolean | null;
  variables?: string[];
  offValue?: string | null;
  /** MEDIA_ROOT: a path in the project's folder (not an absolute one, not empty). */
  inProject?: boolean;
  /** MIDDLEWARE: the entry that serves static files (WhiteNoise, ServeStatic or a subclass), or null. */
  staticServer?: string | null;
}

/** An environment variable a settings file reads (os.environ, os.getenv). */
export interface EnvRead {
  name: string;
  /** Read as os.environ["NAME"] whenever the settings are imported: a KeyError without it. */
  required: boolean;
  /** The top-level setting whose value reads it (e.g. SECRET_KEY), if any. */
  setting: string | null;
  /** The file, relative to manage.py's folder, and line of the first read. */
  file: string;
  line: number;
}

export interface SettingsModuleFacts {
  /** Path relative to manage.py's folder. */
  file: string;
  names: Record<string, SettingValue>;
  /** Reads in the module and the modules it star-imports, one entry per file and name. */
  env: EnvRead[];
  /** django-split-settings include()s that run with no flag set and name a file that is not there. */
  missingIncludes?: MissingInclude[];
}

export interface MissingInclude {
  /** The settings file with the include(), relative to manage.py's folder, and its line. */
  file: string;
  line: number;
  /** The path or pattern it includes, relative to that file's folder. */
  include: string;
}

export interface DjangoFacts {
  /** DJANGO_SETTINGS_MODULE that manage.py sets by default. */
  managePyDefault: string | null;
  /** The default set by a wsgi.py / asgi.py, when manage.py has none. */
  entryDefault: string | null;
  /** Settings modules found on disk, dotted, relative to manage.py's folder. */
  candidates: string[];
  modules: Record<string, SettingsModuleFacts>;
  /** Settings modules Python could not parse, with the reason. */
  unreadable: Record<string, Unreadable>;
  /** wsgi.py modules (or wsgi/ packages) found, dotted (e.g. "mysite.wsgi"). */
  wsgiModules: string[];
  /** asgi.py modules (or asgi/ packages) found, dotted. */
  asgiModules: string[];
  /** manage.py and the entry files found, relative to manage.py's folder. */
  entryFiles?: string[];
}

export interface Unreadable {
  file: string;
  message: string;
  line: number | null;
}

interface ScriptResult {
  defaults: Record<string, string | null>;
  settings: Record<string, SettingsModuleFacts>;
  /** Per module in `settings`: the variables it cannot be imported without. */
  required: Record<string, RequiredEnv[]>;
  unreadable: Record<string, Unreadable>;
  errors: Unreadable[];
}

const SEARCH_DEPTH = 3;

function dotted(relPath: string): string {
  return relPath
    .replace(/\.py$/, "")
    .replace(/[\\/]__init__$/, "")
    .split(/[\\/]/)
    .join(".");
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Settings modules on disk that Python can import: every settings.py, and
 * every module of a settings/ package. A file such as
 * production.example.py, or one in a folder named like my-site, is a
 * template or a note, not a module: `import` cannot name it.
 */
function settingsCandidates(appAbs: string): string[] {
  const found: string[] = [];
  walkDirs(appAbs, SEARCH_DEPTH, (rel, children) => {
    const prefix = rel === "." ? "" : `${rel}/`;
    if (rel !== "." && !rel.split(/[\\/]/).every((part) => IDENTIFIER.test(part))) return;
    const isSettingsPackage = rel.split(/[\\/]/).pop() === "settings";
    for (const child of children) {
      if (!child.isFile() || !child.name.endsWith(".py") || !IDENTIFIER.test(child.name.slice(0, -3))) continue;
      if (child.name === "settings.py") found.push(dotted(prefix + child.name));
      else if (isSettingsPackage && child.name !== "__init__.py") found.push(dotted(prefix + child.name));
    }
  });
  return found.sort();
}

/**
 * Reads manage.py, wsgi.py/asgi.py and the settings modules (without
 * importing them), and, from the same Python run, each settings module's
 * required environment (see RequiredEnv).
 */
export async function inspectDjango(
  python: Python | Promise<Python>,
  appAbs: string,
  extraModules: string[],
): Promise<{ django: DjangoFacts; requiredEnv: Record<string, RequiredEnv[]> }> {
  const entryFiles = [
    "manage.py",
    ...findFiles(appAbs, "wsgi.py", SEARCH_DEPTH),
    ...entryPackages(appAbs, "wsgi", SEARCH_DEPTH),
    ...findFiles(appAbs, "asgi.py", SEARCH_DEPTH),
    ...entryPackages(appAbs, "asgi", SEARCH_DEPTH),
  ];
  const candidates = settingsCandidates(appAbs);
  const ask = (modules: string[]) =>
    runJobJson<ScriptResult>(
      python,
      "settings",
      { root: appAbs, entryFiles, settingsModules: modules },
      appAbs,
      "Reading the Django settings",
    );

  const first = await ask([...new Set([...candidates, ...extraModules])]);
  const defaults = first.defaults;
  const managePyDefault = defaults["manage.py"] ?? null;
  const entryDefault = Object.entries(defaults).find(([file, value]) => file !== "manage.py" && value)?.[1] ?? null;
  // Defaults may name modules the search did not find (deeper, or oddly
  // named): read those too so the chosen module always has facts, and the
  // production module beside one (config/django/production.py beside base.py).
  const defaulted = [managePyDefault, entryDefault].filter((m): m is string => !!m);
  const named = [...new Set([...defaulted, ...defaulted.flatMap((m) => productionSiblings(appAbs, m))])].filter(
    (m) => !(m in first.settings),
  );
  const second = named.length > 0 ? await ask(named) : null;

  const broken = [...first.errors, ...(second?.errors ?? [])][0];
  if (broken) throw unreadableError(broken);
  const django: DjangoFacts = {
    managePyDefault,
    entryDefault,
    candidates: [...new Set([...candidates, ...Object.keys(second?.settings ?? {})])],
    modules: { ...first.settings, ...(second?.settings ?? {}) },
    unreadable: { ...first.unreadable, ...(second?.unreadable ?? {}) },
    wsgiModules: entryFiles.filter((f) => /(^|[\\/])wsgi(\.py|[\\/]__init__\.py)$/.test(f)).map(dotted),
    entryFiles: entryFiles.map((f) => f.split(/[\\/]/).join("/")),
    asgiModules: entryFiles.filter((f) => /(^|[\\/])asgi(\.py|[\\/]__init__\.py)$/.test(f)).map(dotted),
  };
  return { django, requiredEnv: { ...first.required, ...(second?.required ?? {}) } };
}

/** The production modules on disk beside a settings module: `a.b.production` / `a.b.prod` for `a.b.base`. */
function productionSiblings(appAbs: string, module: string): string[] {
  const parts = module.split(".");
  if (parts.length < 2) return [];
  const pkg = parts.slice(0, -1);
  return ["production", "prod"]
    .filter((name) => existsSync(join(appAbs, ...pkg, `${name}.py`)))
    .map((name) => [...pkg, name].join("."));
}

export function unreadableError(e: Unreadable): UserError {
  return new UserError(
    `${e.file}${e.line ? `:${e.line}` : ""} ${e.message}.`,
    "Fix the file (Django could not load it either), then run create-django-docker again.",
  );
}
