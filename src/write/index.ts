import type { RenderedFile } from "../render/index.js";
import { applyWrites, type Write } from "./apply.js";
import { classify, type FileChange } from "./classify.js";
import { formatState, hashOf, readState, readStateText, STATE_FILE, type State } from "./state.js";

export type Resolution = "overwrite" | "keep" | "new";

export interface Outcome {
  change: FileChange;
  /** What happened to a conflicting file; overwrite for everything else written. */
  resolution: Resolution | null;
}

export interface WritePolicy {
  force: boolean;
  /** Asked for each conflict when interactive; null means keep (the safe answer). */
  resolveConflict: ((change: FileChange) => Promise<Resolution>) | null;
}

export function planChanges(root: string, files: RenderedFile[]): { changes: FileChange[]; state: State } {
  const state = readState(root);
  return { changes: classify(root, files, state), state };
}

async function resolve(change: FileChange, policy: WritePolicy): Promise<Resolution | null> {
  if (change.action === "identical") return null;
  if (change.action !== "conflict" || policy.force) return "overwrite";
  return policy.resolveConflict ? policy.resolveConflict(change) : "keep";
}

/**
 * Decides every file first (conflicts may prompt), then writes them all at
 * the end, so a cancelled prompt leaves the project untouched.
 */
export async function writeChanges(root: string, changes: FileChange[], state: State, version: string, policy: WritePolicy): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const change of changes) outcomes.push({ change, resolution: await resolve(change, policy) });

  const writes: Write[] = [];
  const generated = { ...state.generated };
  for (const { change, resolution } of outcomes) {
    if (resolution === "overwrite") writes.push(change);
    if (resolution === "new") writes.push({ ...change, path: `${change.path}.new` });
    // Identical files count as generated too: that is how a file written by
    // hand (or by an older run without a state file) becomes ours to update.
    if (resolution === "overwrite" || change.action === "identical") generated[change.path] = hashOf(change.content);
  }
  const newState = formatState({ version, generated });
  if (writes.length > 0 || readStateText(root) !== newState) writes.push({ path: STATE_FILE, content: newState, mode: 0o644 });
  await applyWrites(root, writes);
  return outcomes;
}

export { STATE_FILE, type FileChange };
