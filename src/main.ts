import * as p from "@clack/prompts";
import type { Writable } from "node:stream";
import { ask, unlessCancelled, type PromptIO } from "./ask/index.js";
import { conflictPrompt } from "./ask/conflicts.js";
import { answersToRemember, readRemembered } from "./ask/remembered.js";
import { HELP, parseCli } from "./cli/args.js";
import { coloursFor, unifiedDiff } from "./cli/diff.js";
import type { CliOptions } from "./cli/options.js";
import { changeLine, reportOutcomes } from "./cli/outcomes.js";
import { describe } from "./cli/summary.js";
import { CancelledError, UserError } from "./errors.js";
import { inspect } from "./inspect/index.js";
import { locateProject } from "./inspect/project.js";
import { templatesDir, toolVersion } from "./paths.js";
import { makePlan, type Plan } from "./plan/index.js";
import { render } from "./render/index.js";
import { planChanges, proposedContent, writeChanges, type FileChange, type Outcome } from "./write/index.js";
import { readState } from "./write/state.js";

export interface MainIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

const defaultIO: MainIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

const EXIT_OK = 0;
const EXIT_PROBLEM = 1;
const EXIT_CANCELLED = 130;

/** The whole run: inspect -> ask -> plan -> render -> write. Returns the exit code. */
export async function main(argv: string[], io: MainIO = defaultIO): Promise<number> {
  let debug = argv.includes("--debug");
  // With --json, stdout carries only the JSON; everything for people goes to stderr.
  let out: Writable & { isTTY?: boolean } = argv.includes("--json") ? io.stderr : io.stdout;
  try {
    const parsed = parseCli(argv);
    if (parsed.kind === "help") {
      io.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    if (parsed.kind === "version") {
      io.stdout.write(`${toolVersion}\n`);
      return EXIT_OK;
    }
    debug = parsed.options.debug;
    return await run(parsed.options, io, out);
  } catch (error) {
    if (error instanceof CancelledError) {
      p.cancel("Cancelled: nothing was written.", { output: out });
      return EXIT_CANCELLED;
    }
    if (error instanceof UserError) {
      const c = coloursFor(out);
      const parts = [c.red(`Error: ${error.message}`)];
      if (error.detail) parts.push(c.dim(error.detail.split("\n").map((l) => `  ${l}`).join("\n")));
      if (error.hint) parts.push(error.hint);
      parts.push("Nothing was written.");
      out.write(`${parts.join("\n")}\n`);
      if (debug && error.stack) out.write(`${error.stack}\n`);
      return EXIT_PROBLEM;
    }
    const err = error as Error;
    out.write(`Unexpected error: ${err.message}\n${debug ? `${err.stack}\n` : "Run again with --debug for details, and please report it.\n"}`);
    return EXIT_PROBLEM;
  }
}

async function run(options: CliOptions, io: MainIO, out: Writable & { isTTY?: boolean }): Promise<number> {
  const interactive = !options.yes && !options.dryRun && !options.check && !!io.stdin.isTTY && !!io.stdout.isTTY;
  const promptIO: PromptIO = { input: io.stdin as unknown as PromptIO["input"], output: out, interactive };
  const c = coloursFor(out);
  const quiet = options.json;
  const log = quiet ? () => {} : (message: string) => p.log.message(message, { output: out });

  if (!quiet) p.intro(`create-django-docker ${toolVersion}`, { output: out });

  // Read before inspecting: a remembered settings module may lie where the search does not look.
  const state = readState(locateProject(options.dir).root);
  const spin = interactive ? p.spinner({ output: out }) : null;
  spin?.start("Reading the project (running Python)");
  let facts;
  try {
    facts = await inspect(options.dir, { settingsModule: options.settings ?? state.answers.settingsModule });
  } finally {
    spin?.stop("Read the project");
  }

  const answers = await ask(facts, options, promptIO, readRemembered(state.answers));
  const plan = makePlan(facts, answers, toolVersion);
  const rendered = render(plan, templatesDir);
  const changes = planChanges(facts.root, rendered, state);

  if (options.json) {
    io.stdout.write(`${JSON.stringify(planJson(plan, changes), null, 2)}\n`);
    return EXIT_OK;
  }

  if (!quiet) p.note(describe(facts, plan, !!options.settings), "Detected", { output: out });
  for (const warning of plan.warnings) p.log.warn(warning, { output: out });
  log(changes.map((ch) => changeLine(ch, c)).join("\n"));

  const pending = changes.filter((ch) => ch.action !== "identical" && ch.action !== "edited");
  if (options.dryRun || options.check) {
    for (const ch of pending) out.write(`${unifiedDiff(ch.path, ch.current, proposedContent(ch), c)}\n\n`);
    if (options.check) {
      if (pending.length === 0) {
        p.outro("Generated files are up to date.", { output: out });
        return EXIT_OK;
      }
      p.outro(`Out of date: ${pending.map((ch) => ch.path).join(", ")}. Run create-django-docker to update them.`, { output: out });
      return EXIT_PROBLEM;
    }
    p.outro(pending.length === 0 ? "Dry run: everything is up to date." : "Dry run: nothing was written.", { output: out });
    return EXIT_OK;
  }

  if (interactive && pending.length > 0) {
    const go = unlessCancelled(await p.confirm({ input: promptIO.input, output: out, message: "Write these files?", initialValue: true }));
    if (!go) throw new CancelledError();
  }

  const memory = { version: toolVersion, answers: answersToRemember(facts, answers) };
  const outcomes = await writeChanges(facts.root, changes, state, memory, {
    force: options.force,
    resolveConflict: interactive ? conflictPrompt(promptIO) : null,
  });
  return finish(outcomes, plan, out);
}

function finish(outcomes: Outcome[], plan: Plan, out: Writable): number {
  const needsAttention = reportOutcomes(outcomes, out);
  const tag = plan.context.imageName;
  p.outro(
    `Next:\n  docker build -t ${tag} .\n  docker run --rm -p ${plan.context.port}:${plan.context.port} -e DJANGO_SECRET_KEY=change-me ${tag}`,
    { output: out },
  );
  return needsAttention ? EXIT_PROBLEM : EXIT_OK;
}

function planJson(plan: Plan, changes: FileChange[]) {
  return {
    ...plan.summary,
    warnings: plan.warnings,
    files: changes.map((ch) => ({ path: ch.path, action: ch.action })),
  };
}
