import * as p from "@clack/prompts";
import { type PromptIO, unlessCancelled } from "../ask/index.js";
import type { SafeFixes } from "../inspect/packaging-findings.js";
import { countFixes } from "./packaging-report.js";

/**
 * Asks before making the safe packaging fixes. They are made with the
 * generated files, at the end, so a later Ctrl-C still leaves the project
 * untouched.
 */
export async function confirmPackagingFixes(fixes: SafeFixes, io: PromptIO): Promise<boolean> {
  return unlessCancelled(
    await p.confirm({
      input: io.input,
      output: io.output,
      message: `Make these packaging fixes? (${countFixes(fixes)})`,
      initialValue: true,
    }),
  );
}
