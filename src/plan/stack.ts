import type { Facts } from "../inspect/index.js";
import {
  detectStack,
  type Process,
  type ServiceKind,
  type ServiceNeed,
  settingsEnvNames,
  settingsEnvReads,
  type WiringKind,
} from "../inspect/processes.js";
import { unusedServers } from "../model/unused-servers.js";
import { developmentValues } from "./development-env.js";
import { splitRequiredEnv } from "./image-env.js";

/** A role the entrypoint runs besides web and migrate. */
export interface Role {
  name: string;
  /** The name padded for the entrypoint's comment column. */
  label: string;
  /** What the entrypoint execs (a Procfile line goes through sh -c, as Heroku runs it). */
  exec: string;
  command: string;
  from: string;
}

/** A backing service in the compose file: the official image, by major version, and how to tell it is up. */
interface ServiceImage {
  /** The compose service name: what host names in the wiring point at. */
  host: string;
  image: string;
  port: number;
  healthcheck: string[];
  /** Where its data lives in the container (a named volume), or null. */
  data: string | null;
  /** Variables the image itself reads, with the development values of .env. */
  env: (password: string) => { name: string; value: string; secret?: boolean }[];
}

const DB_NAME = "app";
const DB_USER = "app";
/** Stands in for a generated password in .env.example and the plan; the first .env gets a random one. */
export const SECRET_PLACEHOLDER = "change-me";

/** One row per backing service kind (house style: a table, not a switch). */
const SERVICE_IMAGES: Record<ServiceKind, ServiceImage> = {
  postgres: {
    host: "db",
    image: "postgres:17",
    port: 5432,
    // -h 127.0.0.1: the image's first-start server listens on its socket only; ready over TCP is really ready.
    healthcheck: ["CMD-SHELL", 'pg_isready -h 127.0.0.1 -U "$$POSTGRES_USER" -d "$$POSTGRES_DB"'],
    data: "/var/lib/postgresql/data",
    env: (password) => [
      { name: "POSTGRES_DB", value: DB_NAME },
      { name: "POSTGRES_USER", value: DB_USER },
      { name: "POSTGRES_PASSWORD", value: password, secret: true },
    ],
  },
  mysql: {
    host: "db",
    image: "mysql:8.4",
    port: 3306,
    healthcheck: ["CMD-SHELL", 'mysqladmin ping -h 127.0.0.1 -u "$$MYSQL_USER" -p"$$MYSQL_PASSWORD" --silent'],
    data: "/var/lib/mysql",
    env: (password) => [
      { name: "MYSQL_DATABASE", value: DB_NAME },
      { name: "MYSQL_USER", value: DB_USER },
      { name: "MYSQL_PASSWORD", value: password, secret: true },
      { name: "MYSQL_RANDOM_ROOT_PASSWORD", value: "yes" },
    ],
  },
  redis: {
    host: "redis",
    image: "redis:7",
    port: 6379,
    healthcheck: ["CMD", "redis-cli", "ping"],
    data: null,
    env: () => [],
  },
};

const URL_SCHEME: Record<ServiceKind, string> = { postgres: "postgres", mysql: "mysql", redis: "redis" };

/** The development value of a variable the settings read to find a service. */
function wiredValue(kind: ServiceKind, holds: WiringKind, password: string): string {
  const image = SERVICE_IMAGES[kind];
  const values: Record<WiringKind, string> = {
    url:
      kind === "redis"
        ? `redis://${image.host}:${image.port}/0`
        : `${URL_SCHEME[kind]}://${DB_USER}:${password}@${image.host}:${image.port}/${DB_NAME}`,
    host: image.host,
    port: String(image.port),
    name: DB_NAME,
    user: DB_USER,
    password,
  };
  return values[holds];
}

/** A line of .env.example (and of the first .env). */
export interface EnvLine {
  name: string;
  /** null: listed commented out, the settings' fallback applies. */
  value: string | null;
  /** The first .env replaces the placeholder with a random key, or the one random database password. */
  secret: "key" | "password" | null;
  note: string;
}

export interface StackPlan {
  /** Plan JSON: role -> command, as the entrypoint runs it. */
  processes: Record<string, string>;
  /** Plan JSON: the backing services by kind. */
  services: ServiceKind[];
  roles: Role[];
  /** The Procfile's web line, which serves instead of the generated server command, less the steps it `dropped`. */
  procfileWeb: (Process & { dropped: string[] }) | null;
  /** What the image's roles do differently from the Procfile: said on every run. */
  webWarnings: string[];
  /** Variables the entrypoint reads URLs of services from, to wait for them. */
  waitFor: string[];
  serviceNeeds: ServiceNeed[];
  env: EnvLine[];
  warnings: string[];
}

/** Settings whose fallback must not be used outside development. */
const SECRET_SETTINGS = new Set(["SECRET_KEY"]);

/**
 * A step of a web line that the image runs itself: migrate when web starts,
 * the static steps at build. Run again at start, collectstatic would fail:
 * the project's folder is read-only in the image.
 */
const IMAGE_STEP = new RegExp(
  String.raw`^(?:(?:python[\d.]*\s+)?(?:\./)?manage\.py|django-admin)\s+` +
    String.raw`(migrate|collectstatic|compilemessages|compress|compilescss)\b`,
);

/** A web line without the leading `&&` steps the image already runs (`migrate && gunicorn x` -> `gunicorn x`). */
export function withoutImageSteps(command: string): { command: string; dropped: string[] } {
  const parts = command.split(/\s*&&\s*/);
  const dropped: string[] = [];
  while (parts.length > 1) {
    const step = IMAGE_STEP.exec(parts[0]!.trim());
    if (!step) break;
    dropped.push(step[1]!);
    parts.shift();
  }
  return { command: parts.join(" && "), dropped };
}

/** Programs a Procfile line may start that the image does not have: build and development tools. */
const NOT_IN_IMAGE = new Set(["make", "npm", "npx", "yarn", "pnpm", "node", "honcho", "foreman"]);

/**
 * Why the image cannot run a Procfile line as it is (null: it can): a program it does not
 * have (make, npm...), a server it leaves out (uWSGI), or a development process (Django's
 * runserver, a file watcher), which a Procfile kept for local use runs.
 */
function notForTheImage(command: string): string | null {
  const program = command.trim().split(/\s+/)[0] ?? "";
  if (NOT_IN_IMAGE.has(program)) return `\`${program}\`, which the image does not have`;
  if (unusedServers([program]).length > 0) return "a server the image leaves out";
  if (/\brunserver\b/.test(command)) return "Django's development server";
  if (/\bwatchmedo\b|--watch\b/.test(command)) return "a file watcher, for development";
  return null;
}

function isProcfile(process: Process): boolean {
  return /(^|\/)Procfile:\d+$/.test(process.from);
}

export function quoteSh(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The processes, the services they need, and the variables that wire them, for one settings module. */
export function planStack(
  facts: Facts,
  settingsModule: string,
  requirements: string[],
  webCommand: string,
  where: (file: string, line: number) => string,
): StackPlan {
  const { processes, services } = detectStack(facts, settingsModule, requirements);
  // A Procfile line the image cannot run would fail at the first start: a web line gives way
  // to our server, another role is left out. Said whether or not a compose file is written.
  const webWarnings: string[] = [];
  const runnable = (p: Process, instead: string) => {
    const why = isProcfile(p) ? notForTheImage(p.command) : null;
    if (why) webWarnings.push(`${p.from} runs \`${p.command}\`, ${why}: ${instead}.`);
    return !why;
  };
  const webLine = processes.find((p) => p.role === "web");
  const procfileLine = webLine ? { ...webLine, ...withoutImageSteps(webLine.command) } : null;
  const procfileWeb =
    procfileLine && runnable(procfileLine, `the web role serves with ${webCommand.split(" ")[0]} instead`)
      ? procfileLine
      : null;
  const roles: Role[] = processes
    .filter((p) => p.role !== "web" && p.role !== "migrate")
    .filter((p) => runnable(p, `the image has no ${p.role} role`))
    .map((p) => ({
      name: p.role,
      label: p.role.padEnd(17),
      command: p.command,
      from: p.from,
      // A Procfile line is a shell command line; a detected one takes the container's extra arguments.
      exec: isProcfile(p) ? `sh -c ${quoteSh(p.command)}` : `${p.command} "$@"`,
    }));

  const warnings: string[] = [];
  const password = SECRET_PLACEHOLDER;
  const env: EnvLine[] = [];
  const named = new Set<string>();
  const add = (line: EnvLine) => {
    if (named.has(line.name)) return;
    named.add(line.name);
    env.push(line);
  };
  const reads = new Map((facts.django.modules[settingsModule]?.env ?? []).map((r) => [r.name, r]));
  // A variable that picks the settings file is no blank to fill in: the image sets it (ENV).
  const { image, caller } = splitRequiredEnv(facts.requiredEnv[settingsModule] ?? [], () => "");
  const picks = new Map(image.map((e) => [e.name, e.value]));
  const required = new Set(caller.map((r) => r.name));
  const located = settingsEnvReads(facts, settingsModule);
  const readAt = (name: string) => {
    const read =
      located.find((r) => r.name === name) ?? (facts.requiredEnv[settingsModule] ?? []).find((r) => r.name === name);
    return read ? where(read.file, read.line) : settingsModule;
  };

  // SECRET_KEY = config("SITE_SECRET"): a library read, found by the name in its expression.
  const secretExpr = facts.django.modules[settingsModule]?.names.SECRET_KEY?.expr ?? "";
  const secretRead = (name: string) => secretExpr.includes(`"${name}"`) || secretExpr.includes(`'${name}'`);
  for (const name of settingsEnvNames(facts, settingsModule)) {
    const setting = reads.get(name)?.setting ?? null;
    if ((setting && SECRET_SETTINGS.has(setting)) || /SECRET_KEY$/.test(name) || secretRead(name)) {
      add({
        name,
        value: SECRET_PLACEHOLDER,
        secret: "key",
        note: `${setting ?? (secretRead(name) ? "SECRET_KEY" : "secret key")}, read at ${readAt(name)}`,
      });
    }
  }
  const waitFor: string[] = [];
  for (const need of services) {
    if (need.env.length === 0) {
      warnings.push(
        `${settingsModule} uses ${need.kind} (${need.from}) without reading its address from the environment: ` +
          `in compose.yaml it is the host "${SERVICE_IMAGES[need.kind].host}". ` +
          `Read it from a variable (e.g. ${need.kind === "redis" ? "REDIS_URL" : "DATABASE_URL"}) ` +
          "so that each place can give its own.",
      );
    }
    for (const wire of need.env) {
      add({
        name: wire.name,
        value: wiredValue(need.kind, wire.holds, password),
        secret: wire.holds === "password" || (wire.holds === "url" && need.kind !== "redis") ? "password" : null,
        note: `${need.kind} ${wire.holds}, read at ${readAt(wire.name)}`,
      });
      // The database is waited for through Django's own connection; the rest by their address.
      if (need.kind === "redis" && (wire.holds === "url" || wire.holds === "host")) waitFor.push(wire.name);
    }
    for (const own of SERVICE_IMAGES[need.kind].env(password)) {
      add({
        name: own.name,
        value: own.value,
        secret: own.secret ? "password" : null,
        note: `read by the ${need.kind} container`,
      });
    }
  }
  const broker = roles.find((r) => /\bcelery\b/.test(r.command));
  if (broker && !services.some((s) => s.kind === "redis")) {
    warnings.push(
      `${settingsModule} does not point Celery at Redis, and compose.yaml runs no other broker: ` +
        `${broker.name} would find none. Point CELERY_BROKER_URL at a broker in .env ` +
        "(or at Redis, redis://redis:6379/0, after adding a redis service).",
    );
  }
  for (const line of developmentValues(facts.django.modules[settingsModule]))
    add({
      name: line.name,
      value: line.value,
      secret: null,
      note: `${line.setting}, read at ${readAt(line.name)}\n# (${line.why})`,
    });
  // The rest: required ones first, then those with a fallback, commented out.
  const rest = settingsEnvNames(facts, settingsModule).filter((name) => !named.has(name));
  for (const name of [...rest.filter((n) => required.has(n)), ...rest.filter((n) => !required.has(n))]) {
    add({
      name,
      value: required.has(name) ? "" : null,
      secret: null,
      note:
        (required.has(name) ? "required, " : "") +
        (picks.has(name) ? `the image sets ${picks.get(name)}, ` : "") +
        `read at ${readAt(name)}`,
    });
  }

  return {
    processes: {
      web: procfileWeb?.command ?? webCommand,
      ...Object.fromEntries(roles.map((r) => [r.name, r.command])),
    },
    services: services.map((s) => s.kind),
    roles,
    procfileWeb,
    webWarnings,
    waitFor: [...new Set(waitFor)],
    serviceNeeds: services,
    env,
    warnings,
  };
}

/** What the compose templates read. */
export interface ComposeContext {
  image: string;
  /** The image every built service runs: IMAGE from the environment, else the local tag. */
  imageRef: string;
  /** The published port: WEB_PORT from the environment, else the container's. */
  hostPort: string;
  port: number;
  roles: { name: string; replicas: number; single: boolean }[];
  services: {
    name: string;
    kind: ServiceKind;
    image: string;
    healthcheck: string;
    volume: string | null;
    data: string | null;
    env: boolean;
  }[];
  volumes: string[];
}

export function composeContext(stack: StackPlan, image: string, port: number): ComposeContext {
  const services = stack.services.map((kind) => {
    const s = SERVICE_IMAGES[kind];
    const volume = s.data ? `${s.host}-data` : null;
    return {
      name: s.host,
      kind,
      image: s.image,
      healthcheck: JSON.stringify(s.healthcheck),
      volume,
      data: s.data,
      env: s.env("").length > 0,
    };
  });
  return {
    image,
    imageRef: `\${IMAGE:-${image}}`,
    port,
    hostPort: `\${WEB_PORT:-${port}}`,
    roles: stack.roles.map((r) => ({ name: r.name, replicas: r.name === "beat" ? 1 : 2, single: r.name === "beat" })),
    services,
    volumes: services.flatMap((s) => (s.volume ? [s.volume] : [])),
  };
}

/** More than web: a compose file is worth writing by default. */
export function stackWanted(stack: StackPlan): boolean {
  return stack.roles.length > 0 || stack.services.length > 0;
}
