import { git } from "./git.js";

/**
 * What the generated .dockerignore leaves out as local state (a developer's
 * database, uploads), each pattern with the paths it matches. A table: the
 * template's "Local databases" patterns, in the same words.
 */
const LOCAL_STATE: Array<{ pattern: string; matches: (path: string) => boolean }> = [
  { pattern: "**/*.sqlite3", matches: (path) => path.endsWith(".sqlite3") },
  { pattern: "**/*.sqlite3-journal", matches: (path) => path.endsWith(".sqlite3-journal") },
  { pattern: "**/*.db", matches: (path) => path.endsWith(".db") },
  { pattern: "media", matches: (path) => path === "media" || path.startsWith("media/") },
];

/** More than this many tracked files under one pattern: the folder is kept whole rather than file by file. */
const NAMED_AT_MOST = 20;

/**
 * Files git tracks that the .dockerignore's local-state patterns would
 * leave out of the image: a committed `search.db` is the project's data,
 * not a developer's leftover, and the site may read it. Empty when the
 * project is not in git (or git is not installed): then nothing can tell
 * a committed database from a local one.
 */
export async function trackedLocalState(root: string): Promise<string[]> {
  const result = await git(["ls-files", "-z"], root);
  if (result?.code !== 0) return [];
  const tracked = String(result.stdout).split("\0").filter(Boolean);
  const kept: string[] = [];
  for (const { pattern, matches } of LOCAL_STATE) {
    const hits = tracked.filter(matches);
    if (pattern === "media" && hits.length > NAMED_AT_MOST) kept.push("media");
    else kept.push(...hits.filter((hit) => !kept.includes(hit)));
  }
  return kept.sort();
}
