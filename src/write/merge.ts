import { merge } from "node-diff3";

/**
 * What merging a user's edited file with the new version comes to:
 * clean (the edit and the update touch different lines), overlap (the
 * content holds conflict markers where they both changed the same lines),
 * or no merge at all, because the file still holds the markers of an
 * earlier merge or the version it was edited from is not remembered.
 */
export type MergeAttempt =
  | { kind: "clean"; content: string }
  | { kind: "overlap"; content: string }
  | { kind: "unresolved" }
  | { kind: "no-base" };

export const MARKER_LABELS = { mine: "yours", theirs: "create-django-docker" };

const MARKER = /^(<<<<<<<|>>>>>>>)( |$)/m;

export function hasConflictMarkers(text: string): boolean {
  return MARKER.test(text);
}

/** A three-way merge, line by line, of the user's file and the new version against the last generated one. */
export function mergeEdit(mine: string, base: string | undefined, theirs: string): MergeAttempt {
  if (hasConflictMarkers(mine)) return { kind: "unresolved" };
  if (base === undefined) return { kind: "no-base" };
  const lines = (text: string) => text.split("\n");
  const result = merge(lines(mine), lines(base), lines(theirs), {
    label: { a: MARKER_LABELS.mine, b: MARKER_LABELS.theirs },
  });
  const content = result.result.join("\n");
  return result.conflict ? { kind: "overlap", content } : { kind: "clean", content };
}
