import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { remember, storeDir } from "../src/write/generated-store.js";
import { formatState, gitBlobId, hashOf, readState, STATE_FILE } from "../src/write/state.js";

/**
 * Leaves the state file with ids only and no text behind them anywhere:
 * what a project checked out on another machine, never committed, looks like.
 */
export function forgetLastGenerated(dir: string): void {
  const state = readState(dir);
  writeFileSync(join(dir, STATE_FILE), formatState(state));
  for (const id of Object.values(state.generated)) rmSync(join(storeDir(), id.slice(0, 2), id), { force: true });
}

/** Puts `content` in `file` and records it as generated: what an older version of the tool would have left. */
export function pretendGenerated(dir: string, file: string, content: string): void {
  const state = readState(dir);
  writeFileSync(join(dir, file), content);
  writeFileSync(
    join(dir, STATE_FILE),
    formatState({ ...state, generated: { ...state.generated, [file]: hashOf(content) } }),
  );
  remember(content);
}

/** Puts the text of every file the state file says was generated back where the tool remembers texts, as the run that wrote them did. */
export function rememberGenerated(dir: string): void {
  for (const [file, id] of Object.entries(readState(dir).generated)) {
    const content = readFileSync(join(dir, file), "utf8");
    if (gitBlobId(content) === id) remember(content);
  }
}
