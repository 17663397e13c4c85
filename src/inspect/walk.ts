import { type Dirent, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Folders never searched: they hold other people's code or build output, and
 * on a real machine they are where the tens of thousands of files are.
 */
const SKIPPED = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "__pycache__",
  ".venv",
  "venv",
  "env",
  ".env",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  "site-packages",
  "build",
  "dist",
  "staticfiles",
]);

function isSkipped(entry: Dirent): boolean {
  return SKIPPED.has(entry.name) || entry.name.endsWith(".egg-info");
}

/**
 * Visits every folder under `root` up to `maxDepth` levels below it, without
 * following symbolic links (so link loops cannot trap the walk). Paths given
 * to `visit` are relative to root, "." for root itself. A folder that cannot
 * be listed (permissions) is visited as empty and reported to `unreadable`.
 */
export function walkDirs(
  root: string,
  maxDepth: number,
  visit: (rel: string, children: Dirent[]) => void,
  unreadable: (rel: string) => void = () => {},
): void {
  const queue: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  // An index rather than shift(): shift is linear, and a big tree queues many folders.
  for (let next = 0; next < queue.length; next++) {
    const { dir, depth } = queue[next]!;
    const rel = relative(root, dir) || ".";
    let children: Dirent[];
    try {
      children = readdirSync(dir, { withFileTypes: true });
    } catch {
      children = [];
      unreadable(rel);
    }
    visit(rel, children);
    if (depth >= maxDepth) continue;
    for (const child of children) {
      if (child.isDirectory() && !isSkipped(child)) queue.push({ dir: join(dir, child.name), depth: depth + 1 });
    }
  }
}

/** Relative paths of files named `name` within `maxDepth` levels, nearest first. */
export function findFiles(root: string, name: string, maxDepth: number): string[] {
  const found: string[] = [];
  walkDirs(root, maxDepth, (rel, children) => {
    if (children.some((c) => c.isFile() && c.name === name)) found.push(rel === "." ? name : join(rel, name));
  });
  return found;
}
