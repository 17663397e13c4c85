import type { Readable, Writable } from "node:stream";
import * as p from "@clack/prompts";
import { CancelledError, UserError } from "../errors.js";
import { unreadableError } from "../inspect/django.js";
import type { Facts } from "../inspect/index.js";
import { type DockerFiles, STANDARD } from "../model/docker-files.js";
import type { CliOptions } from "../model/options.js";
import { STATE_FILE } from "../model/state-file.js";
import {
  type DependencySelection,
  derivePythonVersion,
  deriveSettingsModule,
  deriveSystemPackages,
} from "./defaults.js";
import { askDependencies } from "./dependencies.js";
import { askDockerFiles } from "./docker-files.js";
import { chooseFrontend, splitFolders } from "./frontend-choice.js";
import { splitPackages } from "./packages.js";
import { rememberedOr } from "./remembered.js";
import { deriveCompose } from "./stack.js";

export interface Answers extends DependencySelection {
  settingsModule: string;
  pythonVersion: string;
  /** Debian packages in the build stages only (compilers, -dev headers). */
  buildPackages: string[];
  /** Debian packages in the final image (shared libraries compiled code loads). */
  runtimePackages: string[];
  /** URL path the image's HEALTHCHECK requests; null for none. */
  healthcheck: string | null;
  /** The folder of the package.json the image builds, or "none". */
  frontend: string;
  /** Its script; "" for install only (or no front end). */
  frontendScript: string;
  /** The front-end stage's Node major version ("" without a front end). */
  nodeVersion: string;
  /** Folders its build writes, relative to the root, that the static stage takes. */
  frontendOutputs: string[];
  /** Management commands run at build before collectstatic. */
  buildSteps: string[];
  /** Our files at the usual names, or beside / instead of the project's own (see DockerFiles). */
  dockerFiles: DockerFiles;
  /** Write compose.yaml, stack.yaml and .env.example (and a first .env). */
  compose: boolean;
}

/** Where an answer came from (a flag, the project, the user), shown beside it in the summary; not remembered. */
export type Reasons = Record<"settingsModule" | "pythonVersion" | "dependencies" | "dockerFiles", string>;

export interface PromptIO {
  input: Readable;
  output: Writable;
  /** False: never prompt (--yes, or no terminal). */
  interactive: boolean;
}

export function unlessCancelled<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) throw new CancelledError();
  return value as Exclude<T, symbol>;
}

const PYTHON_VERSION = /^3\.\d+$/;

/**
 * The answers to every question: from flags, remembered from the last run,
 * derived from facts, or asked. The remembered answers are passed in, so
 * that asking never reads the disk.
 */
export async function ask(
  facts: Facts,
  options: CliOptions,
  io: PromptIO,
  remembered: Partial<Answers> = {},
): Promise<Answers & { why: Reasons }> {
  const streams = { input: io.input, output: io.output };
  const notes: string[] = [];

  let settingsModule = options.settings;
  const why: Reasons = {
    settingsModule: "from --settings",
    pythonVersion: "from --python-version",
    dependencies: "",
    dockerFiles: "",
  };
  if (!settingsModule) {
    const derived = rememberedOr(remembered.settingsModule, deriveSettingsModule(facts));
    if (derived?.certain || (derived && !io.interactive)) {
      settingsModule = derived.value;
      why.settingsModule = derived.why;
      if (!derived.certain)
        notes.push(`Settings module: chose ${derived.value} (${derived.why}); pass --settings to change it.`);
    } else if (io.interactive && facts.django.candidates.length > 0) {
      why.settingsModule = "your choice";
      settingsModule = unlessCancelled(
        await p.select({
          ...streams,
          message: "Which settings module should the image use? (manage.py sets no default)",
          options: facts.django.candidates.map((c) => ({ value: c, label: c })),
          initialValue: derived?.value,
        }),
      );
    } else if (io.interactive) {
      why.settingsModule = "your answer";
      settingsModule = unlessCancelled(
        await p.text({
          ...streams,
          message: "Which settings module should the image use? (none was found)",
          placeholder: "mysite.settings",
          initialValue: derived?.value,
          validate: (v) =>
            v && /^[A-Za-z_][\w.]*$/.test(v) ? undefined : "A dotted module path, e.g. mysite.settings",
        }),
      );
    } else {
      throw new UserError(
        "No Django settings module was found, and manage.py sets no DJANGO_SETTINGS_MODULE.",
        "Pass it with --settings, e.g. --settings mysite.settings.",
      );
    }
  }
  // A broken settings file is reported now, before any further question is asked for nothing.
  const broken = facts.django.unreadable[settingsModule];
  if (broken) throw unreadableError(broken);
  if (!(settingsModule in facts.django.modules)) {
    const source =
      !options.settings && settingsModule === remembered.settingsModule ? ` (remembered in ${STATE_FILE})` : "";
    throw new UserError(
      `The settings module ${settingsModule}${source} was not found under ` +
        `${facts.root}${facts.appDir === "." ? "" : `/${facts.appDir}`}.`,
      facts.django.candidates.length > 0
        ? `Settings modules found: ${facts.django.candidates.join(", ")}. Pass one with --settings.`
        : "Pass the dotted path of your settings module with --settings.",
    );
  }

  let pythonVersion = options.pythonVersion;
  if (pythonVersion && !PYTHON_VERSION.test(pythonVersion)) {
    throw new UserError(
      `--python-version ${pythonVersion} is not a Python minor version.`,
      "Give it as 3.X, e.g. --python-version 3.12.",
    );
  }
  if (!pythonVersion) {
    if (remembered.pythonVersion !== undefined && !PYTHON_VERSION.test(remembered.pythonVersion)) {
      throw new UserError(
        `${STATE_FILE} remembers pythonVersion=${remembered.pythonVersion}, which is not a Python minor version.`,
        "Fix or delete that line, or pass --python-version.",
      );
    }
    const derived = rememberedOr(remembered.pythonVersion, derivePythonVersion(facts));
    why.pythonVersion = derived.certain || !io.interactive ? derived.why : "your answer";
    pythonVersion =
      derived.certain || !io.interactive
        ? derived.value
        : unlessCancelled(
            await p.text({
              ...streams,
              message: "Which Python version should the image use?",
              initialValue: derived.value,
              validate: (v) => (v && PYTHON_VERSION.test(v) ? undefined : "A minor version such as 3.12"),
            }),
          );
  }

  const selection = await askDependencies(facts, options, io, remembered);
  why.dependencies = selection.why;
  const needs = deriveSystemPackages(facts, selection);

  const healthcheck = options.healthcheck ?? remembered.healthcheck ?? null;
  if (healthcheck !== null && !/^\/[A-Za-z0-9._~/-]*$/.test(healthcheck)) {
    const source =
      options.healthcheck === undefined
        ? `${STATE_FILE} remembers healthcheck=${healthcheck}, which`
        : `--healthcheck ${healthcheck}`;
    throw new UserError(
      `${source} is not a URL path.`,
      "Give the path the check requests, e.g. --healthcheck /healthz.",
    );
  }

  // The question itself comes after the Detected summary (askAfterSummary), which shows the processes and services.
  const compose = options.compose ?? remembered.compose ?? deriveCompose(facts, { settingsModule, ...selection }).value;
  const frontend = await askFrontend(facts, settingsModule, options, io, remembered);

  for (const note of notes) p.log.info(note, { output: io.output });
  return {
    settingsModule,
    pythonVersion,
    dependencies: selection.dependencies,
    extras: selection.extras,
    groups: selection.groups,
    buildPackages: options.buildPackages ?? remembered.buildPackages ?? needs.build,
    runtimePackages: options.runtimePackages ?? remembered.runtimePackages ?? needs.runtime,
    healthcheck,
    ...frontend,
    buildSteps: options.buildSteps ?? remembered.buildSteps ?? [],
    dockerFiles: options.dockerFiles ?? remembered.dockerFiles ?? STANDARD,
    compose,
    why,
  };
}

/** The front end from flags, then memory, then detection; asked: where the build writes, when nothing says. */
async function askFrontend(
  facts: Facts,
  settingsModule: string,
  options: CliOptions,
  io: PromptIO,
  remembered: Partial<Answers>,
): Promise<Pick<Answers, "frontend" | "frontendScript" | "nodeVersion" | "frontendOutputs">> {
  const dir = options.frontend ?? remembered.frontend;
  const source = (flag: string | undefined, key: string) =>
    flag !== undefined ? `--${key}` : `${STATE_FILE} remembers ${key}`;
  if (dir !== undefined && dir !== "none" && !facts.frontends.some((f) => f.dir === dir)) {
    const found = facts.frontends.map((f) => f.dir);
    throw new UserError(
      `${source(options.frontend, "frontend")} ${dir}: no package.json there.`,
      found.length > 0
        ? `package.json found in: ${found.join(", ")}. Pass one of them, or none.`
        : "No package.json was found in the project; pass --frontend none.",
    );
  }
  const nodeVersion = options.nodeVersion ?? remembered.nodeVersion;
  if (nodeVersion !== undefined && nodeVersion !== "" && !/^\d+$/.test(nodeVersion)) {
    throw new UserError(
      `${source(options.nodeVersion, "node-version")} ${nodeVersion} is not a Node major version.`,
      "Give it as a number, e.g. --node-version 22.",
    );
  }
  const outputs = options.frontendOutputs ?? remembered.frontendOutputs;
  const choice = {
    frontend: dir,
    frontendScript: options.frontendScript ?? remembered.frontendScript,
    nodeVersion: nodeVersion || undefined,
    frontendOutputs: outputs,
  };
  const pkg = dir && dir !== "none" ? facts.frontends.find((f) => f.dir === dir) : undefined;
  if (pkg && choice.frontendScript && pkg.scripts[choice.frontendScript] === undefined) {
    throw new UserError(
      `${source(options.frontendScript, "frontend-script")} ${choice.frontendScript}: ` +
        `${dir === "." ? "" : `${dir}/`}package.json has no such script.`,
      `Its scripts: ${Object.keys(pkg.scripts).join(", ") || "none"}. Pass one, or "" to install only.`,
    );
  }
  let chosen = chooseFrontend(facts, settingsModule, choice);
  if (chosen?.script && chosen.outputsUnknown && outputs === undefined && io.interactive) {
    const answer = unlessCancelled(
      await p.text({
        input: io.input,
        output: io.output,
        message:
          `Where does ${chosen.dir === "." ? "" : `${chosen.dir}/`}package.json's ${chosen.script} script write? ` +
          "Nothing says. Folders from the project root, space-separated; " +
          "each replaces the project's before collectstatic (empty: none)",
        initialValue: chosen.outputs.join(" "),
        placeholder: "static/dist",
        validate: (v) => {
          try {
            splitFolders(v ?? "");
            return undefined;
          } catch {
            return "Folders inside the project, e.g. static/dist";
          }
        },
      }),
    );
    chosen = chooseFrontend(facts, settingsModule, { ...choice, frontendOutputs: splitFolders(answer ?? "") });
  }
  return {
    frontend: chosen?.dir ?? "none",
    frontendScript: chosen?.script ?? "",
    nodeVersion: chosen?.nodeVersion ?? "",
    frontendOutputs: chosen?.script ? chosen.outputs.filter((o) => !o.split("/").includes("node_modules")) : [],
  };
}

/**
 * The questions best answered with the Detected summary in front of the
 * user: the Debian packages (the summary says what is compiled) and what
 * to do with Docker files the project already has. Asked after it; without
 * prompts, the defaults ask() already filled in stand.
 */
export async function askAfterSummary(
  facts: Facts,
  options: CliOptions,
  io: PromptIO,
  answers: Answers & { why: Reasons },
  remembered: Partial<Answers> = {},
): Promise<Answers & { why: Reasons }> {
  const streams = { input: io.input, output: io.output };
  const needs = deriveSystemPackages(facts, answers);
  const askList = async (message: string, initial: string[]): Promise<string[]> =>
    splitPackages(
      unlessCancelled(await p.text({ ...streams, message, initialValue: initial.join(" "), placeholder: "none" })) ??
        "",
    );
  let { buildPackages, runtimePackages } = answers;
  if (io.interactive && needs.compiled.length > 0 && !options.buildPackages) {
    buildPackages = await askList(
      `${needs.compiled.join(", ")} will be compiled. Debian packages for the build stages?`,
      remembered.buildPackages ?? needs.build,
    );
  }
  if (io.interactive && (needs.compiled.length > 0 || needs.runtime.length > 0) && !options.runtimePackages) {
    runtimePackages = await askList(
      "Debian packages the final image needs at run time?",
      remembered.runtimePackages ?? needs.runtime,
    );
  }
  let { compose } = answers;
  const composeDefault = deriveCompose(facts, answers);
  // Asked only when there is more than web: a compose file of one service adds little (--compose writes it).
  if (options.compose === undefined && remembered.compose === undefined && io.interactive && composeDefault.value) {
    compose = unlessCancelled(
      await p.confirm({
        ...streams,
        message: `Write compose.yaml for the whole stack (${composeDefault.what})?`,
        initialValue: composeDefault.value,
      }),
    );
  }
  const docker = await askDockerFiles(facts, options, io, remembered.dockerFiles);
  return {
    ...answers,
    buildPackages,
    runtimePackages,
    compose,
    dockerFiles: docker.dockerFiles,
    why: { ...answers.why, dockerFiles: docker.why },
  };
}
