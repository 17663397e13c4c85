import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "ini";
import { UserError } from "../errors.js";

/**
 * The tool's memory, kept in the project (meant to be committed): which
 * version last ran, the answers a re-run could not work out again, a hash
 * of each file as it was generated, so that a re-run can tell a file the
 * user edited from one only the tool wrote, and that file's text, the
 * common ancestor a three-way merge needs.
 */
export const STATE_FILE = ".create-django-docker.ini";

export interface State {
  version: string | null;
  /** Answers as INI values; ask knows what they mean. */
  answers: Record<string, string>;
  generated: Record<string, string>;
  /** The text behind each hash in `generated`, when it is known. */
  lastGenerated: Record<string, string>;
}

export function hashOf(content: string): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

export function readStateText(root: string): string | null {
  const path = join(root, STATE_FILE);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

function isSectionOf(value: unknown, valid: (v: unknown) => boolean): value is Record<string, string> | undefined {
  return value === undefined || (typeof value === "object" && value !== null && Object.values(value).every(valid));
}

function damaged(path: string, what: string): UserError {
  return new UserError(`${path} is damaged: ${what}.`, `Delete ${STATE_FILE} and run again (edited files will then be treated as yours).`);
}

export function readState(root: string): State {
  const path = join(root, STATE_FILE);
  const text = readStateText(root);
  if (text === null) return { version: null, answers: {}, generated: {}, lastGenerated: {} };
  let data: Record<string, unknown>;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(`${path} could not be read: ${(error as Error).message}.`, `Delete ${STATE_FILE} and run again.`);
  }
  const { generated, answers } = data;
  const lastGenerated = data["last-generated"];
  const isString = (v: unknown) => typeof v === "string";
  if (!isSectionOf(generated, (v) => typeof v === "string" && v.startsWith("sha256:"))) throw damaged(path, "its [generated] section is not a list of file hashes");
  if (!isSectionOf(answers, isString)) throw damaged(path, "its [answers] section is not a list of answers");
  if (!isSectionOf(lastGenerated, isString)) throw damaged(path, "its [last-generated] section is not a list of files");

  const hashes = generated ?? {};
  const texts: Record<string, string> = {};
  for (const [file, encoded] of Object.entries(lastGenerated ?? {})) {
    const text = Buffer.from(encoded, "base64").toString("utf8");
    // A text that no longer matches its hash (a hand-edited or half-merged
    // INI) would make a wrong merge base: better no merge than a wrong one.
    if (hashes[file] === hashOf(text)) texts[file] = text;
  }
  return {
    version: typeof data.version === "string" ? data.version : null,
    answers: answers ?? {},
    generated: hashes,
    lastGenerated: texts,
  };
}

function section(name: string, values: Record<string, string>, comments: string[]): string[] {
  if (Object.keys(values).length === 0) return [];
  return ["", ...comments.map((c) => `; ${c}`), stringify({ [name]: values }).trimEnd()];
}

export function formatState(state: State): string {
  const base64 = Object.fromEntries(Object.entries(state.lastGenerated).map(([file, text]) => [file, Buffer.from(text, "utf8").toString("base64")]));
  return [
    "; create-django-docker's memory of this project: commit it with the files it generated.",
    stringify({ version: state.version ?? "" }).trimEnd(),
    ...section("answers", state.answers, [
      "Answers it could not work out from the project: the defaults of the next run (a flag still wins).",
    ]),
    ...section("generated", state.generated, [
      "A hash of each file as the tool last wrote it, so that a re-run updates files you never",
      "edited and asks before touching ones you did.",
    ]),
    ...section("last-generated", base64, [
      "Those files' text (base64): the common ancestor when your edits are merged with an update.",
    ]),
    "",
  ].join("\n");
}
