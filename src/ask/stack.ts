import type { Facts } from "../inspect/index.js";
import { detectStack } from "../inspect/processes.js";
import { type DependencySelection, selectedRequirements, selectedSource } from "./defaults.js";

/**
 * Whether a compose file is worth writing unasked: the project runs more
 * than web, or needs a service, and has no compose file of its own
 * (`docker compose` would read ours first and change what it starts).
 */
export function deriveCompose(
  facts: Facts,
  answers: DependencySelection & { settingsModule: string },
): { value: boolean; what: string } {
  const source = selectedSource(facts, answers);
  const { processes, services } = detectStack(facts, answers.settingsModule, selectedRequirements(source, answers));
  const parts = [...new Set(["web", ...processes.map((p) => p.role), ...services.map((s) => s.kind)])];
  const own = facts.stack.ownComposeFiles[0];
  return { value: parts.length > 1 && !own, what: own ? `${parts.join(", ")}; you have ${own}` : parts.join(", ") };
}
