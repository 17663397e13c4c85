import * as p from "@clack/prompts";
import { coloursFor, unifiedDiff } from "../cli/diff.js";
import type { FileChange, Resolution } from "../write/index.js";
import { unlessCancelled, type PromptIO } from "./index.js";

/** Shows how a file the user edited would change, and asks what to do with it. */
export function conflictPrompt(io: PromptIO): (change: FileChange) => Promise<Resolution> {
  return async (change) => {
    const colours = coloursFor(io.output as { isTTY?: boolean });
    p.log.warn(`${change.path} was edited since create-django-docker wrote it. The new version differs:`, { output: io.output });
    io.output.write(`${unifiedDiff(change.path, change.current, change.content, colours)}\n`);
    return unlessCancelled(
      await p.select<Resolution>({
        input: io.input,
        output: io.output,
        message: `What should happen to ${change.path}?`,
        initialValue: "keep",
        options: [
          { value: "keep", label: "Keep mine", hint: "leave the file as it is" },
          { value: "new", label: `Write ${change.path}.new beside it`, hint: "compare and merge by hand" },
          { value: "overwrite", label: "Overwrite", hint: "your edit is lost" },
        ],
      }),
    );
  };
}
