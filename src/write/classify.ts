import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { hasOurHeader } from "../inspect/existing-docker.js";
import type { RenderedFile } from "../render/index.js";
import { recall } from "./generated-store.js";
import { hasConflictMarkers, type MergeAttempt, mergeEdit } from "./merge.js";
import { isRecorded, type State } from "./state.js";

export type Action = "create" | "identical" | "update" | "edited" | "conflict" | "foreign" | "replace";

export interface FileChange extends RenderedFile {
  action: Action;
  /** The file's content on disk now, when it exists. */
  current: string | null;
  /** For a conflict: what merging the user's edit with the new version gives. */
  merge: MergeAttempt | null;
  /** The file on disk has Windows line endings (read as LF: endings alone are not an edit). */
  crlf: boolean;
  /** For a file of the project's own that is replaced: where it is kept, with its mode. */
  keptAs: { path: string; mode: number } | null;
}

/** The first free name for the kept copy of a replaced file: NAME.orig, else NAME.orig.2, ... */
function keptName(root: string, path: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${path}.orig` : `${path}.orig.${n}`;
    if (!existsSync(join(root, candidate))) return candidate;
  }
}

/**
 * create: not there. identical: already what we would write. update: there,
 * and exactly as the tool last generated it, so nobody edited it. edited:
 * someone edited it, and the tool would generate what it generated last
 * time, so there is nothing new to bring in (without this, a file whose
 * edits were merged would be a conflict on every run after). conflict:
 * someone's edit, and a new version to reconcile it with. foreign: a file
 * the project wrote itself (no record of ours, not our header): kept, or,
 * when `replaceForeign`, replace: put aside as NAME.orig and replaced.
 */
/** The file's text as the tool last generated it, when it can be found: the merge's common ancestor. */
function lastGenerated(root: string, state: State, file: string): string | undefined {
  const recorded = state.generated[file];
  if (recorded === undefined) return undefined;
  return state.embedded[file] ?? (recorded.startsWith("sha256:") ? null : recall(root, recorded)) ?? undefined;
}

export function classify(root: string, files: RenderedFile[], state: State, replaceForeign = false): FileChange[] {
  const none = { merge: null, keptAs: null };
  return files.map((file): FileChange => {
    const path = join(root, file.path);
    if (!existsSync(path)) return { ...file, ...none, action: "create", current: null, crlf: false };
    if (!statSync(path).isFile()) {
      throw new UserError(
        `${path} is in the way: it is not a file.`,
        `Move it away so that create-django-docker can write ${file.path}.`,
      );
    }
    // A checkout with git's core.autocrlf turns every LF into CRLF: that
    // alone is not an edit, so the file is compared with LF endings.
    const raw = readFileSync(path, "utf8");
    const crlf = raw.includes("\r\n");
    const current = crlf ? raw.replace(/\r\n/g, "\n") : raw;
    const recorded = state.generated[file.path];
    if (current === file.content) return { ...file, ...none, action: "identical", current, crlf };
    if (isRecorded(recorded, current)) return { ...file, ...none, action: "update", current, crlf };
    if (isRecorded(recorded, file.content) && !hasConflictMarkers(current))
      return { ...file, ...none, action: "edited", current, crlf };
    if (recorded === undefined && !hasOurHeader(current)) {
      if (!replaceForeign) return { ...file, ...none, action: "foreign", current, crlf };
      return {
        ...file,
        ...none,
        action: "replace",
        current,
        crlf,
        keptAs: { path: keptName(root, file.path), mode: statSync(path).mode & 0o7777 },
      };
    }
    const merge = mergeEdit(current, lastGenerated(root, state, file.path), file.content);
    return { ...file, ...none, action: "conflict", current, merge, crlf };
  });
}
