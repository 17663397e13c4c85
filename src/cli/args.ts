import { parseArgs } from "node:util";
import { splitFolders } from "../ask/frontend-choice.js";
import { splitNames, splitPackages } from "../ask/packages.js";
import { UserError } from "../errors.js";
import { BESIDE_DEFAULT, type DockerFiles, parseDockerFiles } from "../model/docker-files.js";
import type { CliOptions } from "../model/options.js";

export const HELP = `Usage: create-django-docker [dir] [options]

Writes a Dockerfile, docker-entrypoint.sh and .dockerignore for the Django
project in dir (default: the current folder). Re-running updates them and
never overwrites your own edits without asking.

Options:
  -y, --yes                  accept detected values and defaults; no prompts
      --settings MODULE      the settings module the image uses (e.g. mysite.settings)
      --python-version 3.X   the Python version of the base image
      --dependencies FILE|KIND
                             where the requirements come from (a requirements
                             file, or a kind: requirements, pyproject, setup.py,
                             setup.cfg, poetry, uv, pipenv)
      --extras "A,B"         extras (optional dependencies) to install; "" for none
      --groups "A,B"         dependency groups to install (Poetry, uv, PEP 735,
                             Pipfile categories); "" for none
      --build-packages "A B" Debian packages for the build stages (compilers, -dev headers)
      --runtime-packages "A B"
                             Debian packages for the final image (shared libraries)
      --healthcheck PATH     add a HEALTHCHECK that requests this URL path
      --frontend DIR|none    the folder of the package.json to build ("." for the
                             root), or none for no front-end stage
      --frontend-script NAME the package.json script that builds the assets;
                             "" to install only (static finders read node_modules)
      --node-version N       the Node major version of the front-end stage
      --frontend-output DIR  a folder the front-end build writes (asked when nothing
                             says); repeatable, "" for none
      --build-step CMD       a management command run at build, before
                             collectstatic (e.g. "manage.py rebuild"); repeatable
      --existing replace|beside|keep
                             when the project has Docker files of its own: replace
                             them (yours kept as Dockerfile.orig...), write ours
                             beside them (Dockerfile.django), or keep them and
                             write nothing (what --yes does)
      --dockerfile NAME      write ours beside theirs under this name (implies beside)
      --compose, --no-compose
                             write (or not) compose.yaml, stack.yaml and .env.example
                             for the whole stack (default: when there is more than web)
      --dry-run              show what would change (as diffs); write nothing
      --json                 with --dry-run: print the plan as JSON
      --force                overwrite generated files even if you edited them
      --check                write nothing; exit 1 if a generated file is missing or out of date,
                             or if installing the project would lose files the site needs
      --debug                show stack traces for errors
  -h, --help                 show this help
  -v, --version              show the version

Without a terminal, or with --yes, --dry-run or --check, nothing is asked:
detected values are used, and a question without one is an error naming
the flag that answers it. Several Django projects under dir: pass the
folder of the one to use as dir.

Environment: NO_COLOR=1 turns colours off; CREATE_DJANGO_DOCKER_PYTHON is
the Python that reads the project (default: python3, then python).

Exit codes: 0 done, 1 a problem to fix (the message says what), 130 cancelled.`;

/** --existing and --dockerfile as one answer; --dockerfile alone means beside. */
function dockerFilesFlag(existing: string | undefined, dockerfile: string | undefined): DockerFiles | undefined {
  if (existing === undefined && dockerfile === undefined) return undefined;
  if (dockerfile !== undefined && existing !== undefined && existing !== "beside") {
    throw new UserError(
      `--dockerfile names the file written beside yours, so it goes with --existing beside, not ${existing}.`,
    );
  }
  const kind = existing ?? "beside";
  if (!["replace", "beside", "keep"].includes(kind))
    throw new UserError(`--existing ${kind}: expected replace, beside or keep.`, "See `create-django-docker --help`.");
  try {
    return parseDockerFiles(kind === "beside" ? `beside ${dockerfile ?? BESIDE_DEFAULT}` : kind);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`--dockerfile ${error.message}`, "Give a file name such as Dockerfile.django.");
  }
}

export type Parsed = { kind: "help" } | { kind: "version" } | { kind: "run"; options: CliOptions };

export function parseCli(argv: string[]): Parsed {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by the parseArgs call it is assigned from
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        yes: { type: "boolean", short: "y", default: false },
        settings: { type: "string" },
        "python-version": { type: "string" },
        dependencies: { type: "string" },
        extras: { type: "string" },
        groups: { type: "string" },
        "build-packages": { type: "string" },
        "runtime-packages": { type: "string" },
        healthcheck: { type: "string" },
        frontend: { type: "string" },
        "frontend-script": { type: "string" },
        "node-version": { type: "string" },
        "frontend-output": { type: "string", multiple: true },
        "build-step": { type: "string", multiple: true },
        existing: { type: "string" },
        dockerfile: { type: "string" },
        compose: { type: "boolean" },
        "no-compose": { type: "boolean" },
        "dry-run": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        debug: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    throw new UserError((error as Error).message, "See `create-django-docker --help`.");
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (positionals.length > 1) {
    throw new UserError(
      `Expected one project folder, got ${positionals.length}: ${positionals.join(" ")}.`,
      "See `create-django-docker --help`.",
    );
  }
  if (values.compose && values["no-compose"]) {
    throw new UserError("--compose and --no-compose contradict each other.", "Pass one of them.");
  }
  if (values.json && !values["dry-run"]) {
    throw new UserError("--json prints the plan without writing, so it needs --dry-run.", "Run with --dry-run --json.");
  }
  return {
    kind: "run",
    options: {
      dir: positionals[0] ?? ".",
      yes: values.yes,
      settings: values.settings,
      pythonVersion: values["python-version"],
      dependencies: values.dependencies,
      extras: values.extras === undefined ? undefined : splitNames(values.extras),
      groups: values.groups === undefined ? undefined : splitNames(values.groups),
      buildPackages: values["build-packages"] === undefined ? undefined : splitPackages(values["build-packages"]),
      runtimePackages: values["runtime-packages"] === undefined ? undefined : splitPackages(values["runtime-packages"]),
      healthcheck: values.healthcheck,
      frontend:
        values.frontend === undefined
          ? undefined
          : values.frontend.replace(/^\.\/(?=.)/, "").replace(/\/+$/, "") || ".",
      frontendScript: values["frontend-script"],
      nodeVersion: values["node-version"],
      frontendOutputs: values["frontend-output"] && splitFolders(values["frontend-output"].join(" ")),
      buildSteps: values["build-step"],
      dockerFiles: dockerFilesFlag(values.existing, values.dockerfile),
      compose: values.compose ? true : values["no-compose"] ? false : undefined,
      dryRun: values["dry-run"],
      json: values.json,
      force: values.force,
      check: values.check,
      debug: values.debug,
    },
  };
}
