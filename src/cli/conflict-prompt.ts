import * as p from "@clack/prompts";
import { type PromptIO, unlessCancelled } from "../ask/index.js";
import type { FileChange, Resolution } from "../write/index.js";
import type { MergeAttempt } from "../write/merge.js";
import { coloursFor, unifiedDiff } from "./diff.js";

/** Why a merge cannot be offered, for the merges that cannot. */
const NO_MERGE: Partial<Record<MergeAttempt["kind"], string>> = {
  unresolved: "it still has conflict markers from a merge; resolve them to merge again",
  "no-base": "the version it was edited from is not remembered, so it cannot be merged",
};

/**
 * Shows how a file the user edited would change, and asks what to do with
 * it. A merge that would be clean is the preselected answer: it keeps every
 * line the user changed, and it is what --yes does.
 */
export function conflictPrompt(io: PromptIO): (change: FileChange) => Promise<Resolution> {
  return async (change) => {
    const colours = coloursFor(io.output as { isTTY?: boolean });
    const merge = change.merge;
    const noMerge = merge && NO_MERGE[merge.kind];
    const why = noMerge ? ` (${noMerge})` : "";
    p.log.warn(
      `${change.path} was edited since create-django-docker wrote it${why}. Overwriting it would change it like this:`,
      { output: io.output },
    );
    io.output.write(`${unifiedDiff(change.path, change.current, change.content, colours)}\n`);
    const mergeOption =
      merge?.kind === "clean"
        ? [
            {
              value: "merge" as const,
              label: "Merge",
              hint: "your edits and the update touch different lines: both are kept",
            },
          ]
        : merge?.kind === "overlap"
          ? [
              {
                value: "merge" as const,
                label: "Merge with conflict markers",
                hint: "your edits and the update overlap: you resolve the marked places",
              },
            ]
          : [];
    return unlessCancelled(
      await p.select<Resolution>({
        input: io.input,
        output: io.output,
        message: `What should happen to ${change.path}?`,
        initialValue: merge?.kind === "clean" ? "merge" : "keep",
        options: [
          { value: "keep", label: "Keep mine", hint: "leave the file as it is" },
          ...mergeOption,
          { value: "new", label: `Write ${change.path}.new beside it`, hint: "compare and merge by hand" },
          { value: "overwrite", label: "Overwrite", hint: "your edit is lost" },
        ],
      }),
    );
  };
}
