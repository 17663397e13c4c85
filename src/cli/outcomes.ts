import type { Writable } from "node:stream";
import * as p from "@clack/prompts";
import { blocks, type FileChange, isIgnoreFile, type Outcome } from "../write/index.js";
import { MARKER_LABELS, type MergeAttempt } from "../write/merge.js";
import type { Colours } from "./diff.js";
import { wrapForLog } from "./wrap.js";

/** What a conflict comes to, by what merging it would give: said beside the file and when it is kept. */
const CONFLICT_NOTE: Record<MergeAttempt["kind"], string> = {
  clean: "your edits merge cleanly with the update",
  overlap: "your edits overlap the update",
  unresolved: "it still has conflict markers from a merge",
  "no-base": "you edited it, and the version you edited is not remembered, so it cannot be merged",
};

const KEPT_HINT: Record<MergeAttempt["kind"], string> = {
  clean: "Run create-django-docker again to merge, or use --force to replace it.",
  overlap:
    "Run create-django-docker in a terminal to merge (conflict markers show where), or use --force to replace it.",
  unresolved: "Resolve them (look for <<<<<<< and >>>>>>>), or use --force to replace the file.",
  "no-base": "Run create-django-docker in a terminal to compare, or use --force to replace it.",
};

/** One line of the list shown before writing: what will happen to the file, and why for a conflict. */
export function changeLine(change: FileChange, c: Colours): string {
  const label = change.action.padEnd(9);
  const coloured =
    change.action === "create" || change.action === "update" || change.action === "replace"
      ? c.green(label)
      : change.action === "conflict"
        ? c.red(label)
        : c.dim(label);
  const note = change.merge
    ? ` ${c.dim(`(${CONFLICT_NOTE[change.merge.kind]})`)}`
    : change.action === "edited"
      ? ` ${c.dim("(your edits; nothing new to merge)")}`
      : change.action === "foreign"
        ? ` ${c.dim(`(the project's own: create-django-docker did not write it; kept${usedBy(change.path)})`)}`
        : change.keptAs
          ? ` ${c.dim(`(the project's own, kept as ${change.keptAs.path})`)}`
          : "";
  return `${coloured} ${change.path}${note}`;
}

const usedBy = (path: string) => (isIgnoreFile(path) ? ", and the build uses it" : "");

/**
 * Says what happened to every file that needed something, and returns
 * whether the user still has something to do (an edited file kept out of
 * date, or conflict markers to resolve): the run then exits 1 so CI notices.
 */
export function reportOutcomes(outcomes: Outcome[], out: Writable & { columns?: number }): boolean {
  const log = {
    success: (text: string) => p.log.success(wrapForLog(text, out.columns), { output: out }),
    info: (text: string) => p.log.info(wrapForLog(text, out.columns), { output: out }),
    warn: (text: string) => p.log.warn(wrapForLog(text, out.columns), { output: out }),
  };
  const by = (resolution: Outcome["resolution"]) => outcomes.filter((o) => o.resolution === resolution);
  const written = by("overwrite");
  const merged = by("merge");
  const beside = by("new");
  const kept = by("keep").filter((o) => o.change.action !== "foreign");
  const theirs = by("keep").filter((o) => blocks(o.change));
  const theirIgnore = by("keep").filter((o) => o.change.action === "foreign" && !blocks(o.change));
  const replaced = by("replace");
  if (theirs.length > 0) {
    for (const o of theirs) {
      log.warn(
        `${o.change.path} is the project's own: create-django-docker did not write it. Nothing was written. ` +
          "Move it away, or write ours under another name with --dockerfile NAME.",
      );
    }
    return true;
  }
  if (outcomes.length === 0) {
    // Nothing was planned (the project's own Docker files are kept): said before.
  } else if (outcomes.every((o) => o.resolution === null)) {
    log.success("Everything was already up to date: nothing rewritten.");
  } else if (written.length > 0) {
    log.success(`Wrote ${written.map((o) => o.change.path).join(", ")}.`);
  }
  for (const o of theirIgnore) {
    log.info(
      isIgnoreFile(o.change.path)
        ? `Kept the project's own ${o.change.path}: the build uses it as it is.`
        : `Kept the project's own ${o.change.path}: create-django-docker did not write it, ` +
            "and writes none over it (--dry-run shows ours).",
    );
  }
  for (const o of replaced) {
    log.success(
      `Replaced the project's own ${o.change.path} with create-django-docker's; ` +
        `the old one is kept as ${o.change.keptAs?.path}.`,
    );
  }
  for (const o of outcomes.filter((o) => o.change.action === "edited" && o.resolution === null)) {
    log.info(`${o.change.path} keeps your edits: there is nothing new to merge into it.`);
  }
  const withMarkers = merged.filter((o) => o.change.merge?.kind === "overlap");
  for (const o of merged.filter((o) => o.change.merge?.kind === "clean")) {
    log.success(
      `Merged the update into your edited ${o.change.path}: your edits are kept. ` +
        `Review it with \`git diff ${o.change.path}\`.`,
    );
  }
  for (const o of withMarkers) {
    log.warn(
      `Merged the update into ${o.change.path} with conflict markers where your edits overlap it: ` +
        `resolve each <<<<<<< ${MARKER_LABELS.mine} ... >>>>>>> ${MARKER_LABELS.theirs} block, then build.`,
    );
  }
  for (const o of beside)
    log.info(`Wrote ${o.change.path}.new beside your edited ${o.change.path}: merge them by hand.`);
  for (const o of kept) {
    const kind = o.change.merge?.kind ?? "no-base";
    log.warn(`Kept your edited ${o.change.path}, not updated: ${CONFLICT_NOTE[kind]}. ${KEPT_HINT[kind]}`);
  }
  return kept.length > 0 || withMarkers.length > 0;
}
