import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { requirementName } from "../model/system-packages.js";
import type { DjangoFacts } from "./django.js";
import { walkDirs } from "./walk.js";

/** A line of the project's Procfile. */
export interface ProcfileLine {
  role: string;
  command: string;
  line: number;
}

/** A module that creates a Celery app (`Celery(...)`), dotted from manage.py's folder. */
export interface CeleryApp {
  module: string;
  /** Relative to manage.py's folder. */
  file: string;
  line: number;
  /** The module itself sets a beat schedule (app.conf.beat_schedule). */
  beatSchedule: boolean;
}

/** What inspect reads from disk for the processes and backing services; detectStack decides. */
export interface StackFacts {
  /** Procfile beside manage.py or at the root; null when there is none. */
  procfile: { file: string; lines: ProcfileLine[] } | null;
  celeryApps: CeleryApp[];
  /** Channels' background channels (ChannelNameRouter keys) with where: `runworker` consumes them. */
  channelWorkers: { names: string[]; file: string; line: number } | null;
  /** Per settings module: the text of its file and the files it star-imports (those that read the environment). */
  settingsSources: Record<string, { file: string; text: string }[]>;
  /** Compose files the project already has (its own, not ours), at the root. */
  ownComposeFiles: string[];
}

/** A process the image runs, by role, as the entrypoint runs it. */
export interface Process {
  role: string;
  command: string;
  /** Where it came from, for the summary. */
  from: string;
}

export type ServiceKind = "postgres" | "mysql" | "redis";

/** What a variable holds, so the compose wiring can give it a value. */
export type WiringKind = "url" | "host" | "port" | "name" | "user" | "password";

export interface ServiceNeed {
  kind: ServiceKind;
  /** Why: the first evidence found. */
  from: string;
  /** Variables the settings read to find it, under the names they read. */
  env: { name: string; holds: WiringKind }[];
}

const CELERY_DEPTH = 3;
const CELERY_CREATE = /^(?!\s*#).*\bCelery\s*\(/m;
const CELERY_IMPORT = /^\s*(from\s+celery\s+import\s+[^\n]*\bCelery\b|import\s+celery\b)/m;
const BEAT_IN_MODULE = /beat_schedule|add_periodic_task|on_after_configure/;

function readProcfile(root: string, appDir: string): StackFacts["procfile"] {
  for (const file of [...new Set([appDir === "." ? "Procfile" : `${appDir}/Procfile`, "Procfile"])]) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const lines: ProcfileLine[] = [];
    readFileSync(path, "utf8")
      .split(/\r?\n/)
      .forEach((text, i) => {
        const match = /^([A-Za-z0-9_-]+)\s*:\s*(.+?)\s*$/.exec(text);
        if (match && !text.trimStart().startsWith("#"))
          lines.push({ role: match[1]!, command: match[2]!, line: i + 1 });
      });
    return { file, lines };
  }
  return null;
}

function dotted(rel: string): string {
  return rel
    .replace(/\.py$/, "")
    .replace(/[\\/]__init__$/, "")
    .split(/[\\/]/)
    .join(".");
}

const CHANNEL_ROUTER = /ChannelNameRouter\(\s*\{([^}]*)\}/;

/**
 * Modules that import Celery and create an app (`celery -A <module>` finds
 * its `app`), and Channels' ChannelNameRouter with the channel names it routes.
 */
function findWorkerModules(appAbs: string): { celeryApps: CeleryApp[]; channelWorkers: StackFacts["channelWorkers"] } {
  const found: CeleryApp[] = [];
  let channelWorkers: StackFacts["channelWorkers"] = null;
  walkDirs(appAbs, CELERY_DEPTH, (rel, children) => {
    for (const child of children) {
      if (!child.isFile() || !child.name.endsWith(".py") || /^(test|settings)/.test(child.name)) continue;
      const file = rel === "." ? child.name : `${rel}/${child.name}`;
      let text: string;
      try {
        text = readFileSync(join(appAbs, file), "utf8");
      } catch {
        continue;
      }
      const router = CHANNEL_ROUTER.exec(text);
      if (router && !channelWorkers) {
        const names = [...router[1]!.matchAll(/["']([\w.-]+)["']\s*:/g)].map((m) => m[1]!);
        if (names.length > 0) channelWorkers = { names, file, line: text.slice(0, router.index).split("\n").length };
      }
      const create = CELERY_CREATE.exec(text);
      if (!create || !CELERY_IMPORT.test(text)) continue;
      // proj/celery.py is found by `celery -A proj` (and proj/__init__.py usually imports it).
      const module = child.name === "celery.py" && rel !== "." ? dotted(rel) : dotted(file);
      found.push({
        module,
        file,
        line: text.slice(0, create.index).split("\n").length,
        beatSchedule: BEAT_IN_MODULE.test(text),
      });
    }
  });
  found.sort((a, b) => a.file.split("/").length - b.file.split("/").length || a.file.localeCompare(b.file));
  return { celeryApps: found, channelWorkers };
}

/** Names Compose reads besides compose.yaml (which is the one this tool writes). */
const OWN_COMPOSE_FILES = ["docker-compose.yml", "docker-compose.yaml", "compose.yml"];

/** `from X import *` lines: settings split over modules (config/settings/celery.py...). */
const STAR_IMPORT = /^from\s+(\.*)([\w.]*)\s+import\s+\*/gm;

function moduleFile(appAbs: string, module: string): string | null {
  const base = module.split(".").join("/");
  for (const file of [`${base}.py`, `${base}/__init__.py`]) if (existsSync(join(appAbs, file))) return file;
  return null;
}

/** The settings module's file and every module it star-imports (relative or absolute, in the project), once each. */
function settingsFiles(appAbs: string, module: string, first: string): string[] {
  const files: string[] = [];
  const visit = (mod: string, file: string | null) => {
    if (!file || files.includes(file) || files.length > 50) return;
    files.push(file);
    let text: string;
    try {
      text = readFileSync(join(appAbs, file), "utf8");
    } catch {
      return;
    }
    const isPackage = file.endsWith("__init__.py");
    for (const match of text.matchAll(STAR_IMPORT)) {
      const dots = match[1]!.length;
      let target = match[2]!;
      if (dots > 0) {
        const parts = mod.split(".");
        const keep = parts.length - (isPackage ? 0 : 1) - (dots - 1);
        target = [...parts.slice(0, Math.max(0, keep)), ...(target ? [target] : [])].join(".");
      }
      visit(target, moduleFile(appAbs, target));
    }
  };
  visit(module, first);
  return files;
}

export function inspectStack(
  root: string,
  appDir: string,
  django: DjangoFacts,
  requiredEnv: Record<string, { file: string }[]> = {},
): StackFacts {
  const appAbs = join(root, appDir);
  const settingsSources: StackFacts["settingsSources"] = {};
  for (const [module, facts] of Object.entries(django.modules)) {
    // Star-imports, and the files settings and reads came from (django-split-settings' include()).
    const files = [
      ...new Set([
        ...settingsFiles(appAbs, module, facts.file),
        ...facts.env.map((read) => read.file),
        ...Object.values(facts.names).map((value) => value.file),
        ...(requiredEnv[module] ?? []).map((read) => read.file),
      ]),
    ];
    settingsSources[module] = files.flatMap((file) => {
      try {
        return [{ file, text: readFileSync(join(appAbs, file), "utf8") }];
      } catch {
        return [];
      }
    });
  }
  const ownComposeFiles = OWN_COMPOSE_FILES.filter((file) => existsSync(join(root, file)));
  return { procfile: readProcfile(root, appDir), ...findWorkerModules(appAbs), settingsSources, ownComposeFiles };
}

/** The Procfile roles the entrypoint gives other names to: Heroku's release phase is our migrate role's job. */
const PROCFILE_ROLE = /^[a-z][a-z0-9_-]*$/;

/** Worker libraries wired through Django: the management command each runs, by requirement name. */
const DJANGO_WORKERS: { requirement: string; app: string; command: string }[] = [
  { requirement: "django-rq", app: "django_rq", command: "django-admin rqworker" },
  { requirement: "django-q2", app: "django_q", command: "django-admin qcluster" },
  { requirement: "django-q", app: "django_q", command: "django-admin qcluster" },
  { requirement: "huey", app: "huey.contrib.djhuey", command: "django-admin run_huey" },
  { requirement: "django-dramatiq", app: "django_dramatiq", command: "django-admin rundramatiq" },
];

/** Evidence of each backing service, in the settings' text and in the run-time requirements. */
const SERVICE_SIGNS: { kind: ServiceKind; text: RegExp; requirements: string[] }[] = [
  {
    kind: "postgres",
    text: /django\.(contrib\.gis\.)?db\.backends\.(postgresql|postgis)|["'](postgres(ql)?|postgis|pgsql)(\+\w+)?:\/\//,
    requirements: ["psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "psycopg-c"],
  },
  {
    kind: "mysql",
    text: /django\.(contrib\.gis\.)?db\.backends\.mysql|["'](mysql|mysqlgis|mariadb)(\+\w+)?:\/\//,
    requirements: ["mysqlclient", "pymysql", "mysql-connector-python"],
  },
  {
    kind: "redis",
    text: /["']rediss?:\/\/|RedisCache|django_redis|channels_redis|\bRQ_QUEUES\b/,
    requirements: ["redis", "django-redis", "channels-redis", "django-rq", "hiredis", "celery[redis]"],
  },
];

/** DB_HOST, DJANGO_DATABASE_NAME, POSTGRES_PASSWORD...: which part of the database's address a variable holds. */
const DATABASE_VARIABLE = new RegExp(
  "^(?:DJANGO_)?(?:DB|DATABASE|POSTGRES|POSTGRESQL|PG|MYSQL|SQL)_?" +
    "(HOST|PORT|NAME|DB|DATABASE|USER|USERNAME|PASSWORD|PASS)$",
);

/** Variables a database or cache is found through, by name; the kind each holds. */
function wiring(name: string): { service: "db" | "redis"; holds: WiringKind } | null {
  const upper = name.toUpperCase();
  if (/REDIS|BROKER|CELERY_RESULT_BACKEND|CACHE_URL|RQ_/.test(upper)) {
    if (/HOST$/.test(upper)) return { service: "redis", holds: "host" };
    if (/PORT$/.test(upper)) return { service: "redis", holds: "port" };
    if (/PASSWORD$/.test(upper)) return null;
    return /URL$|BACKEND$|LOCATION$/.test(upper) || upper === "REDIS" ? { service: "redis", holds: "url" } : null;
  }
  if (/^(DATABASE|DB|DEFAULT_DB)_?URL$/.test(upper)) return { service: "db", holds: "url" };
  const db = DATABASE_VARIABLE.exec(upper);
  if (!db) return null;
  const part = db[1]!;
  const holds: WiringKind =
    part === "HOST"
      ? "host"
      : part === "PORT"
        ? "port"
        : part.startsWith("USER")
          ? "user"
          : part.startsWith("PASS")
            ? "password"
            : "name";
  return { service: "db", holds };
}

/**
 * The settings' text without its comment lines (kept as empty lines, so line numbers hold):
 * a commented-out alternative (# "ENGINE": "django.db.backends.postgresql") is not used.
 */
function codeOf(sources: { file: string; text: string }[]): { file: string; text: string }[] {
  return sources.map((s) => ({ ...s, text: s.text.replace(/^[ \t]*#.*$/gm, "") }));
}

/** Names read through django-environ's env("X") / env.db("X") or decouple's config("X"): not os.environ reads. */
const LIBRARY_READS = /\b(?:env(?:\.\w+)?|config)\(\s*["']([A-Z][A-Z0-9_]*)["']/g;

/** A variable the settings read, and where (relative to manage.py's folder). */
export interface SettingsRead {
  name: string;
  file: string;
  line: number;
}

/** Every variable the settings read, first read first: os.environ reads, then the libraries' by their text. */
export function settingsEnvReads(
  facts: { django: DjangoFacts; stack: StackFacts },
  settingsModule: string,
): SettingsRead[] {
  const reads: SettingsRead[] = (facts.django.modules[settingsModule]?.env ?? []).map((r) => ({
    name: r.name,
    file: r.file,
    line: r.line,
  }));
  const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;
  for (const { file, text } of codeOf(facts.stack.settingsSources[settingsModule] ?? [])) {
    for (const match of text.matchAll(LIBRARY_READS))
      reads.push({ name: match[1]!, file, line: lineOf(text, match.index) });
    const db = /\benv\.db(_url)?\(\s*\)/.exec(text);
    if (db) reads.push({ name: "DATABASE_URL", file, line: lineOf(text, db.index) });
    const cache = /\benv\.cache(_url)?\(\s*\)/.exec(text);
    if (cache) reads.push({ name: "CACHE_URL", file, line: lineOf(text, cache.index) });
  }
  const seen = new Set<string>(["DJANGO_SETTINGS_MODULE"]);
  return reads.filter((read) => !seen.has(read.name) && seen.add(read.name));
}

export function settingsEnvNames(facts: { django: DjangoFacts; stack: StackFacts }, settingsModule: string): string[] {
  return settingsEnvReads(facts, settingsModule).map((read) => read.name);
}

export interface Stack {
  processes: Process[];
  services: ServiceNeed[];
}

/** What a line of a settings file says, with where: the first match of `pattern`. */
function findIn(sources: { file: string; text: string }[], pattern: RegExp): string | null {
  for (const { file, text } of sources) {
    const match = pattern.exec(text);
    if (match) return `${file}:${text.slice(0, match.index).split("\n").length}`;
  }
  return null;
}

/**
 * The processes the project runs besides web, and the backing services it
 * needs, from the Procfile, the Celery app, the settings and the run-time
 * requirements. Pure: reads only facts.
 */
export function detectStack(
  facts: { django: DjangoFacts; stack: StackFacts; appDir: string },
  settingsModule: string,
  requirements: string[],
): Stack {
  const names = new Set(requirements.map(requirementName));
  const rawRequirements = requirements.map((r) => r.toLowerCase().replace(/\s+/g, ""));
  const sources = codeOf(facts.stack.settingsSources[settingsModule] ?? []);
  const installedApps = facts.django.modules[settingsModule]?.names.INSTALLED_APPS;
  const apps = Array.isArray(installedApps?.value)
    ? (installedApps.value as unknown[]).filter((a): a is string => typeof a === "string")
    : [];
  const hasApp = (app: string) =>
    apps.includes(app) || sources.some((s) => s.text.includes(`"${app}"`) || s.text.includes(`'${app}'`));
  const at = (file: string, line: number) => `${facts.appDir === "." ? file : `${facts.appDir}/${file}`}:${line}`;

  const processes: Process[] = [];
  const procfile = facts.stack.procfile;
  for (const line of procfile?.lines ?? []) {
    if (!PROCFILE_ROLE.test(line.role) || line.role === "release") continue;
    processes.push({ role: line.role, command: line.command, from: `${procfile!.file}:${line.line}` });
  }
  const has = (role: string) => processes.some((p) => p.role === role);
  const celery = facts.stack.celeryApps[0];
  if (celery && (names.has("celery") || names.size === 0)) {
    if (!has("worker"))
      processes.push({
        role: "worker",
        command: `celery -A ${celery.module} worker --loglevel=info`,
        from: `Celery app, ${at(celery.file, celery.line)}`,
      });
    const dbScheduler = names.has("django-celery-beat") || hasApp("django_celery_beat");
    const schedule = findIn(sources, /^\s*(CELERY_BEAT_SCHEDULE|CELERYBEAT_SCHEDULE|BEAT_SCHEDULE)\s*=/m);
    if (!has("beat") && (dbScheduler || schedule || celery.beatSchedule)) {
      // The default scheduler keeps its state in a file: /tmp, since the project's folder is read-only in the image.
      const scheduler = dbScheduler
        ? " --scheduler django_celery_beat.schedulers:DatabaseScheduler"
        : " --schedule /tmp/celerybeat-schedule";
      const why = dbScheduler
        ? "django-celery-beat"
        : schedule
          ? `beat schedule, ${fromApp(facts.appDir, schedule)}`
          : `beat schedule, ${at(celery.file, celery.line)}`;
      processes.push({
        role: "beat",
        command: `celery -A ${celery.module} beat --loglevel=info${scheduler}`,
        from: why,
      });
    }
  }
  for (const worker of DJANGO_WORKERS) {
    if (has("worker") || !(names.has(worker.requirement) || hasApp(worker.app))) continue;
    let command = worker.command;
    if (worker.app === "django_rq") {
      const queues = facts.django.modules[settingsModule]?.names.RQ_QUEUES;
      const listed = queues?.known && queues.value && typeof queues.value === "object" ? Object.keys(queues.value) : [];
      command += ` ${(listed.length > 0 ? listed : ["default"]).join(" ")}`;
    }
    processes.push({
      role: "worker",
      command,
      from: names.has(worker.requirement)
        ? `${worker.requirement} in the requirements`
        : `${worker.app} in INSTALLED_APPS`,
    });
  }

  const channels = facts.stack.channelWorkers;
  if (channels && !has("channels")) {
    processes.push({
      role: "channels",
      command: `django-admin runworker ${channels.names.join(" ")}`,
      from: `ChannelNameRouter, ${at(channels.file, channels.line)}`,
    });
  }

  const envNames = settingsEnvNames(facts, settingsModule);
  const services: ServiceNeed[] = [];
  // DATABASES names SQLite, and no DATABASE_URL can change it: a database driver in the
  // requirements (DjangoCRM's mysqlclient, for those who switch) is no service to run.
  const databases = facts.django.modules[settingsModule]?.names.DATABASES?.facts;
  const sqliteOnly = !!databases?.sqlite && !databases.databaseUrl;
  for (const sign of SERVICE_SIGNS) {
    const inSettings = findIn(sources, sign.text);
    if (sign.kind !== "redis" && sqliteOnly && !inSettings) continue;
    const requirement = sign.requirements.find((r) => names.has(r) || rawRequirements.some((raw) => raw.startsWith(r)));
    const celeryBroker =
      sign.kind === "redis" && (rawRequirements.some((r) => /^celery\[[^\]]*redis/.test(r)) || names.has("django-rq"));
    if (!inSettings && !requirement && !celeryBroker) continue;
    const from = inSettings
      ? fromApp(facts.appDir, inSettings)
      : `${requirement ?? "celery[redis]"} in the requirements`;
    const service = sign.kind === "redis" ? "redis" : "db";
    const env = envNames.flatMap((name) => {
      const w = wiring(name);
      return w && w.service === service ? [{ name, holds: w.holds }] : [];
    });
    services.push({ kind: sign.kind, from, env });
  }
  // One database: a PostgreSQL driver beside a MySQL one is a leftover; the settings' engine decides.
  const dbs = services.filter((s) => s.kind !== "redis");
  if (dbs.length > 1) {
    const keep = dbs.find((s) => !s.from.endsWith("in the requirements")) ?? dbs[0]!;
    return { processes, services: services.filter((s) => s.kind === "redis" || s === keep) };
  }
  return { processes, services };
}

function fromApp(appDir: string, where: string): string {
  return appDir === "." ? where : `${appDir}/${where}`;
}
