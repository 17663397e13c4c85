import * as p from "@clack/prompts";
import { UserError } from "../errors.js";
import type { DependencyFacts } from "../inspect/dependency-sources.js";
import type { Facts } from "../inspect/index.js";
import type { CliOptions } from "../model/options.js";
import { STATE_FILE } from "../model/state-file.js";
import { type DependencySelection, selectedSource } from "./defaults.js";
import { type PromptIO, unlessCancelled } from "./index.js";

type Part = "extras" | "groups";

/** Optional parts for developing, not for a production image: not worth a question (a flag still installs them). */
const DEVELOPMENT_WORDS = [
  "dev|develop|development|tests?|testing|docs?|documentation",
  "lint|linting|linters?|typing|types|mypy|format|formatting|style",
  "qa|ci|coverage|debug|bench|benchmarks?",
].join("|");
const DEVELOPMENT_ONLY = new RegExp(`^(${DEVELOPMENT_WORDS})([-_.].*)?$`, "i");
/** Optional parts holding what a production image runs (the server, the database driver): chosen unless refused. */
export const PRODUCTION = /^(main|prod|production|deploy|deployment|web|webserver|server|servers|wsgi|asgi)$/i;
const FLAG: Record<Part, string> = { extras: "--extras", groups: "--groups" };
const WHAT: Record<Part, string> = { extras: "extra", groups: "dependency group" };

/** The names given (by a flag or remembered) must be ones the source declares. */
function checked(source: DependencyFacts, part: Part, names: string[], from: "flag" | "remembered"): string[] {
  const known = Object.keys(source.optional[part]);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length === 0) return names;
  const subject =
    from === "flag" ? `${FLAG[part]} ${names.join(",")}` : `${STATE_FILE} remembers ${part}=${names.join(" ")}`;
  throw new UserError(
    `${subject}: ${source.file} declares no ${WHAT[part]} ${unknown.join(", ")}.`,
    known.length > 0
      ? `It declares: ${known.join(", ")}.`
      : `It declares no ${WHAT[part]}s; ${from === "flag" ? `leave out ${FLAG[part]}` : "delete that line"}.`,
  );
}

/**
 * Where the requirements come from, and which optional parts of it the image
 * installs: --dependencies / --extras / --groups, else what was remembered,
 * else asked (a choice only when there is one to make), else the detected
 * source with nothing optional.
 */
export async function askDependencies(
  facts: Facts,
  options: CliOptions,
  io: PromptIO,
  remembered: Partial<DependencySelection>,
): Promise<DependencySelection & { why: string }> {
  const streams = { input: io.input, output: io.output };
  const { sources, detected } = facts.dependencies;

  // A flag answers the question: a stale remembered answer then does not matter.
  if (
    !options.dependencies &&
    remembered.dependencies !== undefined &&
    !sources.some((s) => s.file === remembered.dependencies)
  ) {
    throw new UserError(
      `${STATE_FILE} remembers dependencies=${remembered.dependencies}, ` +
        "which is not a dependency source of this project any more.",
      `Sources found: ${sources.map((s) => s.file).join(", ")}. Fix or delete that line, or pass --dependencies.`,
    );
  }
  let file = facts.packaging.file;
  let why = facts.packaging.why;
  if (!options.dependencies) {
    const initial = remembered.dependencies ?? detected;
    file =
      io.interactive && sources.length > 1
        ? unlessCancelled(
            await p.select({
              ...streams,
              message: "Where should the image's requirements come from?",
              options: sources.map((s) => ({
                value: s.file,
                label: s.file,
                hint: s.file === detected ? `recommended: ${s.why.split(";")[0]}` : undefined,
              })),
              initialValue: initial,
            }),
          )
        : initial;
    if (file !== detected)
      why = file === remembered.dependencies ? `your answer, remembered in ${STATE_FILE}` : "your choice";
  }
  const source = selectedSource(facts, { dependencies: file });

  // Extras and groups: a flag, else asked with the remembered ones ticked,
  // else the remembered ones (when they were chosen from this same source).
  const rememberedHere = (remembered.dependencies ?? detected) === file;
  const chosen: Record<Part, string[]> = { extras: [], groups: [] };
  const offer: Array<{ part: Part; name: string }> = [];
  for (const part of ["extras", "groups"] as const) {
    const flag = options[part];
    if (flag !== undefined) {
      chosen[part] = checked(source, part, flag, "flag");
      continue;
    }
    if (rememberedHere && remembered[part] !== undefined)
      chosen[part] = checked(source, part, remembered[part]!, "remembered");
    else chosen[part] = Object.keys(source.optional[part]).filter((name) => PRODUCTION.test(name));
    offer.push(...Object.keys(source.optional[part]).map((name) => ({ part, name })));
  }
  // Asked only when something beyond development tooling is on offer; then
  // everything is listed, development parts included.
  if (io.interactive && offer.some((o) => !DEVELOPMENT_ONLY.test(o.name))) {
    const picked = unlessCancelled(
      await p.multiselect({
        ...streams,
        message: `Optional dependencies in ${source.file} to install too?`,
        options: offer.map((o) => ({
          value: `${o.part}:${o.name}`,
          label: o.name,
          hint: `${WHAT[o.part]}: ${summarise(source.optional[o.part][o.name] ?? [])}`,
        })),
        initialValues: offer.filter((o) => chosen[o.part].includes(o.name)).map((o) => `${o.part}:${o.name}`),
        required: false,
      }),
    );
    for (const part of new Set(offer.map((o) => o.part))) {
      chosen[part] = picked.filter((v) => v.startsWith(`${part}:`)).map((v) => v.slice(part.length + 1));
    }
  }
  const byDefault = (["extras", "groups"] as const).flatMap((part) =>
    options[part] === undefined && !(rememberedHere && remembered[part] !== undefined)
      ? chosen[part].filter((n) => PRODUCTION.test(n))
      : [],
  );
  if (byDefault.length > 0) {
    const say = byDefault.length > 1 ? "their names say" : "its name says";
    why = `${why}; ${byDefault.join(", ")} chosen by default: ${say} production`;
  }
  return { dependencies: file, extras: chosen.extras, groups: chosen.groups, why };
}

function summarise(requirements: string[]): string {
  const names = requirements.map((r) => r.split(/[\s;<>=!~[]/)[0]);
  if (names.length === 0) return "nothing listed";
  return names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
}
