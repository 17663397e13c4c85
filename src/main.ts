import * as p from "@clack/prompts";
import type { Writable } from "node:stream";
import { ask, unlessCancelled, type PromptIO } from "./ask/index.js";
import { conflictPrompt } from "./ask/conflicts.js";
import { chooseProject } from "./ask/project.js";
import { answersToRemember, readRemembered } from "./ask/remembered.js";
import { HELP, parseCli } from "./cli/args.js";
import { coloursFor, unifiedDiff, wantsColour } from "./cli/diff.js";
import { nextSteps } from "./cli/next-steps.js";
import type { CliOptions } from "./cli/options.js";
import { changeLine, reportOutcomes } from "./cli/outcomes.js";
import { withoutColour } from "./cli/plain-output.js";
import { withSpinner } from "./cli/spinner.js";
import { describe, NOTE_MARGIN } from "./cli/summary.js";
import { CancelledError, UserError, userErrorFromSystem } from "./errors.js";
import { inspect } from "./inspect/index.js";
import { findProjects, locateProject } from "./inspect/project.js";
import { assertWritable } from "./inspect/writable.js";
import { templatesDir, toolVersion } from "./paths.js";
import { makePlan, type Plan } from "./plan/index.js";
import { render } from "./render/index.js";
import { planChanges, proposedContent, writeChanges, type FileChange, type Outcome } from "./write/index.js";
import { readState } from "./write/state.js";

/** Where people-facing output goes; columns when it is a terminal. */
type Output = Writable & { isTTY?: boolean; columns?: number };

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
  let out: Output = argv.includes("--json") ? io.stderr : io.stdout;
  if (!wantsColour(out)) out = withoutColour(out);
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
    const problem = error instanceof UserError ? error : userErrorFromSystem(error);
    if (problem) {
      const c = coloursFor(out);
      const parts = [c.red(`Error: ${problem.message}`)];
      if (problem.detail) parts.push(c.dim(problem.detail.split("\n").map((l) => `  ${l}`).join("\n")));
      if (problem.hint) parts.push(problem.hint);
      parts.push("Nothing was written.");
      out.write(`${parts.join("\n")}\n`);
      // The original error's stack, for a system error: where it really happened.
      if (debug) out.write(`${(error as Error).stack}\n`);
      return EXIT_PROBLEM;
    }
    const err = error as Error;
    out.write(`Unexpected error: ${err.message}\n${debug ? `${err.stack}\n` : "Run again with --debug for details, and please report it.\n"}`);
    return EXIT_PROBLEM;
  }
}

async function run(options: CliOptions, io: MainIO, out: Output): Promise<number> {
  const promptsWanted = !options.yes && !options.dryRun && !options.check;
  const terminal = !!io.stdin.isTTY && !!io.stdout.isTTY;
  const interactive = promptsWanted && terminal;
  const promptIO: PromptIO = { input: io.stdin as unknown as PromptIO["input"], output: out, interactive };
  const c = coloursFor(out);
  const quiet = options.json;
  const log = quiet ? () => {} : (message: string) => p.log.message(message, { output: out });

  if (!quiet) p.intro(`create-django-docker ${toolVersion}`, { output: out });
  if (!quiet && promptsWanted && !terminal) {
    p.log.info("No terminal to ask questions in: using detected values and defaults, as --yes does.", { output: out });
  }

  // Which project is a question when there are several, so it is asked
  // before the (slow) inspection of the chosen one.
  const found = findProjects(options.dir);
  const project = await chooseProject(found, promptIO);
  // Read before inspecting: a remembered settings module may lie where the search does not look.
  const state = readState(locateProject(found.start, project).root);
  const read = () => inspect(options.dir, { settingsModule: options.settings ?? state.answers.settingsModule, project });
  const facts = interactive ? await withSpinner(out, "Reading the project (running Python)", "Read the project", read) : await read();

  const answers = await ask(facts, options, promptIO, readRemembered(state.answers));
  const plan = makePlan(facts, answers, toolVersion);
  const rendered = render(plan, templatesDir);
  const changes = planChanges(facts.root, rendered, state);

  if (options.json) {
    io.stdout.write(`${JSON.stringify(planJson(plan, changes), null, 2)}\n`);
    return EXIT_OK;
  }

  if (!quiet) p.note(describe(facts, plan, answers, (out.columns ?? 80) - NOTE_MARGIN), "Detected", { output: out });
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

  if (pending.length > 0) assertWritable(facts.root);
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

function finish(outcomes: Outcome[], plan: Plan, out: Output): number {
  const needsAttention = reportOutcomes(outcomes, out);
  p.outro(nextSteps(plan, out.columns ?? 80), { output: out });
  return needsAttention ? EXIT_PROBLEM : EXIT_OK;
}

function planJson(plan: Plan, changes: FileChange[]) {
  return {
    ...plan.summary,
    warnings: plan.warnings,
    files: changes.map((ch) => ({ path: ch.path, action: ch.action })),
  };
}
