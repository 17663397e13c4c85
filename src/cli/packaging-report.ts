import type { PackagingCheck } from "../inspect/packaging-check.js";
import type { Finding, FindingKind, SafeFixes } from "../inspect/packaging-findings.js";
import type { Colours } from "./diff.js";

/** What each group means for the running site. */
const TITLES: Record<FindingKind, string> = {
  "not-a-package":
    "Folders of Python modules without __init__.py: not packages, so not installed " +
    "(and Django ignores migrations there)",
  "unlisted-package": "Packages left out of packages=: not installed",
  "not-built":
    "Modules of shipped packages that setuptools' build did not install (made during the build, or a build cut short)",
  "package-data": "Files in the packages that are not installed (templates, static files, fixtures, data)",
  messages: "Translations not installed: the image compiles messages only from the .po files it installs",
  "include-package-data": "include_package_data is off: MANIFEST.in adds nothing to the installed package",
  "excluded-data": "Files MANIFEST.in includes that exclude_package_data leaves out",
  "outside-packages": "Folders outside every package: never installed",
};

/** Paths shown per group: enough to recognise the problem without flooding the terminal. */
const SHOWN = 8;

/** True when the image may lose files: some would be lost, or the check could not tell. */
export function hasLosses(check: PackagingCheck): boolean {
  return !check.ok || check.findings.length > 0;
}

export function hasSafeFixes(fixes: SafeFixes): boolean {
  return fixes.initFiles.length + fixes.manifestLines.length > 0;
}

function group(finding: Finding, includePackageDataOff: boolean, c: Colours): string {
  const lines = [c.bold(TITLES[finding.kind])];
  for (const path of finding.paths.slice(0, SHOWN)) lines.push(`  ${path}`);
  if (finding.paths.length > SHOWN) lines.push(c.dim(`  … and ${finding.paths.length - SHOWN} more`));
  if (finding.initFiles.length > 0) lines.push(`  ${c.green("fix:")} create ${finding.initFiles.join(", ")}`);
  if (finding.manifestLines.length > 0) {
    const when = includePackageDataOff ? " (they count once include_package_data is on)" : "";
    lines.push(
      `  ${c.green("fix:")} add to MANIFEST.in${when}:`,
      ...finding.manifestLines.map((line) => `    ${line}`),
    );
  }
  if (finding.byHand) lines.push(`  ${c.cyan("fix, by hand:")} ${finding.byHand}`);
  return lines.join("\n");
}

/**
 * The part of a Python traceback that is the project's: from setup.py's first
 * frame (run_setup runs it as "<string>") to the error, named setup.py; the
 * tool's own frames before it say nothing to the user. Anything else whole.
 */
export function setupTraceback(detail: string): string {
  const lines = detail.split("\n");
  const first = lines.findIndex((line) => /^\s*File "(<string>|[^"]*setup\.py)"/.test(line));
  if (first < 0) return detail;
  const frames = lines.slice(first).map((line) => line.replace(/File "<string>"/, 'File "setup.py"'));
  return ["Traceback (most recent call last, setup.py's part):", ...frames].join("\n");
}

/** Every finding, grouped, each with its fix; or why the check could not run. */
export function packagingReport(check: PackagingCheck, c: Colours): string {
  if (!check.ok) {
    return (
      "Could not check what installing the project keeps: " +
      "setuptools failed on a copy of the project as docker build would send it. " +
      "The image's pip install runs setuptools on the same files, so it would likely fail too.\n" +
      c.dim(setupTraceback(check.detail))
    );
  }
  if (check.skipped) return `Packaging check skipped: ${check.skipped}.`;
  if (check.findings.length === 0) {
    return "Packaging (setuptools): installing the project keeps every file in its packages.";
  }
  const off = check.findings.some((f) => f.kind === "include-package-data");
  return [
    "Packaging (setuptools): installed as the image installs it, the project would lose files the site needs.",
    ...check.findings.map((f) => group(f, off, c)),
  ].join("\n\n");
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How many safe fixes there are, for a question short enough to read at a glance. */
export function countFixes(fixes: SafeFixes): string {
  const parts: string[] = [];
  if (fixes.initFiles.length > 0)
    parts.push(plural(fixes.initFiles.length, "new __init__.py file", "new __init__.py files"));
  if (fixes.manifestLines.length > 0)
    parts.push(plural(fixes.manifestLines.length, "MANIFEST.in line", "MANIFEST.in lines"));
  return parts.join(", ");
}

const VERBS = {
  todo: { create: "create", add: "add" },
  done: { create: "created", add: "added" },
};

/** The safe fixes in one sentence: to do (for a question), or done (listing the lines added). */
export function describeFixes(fixes: SafeFixes, tense: keyof typeof VERBS): string {
  const verb = VERBS[tense];
  const parts: string[] = [];
  if (fixes.initFiles.length > 0) parts.push(`${verb.create} ${fixes.initFiles.join(", ")}`);
  const n = fixes.manifestLines.length;
  if (n > 0 && tense === "todo") parts.push(`${verb.add} ${plural(n, "line", "lines")} to MANIFEST.in`);
  if (n > 0 && tense === "done") parts.push(`${verb.add} to MANIFEST.in: ${fixes.manifestLines.join("; ")}`);
  return parts.join(" and ");
}

/**
 * What is left once the safe fixes are made: the changes by hand. A finding
 * without one follows from one that has it (data waiting for
 * include_package_data); only on its own is it listed as it stands.
 */
export function leftToDo(afterFixes: Finding[]): string[] {
  const byHand = [...new Set(afterFixes.flatMap((f) => (f.byHand ? [f.byHand] : [])))];
  if (byHand.length > 0 || afterFixes.length === 0) return byHand;
  return afterFixes.map((f) => `${TITLES[f.kind]}: ${f.paths.join(", ")}`);
}
