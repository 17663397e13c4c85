import { toolVersion } from "../paths.js";
import { HELP, parseCli } from "./args.js";

/**
 * What --help and --version print, or null for any other command line (a
 * run, or a usage error, which main reports). The binary asks this small
 * bundle first, so that they answer without loading the rest of the tool.
 */
export function quickAnswer(argv: string[]): string | null {
  try {
    const parsed = parseCli(argv);
    if (parsed.kind === "help") return HELP;
    if (parsed.kind === "version") return toolVersion;
  } catch {
    // A usage error: main says what is wrong.
  }
  return null;
}
