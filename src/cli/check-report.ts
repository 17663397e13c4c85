import type { PackagingCheck } from "../inspect/packaging-check.js";
import { blocks, type FileChange } from "../write/index.js";
import { hasLosses } from "./packaging-report.js";

type Problem = (changes: FileChange[]) => string | null;

const paths = (changes: FileChange[]) => changes.map((ch) => ch.path).join(", ");

/** What --check reports about the generated files, one entry per kind of problem, each with what to do. */
const FILE_PROBLEMS: Problem[] = [
  (changes) => {
    const stale = changes.filter(
      (ch) =>
        ch.action === "create" ||
        ch.action === "update" ||
        (ch.action === "conflict" && ch.merge?.kind !== "unresolved"),
    );
    return stale.length > 0 ? `Out of date: ${paths(stale)}. Run create-django-docker to update them.` : null;
  },
  (changes) => {
    const marked = changes.filter((ch) => ch.action === "conflict" && ch.merge?.kind === "unresolved");
    return marked.length > 0
      ? `Unresolved conflict markers in ${paths(marked)}: resolve each <<<<<<< ... >>>>>>> block, ` +
          "then run create-django-docker again."
      : null;
  },
  (changes) => {
    const theirs = changes.filter(blocks);
    return theirs.length > 0
      ? `${paths(theirs)}: the project's own, not written by create-django-docker, where it would write its own. ` +
          `Move ${theirs.length > 1 ? "them" : "it"} away, or name ours with --dockerfile NAME.`
      : null;
  },
  (changes) => {
    const replaced = changes.filter((ch) => ch.action === "replace");
    return replaced.length > 0
      ? `A run would replace the project's own ${paths(replaced)} ` +
          `(keeping ${replaced.map((ch) => ch.keptAs?.path).join(", ")}).`
      : null;
  },
];

/** Every problem --check finds; empty when all is well. */
export function checkProblems(changes: FileChange[], packaging: PackagingCheck): string[] {
  return [
    ...FILE_PROBLEMS.map((problem) => problem(changes)).filter((p): p is string => p !== null),
    ...(!packaging.ok ? ["What installing the project keeps could not be checked: see above."] : []),
    ...(packaging.ok && hasLosses(packaging)
      ? ["Installing the project would lose files the site needs: see the packaging report above."]
      : []),
  ];
}

/** What --check says when it finds nothing: only what was checked. */
export function checkPassed(changes: FileChange[], packaging: PackagingCheck): string {
  const files =
    changes.length > 0
      ? "Generated files are up to date"
      : "No generated files to check (the project's own Docker files are kept)";
  if (!packaging.ok) return `${files}.`;
  if (packaging.skipped) return `${files}. The packaging check was skipped: ${packaging.skipped}.`;
  return `${files}, and installing the project loses nothing.`;
}
