import type { SafeFixes } from "../inspect/packaging-findings.js";
import { safeFixWrites } from "../inspect/packaging-fixes.js";
import { applyWrites } from "./apply.js";

/** Makes the safe packaging fixes in the project, all together, through temporary files as the generated files are. */
export async function applySafeFixes(root: string, fixes: SafeFixes): Promise<void> {
  await applyWrites(root, safeFixWrites(root, fixes));
}
