import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SafeFixes } from "./packaging-findings.js";

const MANIFEST = "MANIFEST.in";
const MANIFEST_COMMENT = "# Added by create-django-docker: files the installed package needs at run time.";

export interface FixWrite {
  path: string;
  content: string;
  mode: number;
}

/**
 * MANIFEST.in with the lines after what it already says: later lines win in
 * a manifest template, so they hold even after an earlier prune or exclude.
 */
export function manifestWithLines(current: string | null, lines: string[]): string {
  const head = !current ? "" : current.endsWith("\n") ? current : `${current}\n`;
  return `${head}${MANIFEST_COMMENT}\n${lines.map((line) => `${line}\n`).join("")}`;
}

/**
 * The files the safe fixes write in `root`: the missing __init__.py files
 * (empty) and MANIFEST.in with the lines appended (created if need be).
 * Both only add: nothing the project has is changed or removed, which is
 * why --yes may make them.
 */
export function safeFixWrites(root: string, fixes: SafeFixes): FixWrite[] {
  const writes: FixWrite[] = fixes.initFiles
    .filter((file) => !existsSync(join(root, file)))
    .map((path) => ({ path, content: "", mode: 0o644 }));
  if (fixes.manifestLines.length > 0) {
    const path = join(root, MANIFEST);
    const current = existsSync(path) ? readFileSync(path, "utf8") : null;
    const mode = current === null ? 0o644 : statSync(path).mode & 0o777;
    writes.push({ path: MANIFEST, content: manifestWithLines(current, fixes.manifestLines), mode });
  }
  return writes;
}
