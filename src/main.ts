import type { Writable } from "node:stream";
import * as p from "@clack/prompts";
import { KEPT_BY_DEFAULT } from "./ask/docker-files.js";
import { ask, askAfterSummary, type PromptIO, unlessCancelled } from "./ask/index.js";
import { chooseProject } from "./ask/project.js";
import { answersToRemember, readRemembered } from "./ask/remembered.js";
import { HELP, parseCli } from "./cli/args.js";
import { checkPassed, checkProblems } from "./cli/check-report.js";
import { conflictPrompt } from "./cli/conflict-prompt.js";
import { coloursFor, unifiedDiff, wantsColour } from "./cli/diff.js";
import { nextSteps } from "./cli/next-steps.js";
import { changeLine, reportOutcomes } from "./cli/outcomes.js";
import { confirmPackagingFixes } from "./cli/packaging-fixes-prompt.js";
import { describeFixes, hasLosses, hasSafeFixes, leftToDo, packagingReport } from "./cli/packaging-report.js";
import { withoutColour } from "./cli/plain-output.js";
import { withSpinner } from "./cli/spinner.js";
import { describe, NOTE_MARGIN } from "./cli/summary.js";
import { wrapForLog } from "./cli/wrap.js";
import { CancelledError, UserError, userErrorFromSystem } from "./errors.js";
import { inspect } from "./inspect/index.js";
import { checkPackaging, type PackagingCheck, skippedPackagingCheck } from "./inspect/packaging-check.js";
import { findProjects, locateProject } from "./inspect/project.js";
import { assertWritable } from "./inspect/writable.js";
import { BESIDE_DEFAULT } from "./model/docker-files.js";
import type { CliOptions } from "./model/options.js";
import { templatesDir, toolVersion } from "./paths.js";
import { makePlan, type Plan } from "./plan/index.js";
import { findPython } from "./python/run.js";
import { compileTemplates, render } from "./render/index.js";
import { filesPutInPlace, writesUnderWay } from "./write/apply.js";
import { firstEnvWrites, writeFirstEnv } from "./write/first-env.js";
import { type FileChange, type Outcome, planChanges, proposedContent, writeChanges } from "./write/index.js";
import { applySafeFixes } from "./write/packaging-fixes.js";
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
  // Ctrl-C at a prompt is a key the prompt answers; anywhere else it is a
  // SIGINT, which would end the process without a word. Caught for the
  // whole run, it cancels with the same line and exit code (the writes
  // themselves finish or undo their own step: see applyWrites).
  const interrupt = listenForInterrupt();
  const writtenBefore = filesPutInPlace();
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
    return await Promise.race([run(parsed.options, io, out), interrupt.cancelled]);
  } catch (error) {
    if (error instanceof CancelledError) {
      p.cancel(
        filesPutInPlace() > writtenBefore
          ? "Cancelled after the files were written."
          : "Cancelled: nothing was written.",
        { output: out },
      );
      return EXIT_CANCELLED;
    }
    const problem = error instanceof UserError ? error : userErrorFromSystem(error);
    if (problem) {
      const c = coloursFor(out);
      const parts = [c.red(`Error: ${problem.message}`)];
      if (problem.detail)
        parts.push(
          c.dim(
            problem.detail
              .split("\n")
              .map((l) => `  ${l}`)
              .join("\n"),
          ),
        );
      if (problem.hint) parts.push(problem.hint);
      parts.push("Nothing was written.");
      out.write(`${parts.join("\n")}\n`);
      // The original error's stack, for a system error: where it really happened.
      if (debug) out.write(`${(error as Error).stack}\n`);
      return EXIT_PROBLEM;
    }
    const err = error as Error;
    const details = debug ? `${err.stack}\n` : "Run again with --debug for details, and please report it.\n";
    out.write(`Unexpected error: ${err.message}\n${details}`);
    return EXIT_PROBLEM;
  } finally {
    interrupt.stop();
  }
}

/** A promise that rejects with CancelledError at the first SIGINT, until stopped. */
function listenForInterrupt(): { cancelled: Promise<never>; stop: () => void } {
  let onInterrupt = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    // Mid-write, applyWrites hears the same signal and removes its temporary
    // files (or finishes renaming) before it reports the cancel itself.
    onInterrupt = () => {
      if (!writesUnderWay()) reject(new CancelledError());
    };
  });
  // Never left unhandled: a run that ends first leaves it pending, then stopped.
  cancelled.catch(() => {});
  process.on("SIGINT", onInterrupt);
  return { cancelled, stop: () => process.off("SIGINT", onInterrupt) };
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
  const read = () =>
    inspect(options.dir, {
      settingsModule: options.settings ?? state.answers.settingsModule,
      project,
      dependencies: options.dependencies,
      recorded: Object.keys(state.generated),
    });
  // The templates compile while Python works (once its jobs are sent), not after its answers.
  findPython().then(
    () => setImmediate(() => compileTemplates(templatesDir)),
    () => {},
  );
  const facts = interactive
    ? await withSpinner(out, "Reading the project (running Python)", "Read the project", read, io.stdin)
    : await read();

  const remembered = readRemembered(state.answers);
  const first = await ask(facts, options, promptIO, remembered);
  // The summary comes before the questions that need it in front of the user.
  if (!quiet)
    p.note(describe(facts, makePlan(facts, first, toolVersion), first, (out.columns ?? 80) - NOTE_MARGIN), "Detected", {
      output: out,
    });
  const answers = await askAfterSummary(facts, options, promptIO, first, remembered);
  const plan = makePlan(facts, answers, toolVersion);
  const rendered = render(plan, templatesDir);
  const changes = planChanges(facts.root, rendered, state, answers.dockerFiles.kind === "replace");

  if (options.json) {
    io.stdout.write(`${JSON.stringify(planJson(plan, changes), null, 2)}\n`);
    return EXIT_OK;
  }

  const keepTheirs = answers.dockerFiles.kind === "keep";
  if (keepTheirs) p.log.info(wrapForLog(keptTheirs(facts.foreignDockerFiles), out.columns), { output: out });
  const skipped = skippedPackagingCheck(facts) ?? (keepTheirs ? KEPT_THEIRS_CHECK : null);
  const check = () => checkPackaging(facts.python, facts.root, dockerignoreUsed(changes, plan, options.force));
  const packaging =
    skipped ??
    (interactive
      ? await withSpinner(
          out,
          "Checking what installing the project keeps (running setuptools)",
          "Checked what installing the project keeps",
          check,
          io.stdin,
        )
      : await check());

  for (const warning of [...plan.warnings, ...lineEndingWarnings(changes)])
    p.log.warn(wrapForLog(warning, out.columns), { output: out });
  (hasLosses(packaging) ? p.log.warn : p.log.success)(wrapForLog(packagingReport(packaging, c), out.columns), {
    output: out,
  });
  const fixes = packaging.ok && hasSafeFixes(packaging.fixes) ? packaging.fixes : null;
  if (changes.length > 0) log(wrapForLog(changes.map((ch) => changeLine(ch, c)).join("\n"), out.columns));

  const pending = changes.filter(
    (ch) => ch.action !== "identical" && ch.action !== "edited" && ch.action !== "foreign",
  );
  if (options.dryRun || options.check) {
    for (const ch of pending) out.write(`${unifiedDiff(ch.path, ch.current, proposedContent(ch), c)}\n\n`);
    if (fixes) log(`With --yes, create-django-docker would ${describeFixes(fixes, "todo")}.`);
    const env = plan.firstEnv ? firstEnvWrites(facts.root, plan.firstEnv).said : [];
    if (env.length > 0 && !options.check) log(`Would also write ${env.join("; ")}.`);
    if (options.check) {
      const problems = checkProblems(changes, packaging);
      p.outro(problems.length > 0 ? problems.join("\n") : checkPassed(changes, packaging), { output: out });
      return problems.length > 0 ? EXIT_PROBLEM : EXIT_OK;
    }
    p.outro(
      changes.length === 0
        ? "Dry run: nothing would be written."
        : pending.length === 0
          ? "Dry run: everything is up to date."
          : "Dry run: nothing was written.",
      { output: out },
    );
    return EXIT_OK;
  }

  // Without prompts, the project's own files are kept and nothing at all is
  // written; an answer (or --existing keep) is remembered.
  if (keepTheirs && answers.why.dockerFiles === KEPT_BY_DEFAULT) {
    p.outro("Nothing was written.", { output: out });
    return EXIT_OK;
  }
  // Made only when asked for (or with --yes): they change the project's own files.
  const makeFixes = !!fixes && (options.yes || (interactive && (await confirmPackagingFixes(fixes, promptIO))));
  if (pending.length > 0 || makeFixes) assertWritable(facts.root);
  if (interactive && pending.length > 0) {
    const go = unlessCancelled(
      await p.confirm({ input: promptIO.input, output: out, message: "Write these files?", initialValue: true }),
    );
    if (!go) throw new CancelledError();
  }

  const memory = { version: toolVersion, answers: answersToRemember(facts, answers) };
  const outcomes = await writeChanges(facts.root, changes, state, memory, {
    force: options.force,
    resolveConflict: interactive ? conflictPrompt(promptIO) : null,
  });
  if (makeFixes) {
    await applySafeFixes(facts.root, fixes);
    p.log.success(`Packaging: ${describeFixes(fixes, "done")}.`, { output: out });
  }
  if (plan.firstEnv) {
    const said = await writeFirstEnv(facts.root, plan.firstEnv);
    if (said.length > 0) p.log.success(wrapForLog(`Wrote ${said.join("; ")}.`, out.columns), { output: out });
  }
  const stillLost = packagingLeft(packaging, makeFixes, out);
  return Math.max(finish(outcomes, plan, out), stillLost ? EXIT_PROBLEM : EXIT_OK);
}

/**
 * The .dockerignore the image's build will use after a run without prompts
 * (as writeChanges decides): an edit is kept, or cleanly merged, unless
 * --force replaces it.
 */
function dockerignoreUsed(changes: FileChange[], plan: Plan, force: boolean): string {
  const path = plan.files.find((f) => f.template === "dockerignore.hbs")?.path;
  const change = changes.find((ch) => ch.path === path);
  if (!change) return "";
  if (force || change.current === null) return change.content;
  if (change.action === "edited" || change.action === "foreign") return change.current;
  if (change.action === "conflict") return change.merge?.kind === "clean" ? change.merge.content : change.current;
  return change.content;
}

/**
 * An entrypoint with Windows line endings (git's core.autocrlf on Windows)
 * stays on disk as it is unless the run rewrites it, and no container can
 * run it: the shell reads "/bin/sh\r". The lasting fix is git's.
 */
function lineEndingWarnings(changes: FileChange[]): string[] {
  return changes
    .filter((ch) => ch.crlf && ch.mode & 0o111 && ch.action !== "update")
    .map(
      (ch) =>
        `${ch.path} has Windows (CRLF) line endings: no container can run it ("/bin/sh^M: not found"). ` +
        `Add the line \`${ch.path} text eol=lf\` to .gitattributes, ` +
        `then check the file out again (rm ${ch.path} && git checkout -- ${ch.path}).`,
    );
}

/** Says what the image would still lose, and what to do about it; true when anything is. */
function packagingLeft(packaging: PackagingCheck, fixed: boolean, out: Writable): boolean {
  if (!packaging.ok) return false;
  const left = fixed ? packaging.afterFixes : packaging.findings;
  if (left.length === 0) return false;
  const todo = leftToDo(packaging.afterFixes);
  const safe =
    !fixed && hasSafeFixes(packaging.fixes)
      ? [`run with --yes (or answer yes) to ${describeFixes(packaging.fixes, "todo")}`]
      : [];
  p.log.warn(
    wrapForLog(
      `The image would still lose files the site needs. To do:\n${bullets([...safe, ...todo])}`,
      (out as Output).columns,
    ),
    { output: out },
  );
  return true;
}

function finish(outcomes: Outcome[], plan: Plan, out: Output): number {
  const needsAttention = reportOutcomes(outcomes, out);
  p.outro(plan.files.length > 0 ? nextSteps(plan, out.columns) : "Nothing of create-django-docker's was written.", {
    output: out,
  });
  return needsAttention ? EXIT_PROBLEM : EXIT_OK;
}

/** The packaging check does not apply: no image of ours is described. */
const KEPT_THEIRS_CHECK: PackagingCheck = {
  ok: true,
  findings: [],
  fixes: { initFiles: [], manifestLines: [] },
  afterFixes: [],
  skipped: "the project's own Docker files are kept, and create-django-docker writes none",
};

/** Says that nothing of ours is written, and how to get it. */
function keptTheirs(foreign: string[]): string {
  const these = foreign.length > 0 ? `the project's own ${foreign.join(", ")}` : "the project's own Docker files";
  return (
    `Keeping ${these}: create-django-docker writes nothing over ${foreign.length === 1 ? "it" : "them"}. ` +
    `To get ours beside ${foreign.length === 1 ? "it" : "them"}, run it again with --existing beside ` +
    `(writes ${BESIDE_DEFAULT}; build with docker build -f ${BESIDE_DEFAULT} .), ` +
    "or with --existing replace to replace them (yours kept as *.orig)."
  );
}

function planJson(plan: Plan, changes: FileChange[]) {
  return {
    ...plan.summary,
    environment: plan.environment,
    data: plan.data,
    unsafe: plan.unsafe,
    dockerFiles: plan.files.map((f) => f.path),
    processes: plan.processes,
    services: plan.services,
    warnings: plan.warnings,
    files: changes.map((ch) => ({ path: ch.path, action: ch.action })),
  };
}

/** Items as an indented list, one "  - " line each. */
function bullets(items: string[]): string {
  return items.map((item) => `  - ${item}`).join("\n");
}
