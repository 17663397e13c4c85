import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatState, hashOf, readState, STATE_FILE } from "../src/write/state.js";

/** Rewrites the state file as a version without merge support wrote it: hashes only. */
export function forgetLastGenerated(dir: string): void {
  writeFileSync(join(dir, STATE_FILE), formatState({ ...readState(dir), lastGenerated: {} }));
}

/** Puts `content` in `file` and records it as generated: what an older version of the tool would have left. */
export function pretendGenerated(dir: string, file: string, content: string): void {
  const state = readState(dir);
  writeFileSync(join(dir, file), content);
  writeFileSync(
    join(dir, STATE_FILE),
    formatState({ ...state, generated: { ...state.generated, [file]: hashOf(content) }, lastGenerated: { ...state.lastGenerated, [file]: content } }),
  );
}
