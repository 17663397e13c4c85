import type { Plan } from "../plan/index.js";
import { hanging } from "./wrap.js";

/** clack's outro starts its first line after this many columns; the rest line up with it. */
const OUTRO_INDENT = "   ";

/**
 * The commands to run next, ready to paste: build, then run with a `-e` for
 * each variable the settings need (and only those: a variable the settings
 * never read would only mislead), each explained below the commands.
 */
export function nextSteps(plan: Plan, width: number): string {
  const { imageName: tag, port, settingsModule } = plan.context;
  const { pass, optional } = plan.environment;
  const room = width - OUTRO_INDENT.length;
  const nameWidth = Math.max(0, ...pass.map((e) => e.name.length)) + 2;
  const lines = [
    `  docker build -t ${tag} .`,
    `  docker run --rm -p ${port}:${port} ${pass.map((e) => `-e ${e.name}=... `).join("")}${tag}`,
  ];
  if (pass.length > 0) lines.push("Replace each ... with a value:");
  for (const e of pass) lines.push(...hanging(`  ${e.name.padEnd(nameWidth)}`, `${e.why} (${e.where})`, room));
  if (optional.length > 0) lines.push(...hanging("", `${settingsModule} also reads, with fallbacks: ${optional.join(", ")}.`, room));
  if (plan.stack.compose) {
    lines.push("Or the whole stack, with the values in .env:", "  docker compose up -d --build");
  }
  return ["Next:", ...lines.map((line) => `${OUTRO_INDENT}${line}`)].join("\n");
}
