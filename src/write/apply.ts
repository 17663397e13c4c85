import { renameSync, rmSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CancelledError, UserError } from "../errors.js";

export interface Write {
  path: string;
  content: string;
  mode: number;
}

/** Beside its target, so that the rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string): string {
  return `${target}.create-django-docker-${process.pid}.tmp`;
}

let renamed = 0;
let writing = 0;

/** True while applyWrites runs: a Ctrl-C then waits for it to finish or undo its step (it listens itself). */
export function writesUnderWay(): boolean {
  return writing > 0;
}

/** How many files this process has put in place so far: tells a Ctrl-C whether "nothing was written" is still true. */
export function filesPutInPlace(): number {
  return renamed;
}

function removeAll(temps: string[]): void {
  for (const temp of temps) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Best effort: the error that stopped the writes is the one to report.
    }
  }
}

/**
 * Writes every file to a temporary name beside it first, and only when all
 * of them are written renames them into place, in order (the state file
 * last, so that it never vouches for a file that is not there yet). A
 * failure or a Ctrl-C while writing therefore leaves the project as it
 * was; each rename is atomic, so a reader sees the old file or the new one,
 * never half of one.
 */
export async function applyWrites(root: string, writes: Write[]): Promise<void> {
  const staged: Array<{ temp: string; target: string }> = [];
  // No prompt holds the terminal now, so Ctrl-C is a signal, which by
  // default kills the process wherever it is. Listening for it instead
  // lets the temporary files be removed, or, once renaming has begun
  // (synchronously, so the listener cannot run in between), finished.
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on("SIGINT", onInterrupt);
  writing++;
  try {
    for (const write of writes) {
      const target = join(root, write.path);
      const temp = tempPathFor(target);
      try {
        await writeFile(temp, write.content, { mode: write.mode });
        await chmod(temp, write.mode);
      } catch (error) {
        removeAll([...staged.map((s) => s.temp), temp]);
        throw new UserError(
          `Could not write ${write.path}: ${(error as Error).message}.`,
          "Check that the project folder is writable, then run again.",
        );
      }
      staged.push({ temp, target });
    }
    if (interrupted) {
      removeAll(staged.map((s) => s.temp));
      throw new CancelledError();
    }
    staged.forEach(({ temp, target }, index) => {
      try {
        renameSync(temp, target);
        renamed++;
      } catch (error) {
        removeAll(staged.slice(index).map((s) => s.temp));
        throw error;
      }
    });
  } finally {
    writing--;
    process.off("SIGINT", onInterrupt);
  }
}
