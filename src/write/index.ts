import type { RenderedFile } from "../render/index.js";
import { applyWrites, type Write } from "./apply.js";
import { classify, type FileChange } from "./classify.js";
import { remember } from "./generated-store.js";
import { formatState, hashOf, readStateText, STATE_FILE, type State } from "./state.js";

export type Resolution = "overwrite" | "keep" | "new" | "merge" | "replace";

export interface Outcome {
  change: FileChange;
  /** What happened to a file that needed writing; null when it needed nothing. */
  resolution: Resolution | null;
}

export interface WritePolicy {
  force: boolean;
  /** Asked for each conflict when interactive; null means merge when that is clean, else keep. */
  resolveConflict: ((change: FileChange) => Promise<Resolution>) | null;
}

/** What the state file should remember of this run besides the files. */
export interface Memory {
  version: string;
  /** The answers worth remembering, as INI values. */
  answers: Record<string, string>;
}

/** `replaceForeign`: the project's own Docker files are replaced (kept as NAME.orig), not kept. */
export function planChanges(root: string, files: RenderedFile[], state: State, replaceForeign = false): FileChange[] {
  return classify(root, files, state, replaceForeign);
}

/**
 * A file of the project's own where ours must go: our Dockerfile and
 * entrypoint only work together. The project's own ignore file does not
 * block: it is kept, and the build uses it; nor do its own .env.example,
 * compose or stack files: they are kept, and ours are not written.
 */
export function blocks(change: FileChange): boolean {
  return change.action === "foreign" && isDockerPair(change.path);
}

/** The Dockerfile or the entrypoint, at the standard names or beside the project's own. */
function isDockerPair(path: string): boolean {
  const name = path.split("/").at(-1) ?? path;
  return !name.endsWith("dockerignore") && (name.startsWith("Dockerfile") || name.startsWith("docker-entrypoint"));
}

/** The project's own ignore file, which the build reads as it is. */
export function isIgnoreFile(path: string): boolean {
  return path.endsWith("dockerignore");
}

/** The content a run without prompts would leave in the file: what --dry-run and --check compare with. */
export function proposedContent(change: FileChange): string {
  return change.merge?.kind === "clean" ? change.merge.content : change.content;
}

async function resolve(change: FileChange, policy: WritePolicy): Promise<Resolution | null> {
  if (change.action === "identical") return null;
  // The project's own file: replaced only when that was the answer (--force is about our files).
  if (change.action === "replace") return "replace";
  if (change.action === "foreign") return "keep";
  if (policy.force) return "overwrite";
  if (change.action === "edited") return null;
  if (change.action !== "conflict") return "overwrite";
  if (policy.resolveConflict) return policy.resolveConflict(change);
  // A clean merge keeps every line the user changed, so doing it unasked
  // still honours "never overwrite an edit"; an overlap needs a person.
  return change.merge?.kind === "clean" ? "merge" : "keep";
}

function writesFor({ change, resolution }: Outcome): Write[] {
  if (resolution === "overwrite") return [change];
  if (resolution === "replace" && change.keptAs && change.current !== null) {
    return [{ path: change.keptAs.path, content: change.current, mode: change.keptAs.mode }, change];
  }
  if (resolution === "new") return [{ ...change, path: `${change.path}.new` }];
  if (resolution === "merge" && change.merge && "content" in change.merge && change.merge.content !== change.current) {
    return [{ ...change, content: change.merge.content }];
  }
  return [];
}

/**
 * Decides every file first (conflicts may prompt), then writes them all at
 * the end, so a cancelled prompt leaves the project untouched.
 */
export async function writeChanges(
  root: string,
  changes: FileChange[],
  state: State,
  memory: Memory,
  policy: WritePolicy,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const change of changes) outcomes.push({ change, resolution: await resolve(change, policy) });
  // A file of the project's own where ours would go: the set would be
  // half-written (a Dockerfile without its entrypoint), so nothing is.
  if (outcomes.some((o) => blocks(o.change)))
    return outcomes.map((o) => (o.change.action === "foreign" ? o : { ...o, resolution: null }));

  const generated = { ...state.generated };
  for (const { change, resolution } of outcomes) {
    // Identical files count as generated too: that is how a file written by
    // hand (or by an older run without a state file) becomes ours to update.
    // A merged file is the user's from now on, but the new version is what
    // its next merge starts from.
    if (
      resolution === "overwrite" ||
      resolution === "replace" ||
      resolution === "merge" ||
      change.action === "identical"
    ) {
      generated[change.path] = hashOf(change.content);
    }
    if (generated[change.path] === hashOf(change.content)) remember(change.content);
  }
  // An older state file's texts move to the store, since the new one no longer carries them,
  // and its hashes become the ids the store and git know them by.
  for (const [file, text] of Object.entries(state.embedded)) {
    remember(text);
    if (generated[file]?.startsWith("sha256:")) generated[file] = hashOf(text);
  }
  const writes = outcomes.flatMap(writesFor);
  const newState = formatState({ version: memory.version, answers: memory.answers, generated });
  const stateText = readStateText(root);
  // A run that writes no file and leaves one for the user to deal with
  // (it exits 1) starts no state file: it would only be a stub.
  const leavesWork = outcomes.some((o) => o.resolution === "keep");
  const startsState = stateText === null && writes.length === 0 && leavesWork;
  if (!startsState && (writes.length > 0 || stateText !== newState))
    writes.push({ path: STATE_FILE, content: newState, mode: 0o644 });
  await applyWrites(root, writes);
  return outcomes;
}

export { type FileChange, STATE_FILE };
