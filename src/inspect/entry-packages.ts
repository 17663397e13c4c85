import { readFileSync } from "node:fs";
import { join } from "node:path";
import { walkDirs } from "./walk.js";

/**
 * Entry points written as a package (`proj/asgi/__init__.py` rather than
 * `proj/asgi.py`): the `__init__.py` files of folders named `name` that
 * define `application`, relative to root, nearest first. A folder of that
 * name without it (a Channels routing package, say) is no entry point.
 */
export function entryPackages(root: string, name: "wsgi" | "asgi", maxDepth: number): string[] {
  const found: string[] = [];
  walkDirs(root, maxDepth, (rel) => {
    if (rel === "." || rel.split(/[\\/]/).pop() !== name) return;
    const init = join(rel, "__init__.py");
    let text: string;
    try {
      text = readFileSync(join(root, init), "utf8");
    } catch {
      return;
    }
    if (/^(application\s*(:[^=\n]*)?=|from\s+\S+\s+import\s+[^\n]*\bapplication\b)/m.test(text)) found.push(init);
  });
  return found;
}
