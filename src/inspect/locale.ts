import { walkDirs } from "./walk.js";

const LOCALE_DEPTH = 6;

/**
 * Folders named `locale` that hold at least one .po file (in
 * `<lang>/LC_MESSAGES/`), relative to root: what compilemessages compiles.
 */
export function findLocaleDirs(root: string): string[] {
  const found = new Set<string>();
  walkDirs(root, LOCALE_DEPTH, (rel, children) => {
    const parts = rel.split(/[\\/]/);
    if (parts.at(-1) !== "LC_MESSAGES" || parts.length < 3 || parts.at(-3) !== "locale") return;
    if (children.some((c) => c.isFile() && c.name.endsWith(".po"))) found.add(parts.slice(0, -2).join("/"));
  });
  return [...found].sort();
}
