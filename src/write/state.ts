import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "ini";
import { UserError } from "../errors.js";
import { STATE_FILE } from "../model/state-file.js";

/**
 * The tool's memory, kept in the project (meant to be committed): which
 * version last ran, the answers a re-run could not work out again, and the
 * git blob id of each file as it was generated, so that a re-run can tell a
 * file the user edited from one only the tool wrote, and find that text
 * again (generated-store.ts) as the common ancestor of a three-way merge.
 * Files from before 0.2 hold sha256 hashes and the texts themselves, in
 * base64: still read.
 */
export { STATE_FILE };

export interface State {
  version: string | null;
  /** Answers as INI values; ask knows what they mean. */
  answers: Record<string, string>;
  /** Each generated file's git blob id (or, from older versions, `sha256:` hash). */
  generated: Record<string, string>;
  /** Texts an older state file carried itself, checked against their hash. */
  embedded: Record<string, string>;
}

/** What `git hash-object` says of the text: git can give the text back from it. */
export function gitBlobId(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The id recorded for a generated file. */
export const hashOf = gitBlobId;

/** Whether `content` is the text behind a recorded id (or an older version's sha256 hash). */
export function isRecorded(recorded: string | undefined, content: string): boolean {
  if (recorded === undefined) return false;
  if (recorded.startsWith("sha256:"))
    return recorded === `sha256:${createHash("sha256").update(content).digest("hex")}`;
  return recorded === gitBlobId(content);
}

export function readStateText(root: string): string | null {
  const path = join(root, STATE_FILE);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

function isSectionOf(value: unknown, valid: (v: unknown) => boolean): value is Record<string, string> | undefined {
  return value === undefined || (typeof value === "object" && value !== null && Object.values(value).every(valid));
}

function damaged(path: string, what: string): UserError {
  return new UserError(
    `${path} is damaged: ${what}.`,
    `Delete ${STATE_FILE} and run again (edited files will then be treated as yours).`,
  );
}

export function readState(root: string): State {
  const path = join(root, STATE_FILE);
  const text = readStateText(root);
  if (text === null) return { version: null, answers: {}, generated: {}, embedded: {} };
  let data: Record<string, unknown>;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(
      `${path} could not be read: ${(error as Error).message}.`,
      `Delete ${STATE_FILE} and run again.`,
    );
  }
  const { generated, answers } = data;
  const lastGenerated = data["last-generated"];
  const isString = (v: unknown) => typeof v === "string";
  const isId = (v: unknown) => typeof v === "string" && /^(sha256:[0-9a-f]{64}|[0-9a-f]{40})$/.test(v);
  if (!isSectionOf(generated, isId)) throw damaged(path, "its [generated] section is not a list of file hashes");
  if (!isSectionOf(answers, isString)) throw damaged(path, "its [answers] section is not a list of answers");
  if (!isSectionOf(lastGenerated, isString)) throw damaged(path, "its [last-generated] section is not a list of files");

  const hashes = generated ?? {};
  const texts: Record<string, string> = {};
  for (const [file, encoded] of Object.entries(lastGenerated ?? {})) {
    const text = Buffer.from(encoded, "base64").toString("utf8");
    // A text that no longer matches its hash (a hand-edited or half-merged
    // INI) would make a wrong merge base: better no merge than a wrong one.
    if (isRecorded(hashes[file], text)) texts[file] = text;
  }
  return {
    version: typeof data.version === "string" ? data.version : null,
    answers: answers ?? {},
    generated: hashes,
    embedded: texts,
  };
}

function section(name: string, values: Record<string, string>, comments: string[]): string[] {
  if (Object.keys(values).length === 0) return [];
  return ["", ...comments.map((c) => `; ${c}`), stringify({ [name]: values }).trimEnd()];
}

export function formatState(state: Pick<State, "version" | "answers" | "generated">): string {
  return [
    "; create-django-docker's memory of this project: commit it with the files it generated.",
    stringify({ version: state.version ?? "" }).trimEnd(),
    ...section("answers", state.answers, [
      "Answers it could not work out from the project: the defaults of the next run (a flag still wins).",
    ]),
    ...section("generated", state.generated, [
      "The git blob id of each file as the tool last wrote it: a re-run updates files you never",
      "edited, and merges its update into the ones you did.",
    ]),
    "",
  ].join("\n");
}
