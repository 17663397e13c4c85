import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Python } from "../python/run.js";
import { contextCopyHow, copyBuildContext } from "./build-context.js";
import type { Facts } from "./index.js";
import { listInstalledFiles } from "./installed-files.js";
import { type Finding, findLosses, type SafeFixes, safeFixes } from "./packaging-findings.js";
import { safeFixWrites } from "./packaging-fixes.js";

export type PackagingCheck =
  | {
      ok: true;
      findings: Finding[];
      fixes: SafeFixes;
      /** What is still lost once the safe fixes are made: the changes left to the user. */
      afterFixes: Finding[];
      /** Why the check did not run (the project is not built by setuptools); nothing was found. */
      skipped?: string;
    }
  | { ok: false; detail: string };

/**
 * The check runs setuptools, so it applies to projects built from setup.py;
 * a copied project keeps every file by construction, and other build
 * backends (hatchling...) are not checked yet.
 */
export function skippedPackagingCheck(facts: Pick<Facts, "packaging" | "root">): PackagingCheck | null {
  if (facts.packaging.install === "copy")
    return {
      ok: true,
      findings: [],
      fixes: { initFiles: [], manifestLines: [] },
      afterFixes: [],
      skipped: "the project is copied into the image whole, not installed",
    };
  if (!existsSync(join(facts.root, "setup.py"))) {
    return {
      ok: true,
      findings: [],
      fixes: { initFiles: [], manifestLines: [] },
      afterFixes: [],
      skipped: "it runs setup.py, and this project has none: it is built from pyproject.toml alone",
    };
  }
  return null;
}

/**
 * Compares what installing the project keeps with what its packages hold on
 * disk. Everything happens in a scratch copy of the build context, so the
 * project is never written to. When there are safe fixes, they are made in
 * the copy and the build run again: what the report says they achieve is
 * what they achieved there, not a guess.
 */
export async function checkPackaging(python: Python, root: string, dockerignore: string): Promise<PackagingCheck> {
  const scratch = mkdtempSync(join(tmpdir(), "create-django-docker-packaging-"));
  try {
    const context = join(scratch, "context");
    copyBuildContext(root, dockerignore, context, contextCopyHow(root));
    const before = await listInstalledFiles(python, context, join(scratch, "before"));
    if (!before.ok) return before;
    const findings = findLosses(before.files);
    const fixes = safeFixes(findings);
    if (fixes.initFiles.length + fixes.manifestLines.length === 0)
      return { ok: true, findings, fixes, afterFixes: findings };
    // In the scratch context, as new files: one there may be a hard link to the project's own.
    for (const write of safeFixWrites(context, fixes)) {
      rmSync(join(context, write.path), { force: true });
      writeFileSync(join(context, write.path), write.content, { mode: write.mode });
    }
    const after = await listInstalledFiles(python, context, join(scratch, "after"));
    if (!after.ok) return after;
    return { ok: true, findings, fixes, afterFixes: findLosses(after.files) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
