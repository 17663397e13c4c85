import { notableOptional } from "../plan/environment.js";
import type { Plan } from "../plan/index.js";
import { hanging } from "./wrap.js";

/** clack's outro starts its first line after this many columns; the rest line up with it. */
const OUTRO_INDENT = "   ";

function dataWhere(plan: Plan): string {
  return [plan.data.sqlite?.where, plan.data.media?.where].filter(Boolean).join(", ");
}

/**
 * The commands to run next, ready to paste: build, then run with a `-e` for
 * each variable the settings need (and only those: a variable the settings
 * never read would only mislead), each explained below the commands.
 */

const OTHER_DATABASE = " Or pass DATABASE_URL to use another database.";
export function nextSteps(plan: Plan, columns: number | undefined): string {
  const { imageName: tag, port, settingsModule, dockerfileFlag, dataDir, dataVolume, dataKept } = plan.context;
  const { pass, optional } = plan.environment;
  // Explanations wrap to 80 columns when the output is not a terminal; commands stay whole there.
  const room = (columns ?? 80) - OUTRO_INDENT.length;
  const nameWidth = Math.max(0, ...pass.map((e) => e.name.length)) + 2;
  const volume = dataDir ? `-v ${dataVolume}:${dataDir} ` : "";
  const run = [
    "docker run --rm",
    `-p ${port}:${port}`,
    ...(volume ? [volume.trim()] : []),
    ...pass.map((e) => `-e ${e.name}=${e.value ?? "..."}`),
    tag,
  ];
  const lines = [`  docker build ${dockerfileFlag}-t ${tag} .`, ...shellLines(run, columns ? room : Infinity, "  ")];
  if (dataDir)
    lines.push(
      ...hanging(
        "",
        `${volume.trim()} keeps ${dataKept} (${dataWhere(plan)}), which the settings put in the project's folder, ` +
          `read-only in the image.${plan.data.sqlite?.databaseUrl ? OTHER_DATABASE : ""}`,
        room,
      ),
    );
  if (pass.length > 0)
    lines.push(
      pass.some((e) => e.value === undefined)
        ? "What each -e is for (replace each ... with a value):"
        : "What each -e is for:",
    );
  for (const e of pass) lines.push(...hanging(`  ${e.name.padEnd(nameWidth)}`, `${e.why} (${e.where})`, room));
  const { shown, more } = notableOptional(optional);
  const others =
    more > 0
      ? `${more} ${shown.length > 0 ? "other" : "variable"}${more === 1 ? "" : "s"} (all listed by --dry-run --json)`
      : "";
  const listed = [shown.join(", "), others].filter(Boolean).join(" and ");
  if (optional.length > 0) lines.push(...hanging("", `${settingsModule} also reads, with fallbacks: ${listed}.`, room));
  // Not when compose.yaml is the project's own: `docker compose up` would start that one.
  if (plan.stack.compose && plan.stack.ownCompose !== "compose.yaml") {
    lines.push("Or the whole stack, with the values in .env:", "  docker compose up -d --build");
  }
  return ["Next:", ...lines.map((line) => `${OUTRO_INDENT}${line}`)].join("\n");
}

/**
 * A command's parts (an option with its value is one part) on lines of at most `room`
 * columns, each line but the last ending in ` \\`, so that it still pastes into a shell
 * whole. A part longer than a line stays whole.
 */
export function shellLines(parts: string[], room: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const part of parts) {
    if (line && `${line} ${part} \\`.length > room) {
      lines.push(`${line} \\`);
      line = `${indent}  ${part}`;
    } else line = line ? `${line} ${part}` : `${indent}${part}`;
  }
  return [...lines, line];
}
