import { requirementName } from "./system-packages.js";

/**
 * Servers a project may list for its own deployment that the image never
 * runs (it serves with gunicorn, daphne or granian): they are left out of
 * the install rather than compiled, with build-essential, for nothing.
 */
export const UNUSED_SERVERS: Record<string, string> = {
  uwsgi: "uWSGI",
  "mod-wsgi": "mod_wsgi",
};

/** The requirement names among `requirements` that the image leaves out, each once. */
export function unusedServers(requirements: string[]): string[] {
  return [...new Set(requirements.map(requirementName).filter((name) => name in UNUSED_SERVERS))];
}
