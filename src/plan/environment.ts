import type { EnvRead } from "../inspect/django.js";

/** An environment variable `docker run` should be given, and why. */
export interface PassedEnv {
  name: string;
  /** Read as os.environ[...] at import time: importing the settings fails without it. */
  required: boolean;
  why: string;
  /** file:line of the read, from the project root. */
  where: string;
  /** The value to pass when the tool knows it (DEBUG's "off"); otherwise the user fills it in. */
  value?: string;
}

export interface RunEnvironment {
  /** Suggested as `-e NAME=...` in the next commands. */
  pass: PassedEnv[];
  /** Read by the settings, with a fallback: mentioned, not suggested. */
  optional: string[];
}

/**
 * Settings whose fallback is unsafe in production even though the site
 * starts with it: their variable is suggested as if it were required.
 */
const MUST_OVERRIDE: Record<string, string> = {
  SECRET_KEY: "the fallback for SECRET_KEY is not a production secret",
};

/** One entry per variable, across the settings module and what it star-imports. */
function merge(reads: EnvRead[]): EnvRead[] {
  const byName = new Map<string, EnvRead>();
  for (const read of reads) {
    const seen = byName.get(read.name);
    if (!seen) byName.set(read.name, { ...read });
    else if (read.required && !seen.required) byName.set(read.name, { ...read, setting: read.setting ?? seen.setting });
    else seen.setting ??= read.setting;
  }
  return [...byName.values()];
}

/** Which variables the running container needs, from the reads in the settings. */
export function runEnvironment(reads: EnvRead[], where: (read: EnvRead) => string): RunEnvironment {
  const env: RunEnvironment = { pass: [], optional: [] };
  for (const read of merge(reads)) {
    const override = read.setting ? MUST_OVERRIDE[read.setting] : undefined;
    if (read.required) env.pass.push({ name: read.name, required: true, why: "required", where: where(read) });
    else if (override) env.pass.push({ name: read.name, required: false, why: override, where: where(read) });
    else env.optional.push(read.name);
  }
  return env;
}

/**
 * The variables read with a fallback that a person deploying the image
 * should look at: secrets, the database, hosts and origins, debug. Real
 * settings read 40-80 variables; the rest are counted, not listed.
 */
const NOTABLE: RegExp[] = [
  /DEBUG/,
  /DATABASE|(^|_)DB(_|$)|POSTGRES|MYSQL|SQLITE/,
  /HOSTS?($|_)|ORIGIN|DOMAIN/,
  /SECRET|PASSWORD|PASSWD|TOKEN|(^|_)KEY($|_)/,
];
/** At most this many are named; a project with more secrets than that gets the rest counted. */
const SHOWN_AT_MOST = 8;

export function notableOptional(optional: string[]): { shown: string[]; more: number } {
  if (optional.length <= SHOWN_AT_MOST) return { shown: optional, more: 0 };
  const ranked = NOTABLE.flatMap((pattern, rank) =>
    optional.filter((name) => pattern.test(name) && NOTABLE.findIndex((p) => p.test(name)) === rank),
  );
  const shown = ranked.slice(0, SHOWN_AT_MOST);
  return { shown, more: optional.length - shown.length };
}

/** Few enough to list in the generated entrypoint's header. */
export const SHORT_LIST = 8;
