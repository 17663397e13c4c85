import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SafeFixes } from "../inspect/packaging-findings.js";
import { applyWrites, type Write } from "./apply.js";

const MANIFEST = "MANIFEST.in";
const MANIFEST_COMMENT = "# Added by create-django-docker: files the installed package needs at run time.";

/**
 * MANIFEST.in with the lines after what it already says: later lines win in
 * a manifest template, so they hold even after an earlier prune or exclude.
 */
export function manifestWithLines(current: string | null, lines: string[]): string {
  const head = !current ? "" : current.endsWith("\n") ? current : `${current}\n`;
  return `${head}${MANIFEST_COMMENT}\n${lines.map((line) => `${line}\n`).join("")}`;
}

/**
 * Creates the missing __init__.py files (empty) and appends the lines to
 * MANIFEST.in, creating it if need be. Both only add: nothing the project
 * has is changed or removed, which is why --yes may make them. All are
 * written together, through temporary files, as the generated files are.
 */
export async function applySafeFixes(root: string, fixes: SafeFixes): Promise<void> {
  const writes: Write[] = fixes.initFiles.filter((file) => !existsSync(join(root, file))).map((path) => ({ path, content: "", mode: 0o644 }));
  if (fixes.manifestLines.length > 0) {
    const path = join(root, MANIFEST);
    const current = existsSync(path) ? readFileSync(path, "utf8") : null;
    const mode = current === null ? 0o644 : statSync(path).mode & 0o777;
    writes.push({ path: MANIFEST, content: manifestWithLines(current, fixes.manifestLines), mode });
  }
  await applyWrites(root, writes);
}
