import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "ini";
import { UserError } from "../errors.js";

/**
 * The tool's memory, kept in the project (meant to be committed): which
 * version last ran and a hash of each file as it was generated, so that a
 * re-run can tell a file the user edited from one only the tool wrote.
 */
export const STATE_FILE = ".create-django-docker.ini";

export interface State {
  version: string | null;
  generated: Record<string, string>;
}

export function hashOf(content: string): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

export function readStateText(root: string): string | null {
  const path = join(root, STATE_FILE);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

export function readState(root: string): State {
  const path = join(root, STATE_FILE);
  if (!existsSync(path)) return { version: null, generated: {} };
  let data: Record<string, unknown>;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`${path} could not be read: ${(error as Error).message}.`, `Delete ${STATE_FILE} and run again.`);
  }
  const generated = data.generated;
  const valid =
    generated === undefined ||
    (typeof generated === "object" && generated !== null && Object.values(generated).every((v) => typeof v === "string" && v.startsWith("sha256:")));
  if (!valid) {
    throw new UserError(`${path} is damaged: its [generated] section is not a list of file hashes.`, `Delete ${STATE_FILE} and run again (edited files will then be treated as yours).`);
  }
  return {
    version: typeof data.version === "string" ? data.version : null,
    generated: (generated as Record<string, string> | undefined) ?? {},
  };
}

export function formatState(state: State): string {
  return [
    "; create-django-docker's memory of this project: commit it with the files it generated.",
    "; [generated] holds a hash of each file as the tool last wrote it, so that a re-run",
    "; updates files you never edited and asks before touching ones you did.",
    stringify({ version: state.version ?? "" }).trimEnd(),
    "",
    stringify({ generated: state.generated }).trimEnd(),
    "",
  ].join("\n");
}
