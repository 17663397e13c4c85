import type { RequiredEnv } from "../inspect/build-env.js";

/**
 * Throwaway values that parse as each kind. They are set inside the build
 * steps' shell only (never ENV), so they stay out of the final image and
 * its history; none of them works as a real secret or database.
 */
const THROWAWAY: Record<RequiredEnv["kind"], string> = {
  str: "build-only-not-secret",
  bool: "False",
  int: "0",
  url: "sqlite:////tmp/build-only.sqlite3",
  cache: "locmemcache://",
  email: "consolemail://",
  // Sentry and the like check a DSN's shape when they start, at import.
  dsn: "https://build-only@127.0.0.1/1",
};

/** `NAME=value ...` for the build steps that import the settings; "" when none is needed. */
export function buildEnvAssignments(reads: RequiredEnv[]): string {
  return reads
    .map((read) => `${read.name}=${read.value ?? THROWAWAY[/DATABASE_URL$/.test(read.name) ? "url" : read.kind]}`)
    .join(" ");
}
