import { basename } from "node:path";
import { selectedRequirements, selectedSource } from "../ask/defaults.js";
import { chooseFrontend } from "../ask/frontend-choice.js";
import type { Answers } from "../ask/index.js";
import type { DependencyFacts, DependencyKind, Recipe } from "../inspect/dependency-sources.js";
import { djangoPython, OLDEST_IMAGE_MINOR } from "../inspect/django-python.js";
import type { Facts } from "../inspect/index.js";
import type { ServiceKind } from "../inspect/processes.js";
import { EDITABLE_VCS } from "../inspect/requirements.js";
import { type DockerPaths, dockerPaths, STANDARD_PATHS } from "../model/docker-files.js";
import { requirementName } from "../model/system-packages.js";
import { UNUSED_SERVERS, unusedServers } from "../model/unused-servers.js";
import { buildEnvAssignments } from "./build-env.js";
import { type RunEnvironment, runEnvironment, SHORT_LIST } from "./environment.js";
import {
  contextlessOutputs,
  continuedLines,
  type FrontendStage,
  frontendSources,
  frontendStage,
  outsideContext,
} from "./frontend.js";
import { gitRequirements } from "./git-requirements.js";
import { type ImageEnv, splitRequiredEnv } from "./image-env.js";
import { dockerRunLines } from "./run-command.js";
import { DATA_DIR, dataKept, type RunData, runData } from "./run-data.js";
import { chooseServer, type Server } from "./server.js";
import { type ComposeContext, composeContext, type EnvLine, planStack, quoteSh, type Role } from "./stack.js";
import { staticRootSet, staticSteps, withoutStaticFiles } from "./static-steps.js";
import { inAppStatic, unreadOutputWarning } from "./unread-output.js";
import { type UnsafeDefault, unsafeDefaults } from "./unsafe-defaults.js";

/** The values the templates read; every decision is made here, not in them. */
export interface TemplateContext {
  toolVersion: string;
  pythonImage: string;
  settingsModule: string;
  /** "module:attribute" the server runs. */
  serverApp: string;
  /** gunicorn --worker-class (uvicorn's for ASGI), or null for the default. */
  workerClass: string | null;
  /** The project's own daphne serves it instead of gunicorn. */
  daphne: boolean;
  /** The project's own granian serves it, with this interface; null otherwise. */
  granian: "asgi" | "wsgi" | null;
  /** Files the dependency stage copies (setup.py and what it reads, requirements files...). */
  declarationFiles: string[];
  /** The declaration the requirements come from, for comments. */
  dependencyFile: string;
  /** The partial (templates/dependencies/) that derives the requirement list. */
  dependencyRecipe: string;
  /** The generated Python file that turns the declaration into requirements, or null (requirements files). */
  requirementsHelper: string | null;
  /** The partial (templates/lock-converters/) that is that file's program. */
  requirementsConverter: string;
  /** The dependency stage copies the whole build context, not only declarationFiles (setup.py needs its package). */
  dependenciesFromContext: boolean;
  /** DEPENDENCY_EXTRAS=/DEPENDENCY_GROUPS= assignments for the converter, with a trailing space ("" for none). */
  optionalEnv: string;
  /** The chosen extras and groups in words, for comments ("" for none). */
  optionalChosen: string;
  /** The list pip installs, relative to /deps in the image. */
  requirementsFile: string;
  /** [build-system] requires, shell-quoted, space-separated ("" for none). */
  buildRequires: string;
  /** pip installs the project (a package); otherwise its source is copied to sourceDir. */
  installProject: boolean;
  /** The helper that builds and installs the project (installProject only). */
  projectHelper: string;
  /** The project's build backend, "module:object", and its backend-path folders: shell-quoted. */
  buildBackend: string;
  backendPath: string;
  sourceDir: string;
  /** The folder on sys.path for a copied project: manage.py's, under sourceDir. */
  importPath: string;
  /** Where the server and the static build steps run: manage.py's folder when the source is in the image, else /app. */
  workdir: string;
  /** manage.py's folder is in the image (a copied project, or one whose settings the package leaves out). */
  sourceInImage: boolean;
  /**
   * For an installed project whose settings module the package does not
   * install (django-oscar's sandbox/, a config/ package beside the app's):
   * the paths copied to sourceDir beside the package, shell-quoted ("" for none).
   */
  siteSources: string;
  /** Throwaway `NAME=value` pairs the build steps that import the settings get ("" for none). */
  buildEnv: string;
  /** Variables the running container needs: the settings cannot be imported without them. */
  requiredEnv: string[];
  /** Variables the image sets (ENV) because they pick the settings file it runs. */
  imageEnv: ImageEnv[];
  /**
   * The install step needs nothing the base image lacks (no compiler, no git): the install
   * runs on the base image, into /usr/local, and the image and the static stage are built on
   * it. Otherwise it runs on build-base, into /install, which the image copies.
   */
  installOnBase: boolean;
  /** Run compilemessages (and install gettext for it) in the static stage: a copied install. */
  compileMessages: boolean;
  /**
   * Run compilemessages in a translations stage of its own (an image built on the install
   * step): gettext installed there is not installed again after a dependency change.
   */
  translationsStage: boolean;
  /** STATIC_ROOT is not set: collectstatic needs one, given at build time only. */
  buildStaticRoot: string | null;
  /** Installed beside the project's requirements (the server), space-separated. */
  serverPackages: string;
  /** Extra package indexes the install stage's pip gets by default, space-separated ("" for none). */
  extraIndexUrls: string;
  /** Where those indexes are named, for the comment. */
  indexesFrom: string;
  /** Requirements installed from git, comma-separated ("" for none): the install stage gets git. */
  gitPackages: string;
  /** A requirements file has `-e git+…` lines: the dependency stage makes them plain installs. */
  editableVcs: boolean;
  /** Requirements the image leaves out (uWSGI: it serves with another server), space-separated names ("" for none). */
  leftOut: string;
  /** Files under /deps the install reads, for the step that takes them out. */
  leftOutFiles: string;
  /** The tag suggested in comments and instructions. */
  imageName: string;
  uid: number;
  port: number;
  /** Debian packages for the build stages, space-separated ("" for none). */
  buildPackages: string;
  /** Debian packages every stage and the final image get, space-separated. */
  runtimePackages: string;
  /** URL path the HEALTHCHECK requests, or null for no HEALTHCHECK. */
  healthcheckPath: string | null;
  /** The front-end stage, or null when nothing is built with Node. */
  frontend: FrontendStage | null;
  /** The management commands the static stage runs, in order, each after django-admin. */
  staticCommands: string[];
  /** Some step of the static stage imports the settings (and needs buildEnv). */
  settingsSteps: boolean;
  /** Folders the front-end stage builds, kept out of the context (a local build must not reach the image). */
  builtOutputs: string[];
  /** The front end's own files, removed from the copied source ("" for none). */
  frontendSources: string;
  /** The entrypoint's file name in the build context (beside the project's own, it has another name). */
  entrypointFile: string;
  /** `-f NAME ` for `docker build` when our Dockerfile is not the default one ("" when it is). */
  dockerfileFlag: string;
  /** The app user's folder that what the settings write inside the project is linked into; null when nothing is. */
  dataDir: string | null;
  /** The generated helper the static stage runs to move them there. */
  dataHelper: string;
  /** The generated script that installs the requirements, reusing the last build's install. */
  installHelper: string;
  /** What dataDir keeps, in words ("the SQLite database and uploads (MEDIA_ROOT)"). */
  dataKept: string;
  /** dataKept names two things ("them"), or one ("it"). */
  dataPlural: boolean;
  dataThem: string;
  /** The named volume suggested for dataDir. */
  dataVolume: string;
  /** The settings read DATABASE_URL, which can point the default database elsewhere. */
  databaseUrl: boolean;
  /** Files git tracks that the local-state patterns would leave out: re-included by name. */
  keptTracked: string[];
  /** Variables the settings read with a fallback, as lines for the entrypoint's header ([] when too many to list). */
  fallbackEnv: string[];
  /** Entrypoint roles besides web and migrate (worker, beat, Procfile lines). */
  roles: Role[];
  /** Variables holding the addresses of services the roles wait for (besides the database). */
  waitFor: string[];
  /** The Procfile's web line serves instead of the generated command. */
  procfileWeb: { command: string; from: string } | null;
  procfileWebExec: string;
  /** The steps left out of the Procfile's web line, which the image runs itself ("migrate and collectstatic"). */
  procfileDropped: string;
  /** compose.yaml and stack.yaml (when written). */
  compose: ComposeContext & {
    healthPath: string;
    appData: { volume: string; dir: string } | null;
    composeVolumes: string[];
  };
  /** .env.example's lines. */
  envLines: (EnvLine & { set: boolean })[];
  /** The header's `docker run` command, as lines of a shell command. */
  runCommand: string[];
  /** What the entrypoint runs, in one line for the Dockerfile's last comment. */
  entrypointSummary: string;
}

export interface PlannedFile {
  path: string;
  template: string;
  mode: number;
}

export interface Plan {
  context: TemplateContext;
  files: PlannedFile[];
  /** Things the user should know about the generated image. */
  warnings: string[];
  /** What `docker run` should be given, from what the settings read. */
  environment: RunEnvironment;
  /** What the site writes inside the project at run time (kept in context.dataDir). */
  data: RunData;
  /** Fallbacks that start the site but are wrong in production (a random SECRET_KEY, DEBUG on). */
  unsafe: UnsafeDefault[];
  summary: {
    settingsModule: string;
    server: { kind: Server["kind"]; app: string; chdir: string };
    dependencies: { kind: DependencyKind; file: string; extras: string[]; groups: string[] };
    pythonVersion: string;
    /** runtimeFiles: files the build writes that the site reads at run time (a stats file, a manifest). */
    frontend: {
      dir: string;
      manager: string;
      script: string | null;
      nodeVersion: string;
      outputs: string[];
      runtimeFiles: string[];
    } | null;
    /** The management commands run at build, in order (compilemessages, compilescss, collectstatic, compress...). */
    staticSteps: string[];
  };
  /** role -> command, as the entrypoint runs it. */
  processes: Record<string, string>;
  /** The backing services the project needs, whether or not a compose file is written. */
  services: ServiceKind[];
  /** Each process and service with where it was found, for the summary. */
  stack: {
    roles: Role[];
    procfileWeb: { command: string; from: string; dropped: string[] } | null;
    services: { kind: ServiceKind; from: string }[];
    compose: boolean;
    ownCompose: string | null;
  };
  /** The env lines whose placeholder the first .env replaces (null: no compose file, no .env). */
  firstEnv: EnvLine[] | null;
}

const APP_UID = 10001;
const PORT = 8000;
/** The app user's home: the writable place, and the working directory when the image holds no source tree. */
const APP_HOME = "/app";
const BUILD_STATIC_ROOT = "/app/staticfiles";
/** Where a project without packaging is copied; the static stage and the final image use the same path. */
const SOURCE_DIR = "/opt/project/src";
/** Middleware that serves collected static files from the Django process. */
const STATIC_SERVERS = ["whitenoise.", "servestatic."];

/** The generated helper that derives the requirement list, when the recipe needs one. */
export const REQUIREMENTS_HELPER = "docker-requirements.py";
/** The generated helper that moves what the site writes in its folder to the data folder, when there is any. */
export const DATA_HELPER = "docker-data.py";
export const INSTALL_HELPER = "docker-install.py";
/** The generated helper that builds the project's wheel and installs it, when the project is a package. */
export const PROJECT_HELPER = "docker-install-project.py";
/** Each recipe's converter (templates/lock-converters/), the helper's program. */
const CONVERTERS: Record<Recipe, string | null> = {
  "egg-info": "requires-txt",
  "egg-info-context": "requires-txt",
  pyproject: "pyproject",
  requirements: null,
  uv: "uv",
  poetry: "poetry",
  pipenv: "pipenv",
};

/** A path relative to manage.py's folder, made relative to the project root for messages. */
export function fromRoot(facts: Facts, file: string): string {
  return facts.appDir === "." ? file : `${facts.appDir}/${file}`;
}

/** A Docker-valid tag from the distribution name. */
export function imageName(distribution: string): string {
  return (
    distribution
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[^a-z0-9]+/, "") || "django-app"
  );
}

/** The last `lines` lines of `text`, indented for a message. */
function indent(text: string, lines: number): string {
  return text
    .split("\n")
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join("\n");
}

/**
 * The Django project's own files an installed package leaves out: when
 * setuptools says which top-level packages it installs and the settings
 * module's is not among them, manage.py's folder (or, when that is the
 * root, the settings' top-level package and manage.py) is copied beside it.
 */
function settingsOutsidePackage(
  facts: Facts,
  settingsModule: string,
  dependencies: DependencyFacts,
): { copy: string[]; installed: string[] } | null {
  const installed =
    dependencies.install === "package"
      ? facts.dependencies.sources.find((s) => s.installedTopLevel)?.installedTopLevel
      : undefined;
  // Empty: setuptools could not say (see topLevelOf); nothing is assumed.
  if (!installed || installed.length === 0 || installed.includes(settingsModule.split(".")[0]!)) return null;
  if (facts.appDir !== ".") return { copy: [facts.appDir], installed };
  const file = facts.django.modules[settingsModule]?.file;
  return file ? { copy: [...new Set([file.split("/")[0]!, "manage.py"])], installed } : null;
}

/**
 * The volume compose mounts where the site writes into its folder (SQLite, uploads), so that they
 * outlive the container.
 */
const APP_DATA_VOLUME = "app-data";
function withAppData(compose: ComposeContext, dataDir: string | null, healthPath: string): TemplateContext["compose"] {
  const appData = dataDir ? { volume: APP_DATA_VOLUME, dir: dataDir } : null;
  // compose.yaml only: on a Swarm the nodes do not share a volume (stack.yaml keeps the services' own).
  return {
    ...compose,
    healthPath,
    appData,
    composeVolumes: appData ? [...compose.volumes, APP_DATA_VOLUME] : compose.volumes,
  };
}

/** Words joined by spaces into lines of at most `width` characters (a longer word gets a line of its own). */
function wrapWords(words: string[], width: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A requirement as one shell word: single-quoted, since markers hold quotes and < >. */
function shellWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The project's own .dockerignore leaves out files our Dockerfile copies (one written for a
 * development image that mounts the code, say): ours goes to Dockerfile.dockerignore, which
 * BuildKit reads instead of .dockerignore when it builds Dockerfile. Theirs stays as it is.
 */
function withOwnIgnoreFile(paths: DockerPaths | null, leftOut: string[], warnings: string[]): DockerPaths | null {
  if (!paths || paths.dockerignore !== STANDARD_PATHS.dockerignore || leftOut.length === 0) return paths;
  const own = `${paths.dockerfile}.dockerignore`;
  warnings.push(
    `The project's .dockerignore leaves out ${andList(leftOut)}, which the image needs: ` +
      `ours is ${own}, which BuildKit reads instead of .dockerignore when it builds ${paths.dockerfile}. ` +
      ".dockerignore stays as it is for the project's other builds.",
  );
  return { ...paths, dockerignore: own };
}

/** Facts + answers -> what to write. Pure: no disk, no prompts. */
export function makePlan(facts: Facts, answers: Answers, toolVersion: string): Plan {
  const { settingsModule } = answers;
  const dependencies = selectedSource(facts, answers);
  // A variable that picks the settings file is set in the image; the others come from docker run.
  const { image: imageEnv, caller: requiredEnv } = splitRequiredEnv(
    facts.requiredEnv[settingsModule] ?? [],
    (read) => `${fromRoot(facts, read.file)}:${read.line}`,
  );
  const warnings: string[] = [];
  const paths = withOwnIgnoreFile(dockerPaths(answers.dockerFiles), facts.leftOutByOwnDockerignore, warnings);

  const staticRoot = facts.django.modules[settingsModule]?.names.STATIC_ROOT;
  const rootSet = staticRootSet(staticRoot);
  const noStaticFiles = withoutStaticFiles(facts.django.modules[settingsModule]?.names ?? {});
  if (!rootSet && !noStaticFiles) {
    warnings.push(
      `${settingsModule} sets no STATIC_ROOT: ` +
        `collectstatic runs at build time with STATIC_ROOT=${BUILD_STATIC_ROOT}, ` +
        "but the running site will not know where the files are. " +
        `Set STATIC_ROOT = BASE_DIR / "staticfiles" in your settings.`,
    );
  }
  const importPath = facts.appDir === "." ? SOURCE_DIR : `${SOURCE_DIR}/${facts.appDir}`;
  const outside = settingsOutsidePackage(facts, settingsModule, dependencies);
  const siteSources = outside?.copy ?? [];
  if (outside) {
    warnings.push(
      `${settingsModule} is not part of what installing the project gives (setuptools installs ` +
        `${outside.installed.join(", ")}): the image installs the package and copies ${siteSources.join(", ")} ` +
        "beside it, read-only, with manage.py's folder on sys.path.",
    );
  }
  const sourceInImage = dependencies.install === "copy" || siteSources.length > 0;
  if (dependencies.declarationOnlyError !== undefined) {
    warnings.push(
      `setup.py egg_info fails with only ${dependencies.declarationFiles.join(", ")}, ` +
        `the files a dependency stage would copy:\n${indent(dependencies.declarationOnlyError, 5)}\n` +
        "so the Dockerfile's dependency stage copies the whole build context to run it. " +
        "The dependency install stays cached while the requirements stay the same, " +
        "but every code change reruns egg_info (seconds). " +
        "To save them, let setup.py and setup.cfg give the metadata without the package's source: " +
        "a literal version rather than an import or `attr:`, and `packages = find:` rather than names.",
    );
  }
  const requirements = selectedRequirements(dependencies, answers);
  const server = chooseServer(facts, settingsModule, requirements);
  const fromGit = gitRequirements(requirements);
  const installOnBase = answers.buildPackages.length === 0 && fromGit.length === 0;
  const installProject = dependencies.install === "package";
  // Translations need gettext, which the base image lacks: installed where they are compiled.
  const translations = facts.localeDirs.length > 0;
  const leftOut = unusedServers(requirements);
  if (leftOut.length > 0) {
    warnings.push(
      `${leftOut.map((n) => UNUSED_SERVERS[n]).join(" and ")} ${leftOut.length > 1 ? "are" : "is"} in ` +
        `${dependencies.file}, but the image serves with ${server.program}: ` +
        `${leftOut.length > 1 ? "they are" : "it is"} left out of the image rather than compiled (with ` +
        "build-essential) for nothing.",
    );
  }
  if (requirements.some((r) => requirementName(r) === "django-configurations")) {
    warnings.push(
      "django-configurations is in the requirements: its class-based settings are not read, and the " +
        "image's django-admin steps do not install its importer, so the build may fail with " +
        "ImproperlyConfigured. The image also needs DJANGO_CONFIGURATION set (ENV in the Dockerfile).",
    );
  }
  const djangoRange = djangoPython(requirements);
  const minor = Number(answers.pythonVersion.split(".")[1]);
  if (djangoRange && (minor < djangoRange.min || minor > djangoRange.max)) {
    const older = djangoRange.max < OLDEST_IMAGE_MINOR;
    warnings.push(
      `Django ${djangoRange.django} (${djangoRange.requirement}) runs on Python 3.${djangoRange.min} to ` +
        `3.${djangoRange.max}, and the image has Python ${answers.pythonVersion}` +
        (older ? ` (3.${OLDEST_IMAGE_MINOR} is the oldest the generated files run on)` : "") +
        ": it may fail at start. " +
        (older ? "Upgrade Django to 2.2 or later." : "Choose a Python in that range (--python-version)."),
    );
  }
  const middleware = facts.django.modules[settingsModule]?.names.MIDDLEWARE;
  const servesStatic =
    !middleware?.known ||
    !!middleware.facts?.staticServer ||
    (Array.isArray(middleware.value) &&
      middleware.value.some((m) => typeof m === "string" && STATIC_SERVERS.some((s) => m.startsWith(s))));
  if (!servesStatic && !noStaticFiles) {
    warnings.push(
      `Nothing in ${settingsModule} serves static files, and ${server.program} does not: ` +
        "the image's pages would load without CSS or JavaScript. The usual fix is WhiteNoise: " +
        `add "whitenoise" to your dependencies and "whitenoise.middleware.WhiteNoiseMiddleware" to MIDDLEWARE ` +
        "right after SecurityMiddleware (or serve /static/ from a proxy in front).",
    );
  }
  // os.environ reads, and env()/config() reads without a default (both
  // found by inspect_project.py): every variable the settings cannot be
  // imported without is one to pass to docker run. The build itself gets
  // throwaway values for them (buildEnv), so it no longer fails.
  const environment = runEnvironment(
    facts.django.modules[settingsModule]?.env ?? [],
    (read) => `${fromRoot(facts, read.file)}:${read.line}`,
  );
  environment.optional = environment.optional.filter((name) => !imageEnv.some((e) => e.name === name));
  for (const read of requiredEnv) {
    if (environment.pass.some((e) => e.name === read.name)) continue;
    environment.optional = environment.optional.filter((name) => name !== read.name);
    environment.pass.push({
      name: read.name,
      required: true,
      why: "required",
      where: `${fromRoot(facts, read.file)}:${read.line}`,
    });
  }

  const chosenFrontend = chooseFrontend(facts, settingsModule, answers);
  let frontend: FrontendStage | null = null;
  if (chosenFrontend) {
    // The static stage reads the project where the builder put it: the copied source's root.
    const built = frontendStage(chosenFrontend, SOURCE_DIR, sourceInImage ? importPath : APP_HOME);
    frontend = built.stage;
    warnings.push(...built.warnings);
    const unread = unreadOutputWarning(
      chosenFrontend,
      facts.django.modules[settingsModule]?.names.STATICFILES_DIRS,
      facts.staticDirs[settingsModule] ?? [],
      facts.bundleSettings?.[settingsModule],
    );
    if (unread) warnings.push(unread);
    // django-oscar's sandbox: the site is copied beside the package, but the output is in the package's static folder.
    const inPackage = chosenFrontend.outputs.filter((o) => !siteSources.some((s) => `${o}/`.startsWith(`${s}/`)));
    const packageStatic = siteSources.length > 0 && inPackage.length > 0 && inPackage.every(inAppStatic);
    if (installProject && (siteSources.length === 0 || packageStatic) && chosenFrontend.outputs.length > 0) {
      const outputs = (packageStatic ? inPackage : chosenFrontend.outputs).join(", ");
      warnings.push(
        packageStatic || chosenFrontend.outputs.every(inAppStatic)
          ? // pretalx: built into the package's own static folder, but after the package was installed.
            `The project is installed as a package before its front end is built: the output (${outputs}) is ` +
              "inside the package's folder, but not in the installed copy collectstatic reads. " +
              "Commit the built files and run with --frontend none (the package then holds them), " +
              "or serve them from elsewhere."
          : "The project is installed as a package, so its settings read STATICFILES_DIRS from the installed copy: " +
              `the front end's output (${outputs}) is not where collectstatic looks. ` +
              `Build it into a folder inside the package, or point STATICFILES_DIRS at ${SOURCE_DIR}/<folder>.`,
      );
    }
  }
  warnings.push(...outsideContext(facts.staticDirs[settingsModule] ?? [], facts.root));
  const steps = staticSteps(facts, settingsModule, answers.buildSteps, requirements);
  const settingsFacts = facts.django.modules[settingsModule];
  const at = (where: { file: string; line: number }) => `${fromRoot(facts, where.file)}:${where.line}`;
  for (const missing of settingsFacts?.missingIncludes ?? []) {
    warnings.push(
      `${at(missing)} includes ${missing.include} when no environment flag picks another file, and the ` +
        `project has no ${missing.include}: collectstatic in the build, and Django in the container, would stop ` +
        "there. Commit that file (or mark it optional()), or set the variable that picks another file with " +
        "ENV in the Dockerfile's base stage.",
    );
  }
  const unsafe = unsafeDefaults(settingsFacts, at);
  for (const u of unsafe) {
    if (!u.variable) {
      warnings.push(`${u.why} (${u.where}).`);
      continue;
    }
    const passed = {
      name: u.variable,
      required: false,
      why: u.why,
      where: u.where,
      ...(u.value ? { value: u.value } : {}),
    };
    const index = environment.pass.findIndex((e) => e.name === u.variable);
    if (index >= 0) environment.pass[index] = { ...passed, required: environment.pass[index]!.required };
    else environment.pass.push(passed);
    environment.optional = environment.optional.filter((name) => name !== u.variable);
  }
  const data = runData(settingsFacts, at);
  const kept = dataKept(data);

  const converter = CONVERTERS[dependencies.recipe];
  const tag = imageName(dependencies.name ?? basename(facts.root));
  const stack = planStack(
    facts,
    settingsModule,
    selectedRequirements(dependencies, answers),
    webCommand(server),
    (file, line) => `${fromRoot(facts, file)}:${line}`,
  );
  warnings.push(...stack.webWarnings, ...(answers.compose ? stack.warnings : []));
  const serverName = server.program === "daphne" ? "daphne" : server.kind === "asgi" ? "gunicorn (ASGI)" : "gunicorn";
  return {
    context: {
      toolVersion,
      pythonImage: `python:${answers.pythonVersion}-slim`,
      settingsModule,
      serverApp: server.app,
      workerClass: server.workerClass,
      daphne: server.program === "daphne",
      granian: server.program === "granian" ? server.kind : null,
      declarationFiles: dependencies.declarationFiles,
      dependencyFile: dependencies.file,
      dependencyRecipe: `dependencies/${dependencies.recipe}`,
      requirementsHelper: converter ? REQUIREMENTS_HELPER : null,
      requirementsConverter: `lock-converters/${converter ?? "none"}`,
      dependenciesFromContext: dependencies.recipe === "egg-info-context",
      optionalEnv: [
        ...(answers.extras.length > 0 ? [`DEPENDENCY_EXTRAS='${answers.extras.join(" ")}' `] : []),
        ...(answers.groups.length > 0 ? [`DEPENDENCY_GROUPS='${answers.groups.join(" ")}' `] : []),
      ].join(""),
      optionalChosen: [
        ...(answers.extras.length > 0
          ? [`the extra${answers.extras.length > 1 ? "s" : ""} ${answers.extras.join(", ")}`]
          : []),
        ...(answers.groups.length > 0
          ? [`the group${answers.groups.length > 1 ? "s" : ""} ${answers.groups.join(", ")}`]
          : []),
      ].join(" and "),
      requirementsFile: dependencies.recipe === "requirements" ? dependencies.file : "requirements.txt",
      buildRequires: dependencies.buildRequires.map(shellWord).join(" "),
      installProject,
      projectHelper: PROJECT_HELPER,
      buildBackend: dependencies.buildBackend ? shellWord(dependencies.buildBackend) : "",
      backendPath: dependencies.backendPath.map(shellWord).join(" "),
      sourceDir: SOURCE_DIR,
      importPath,
      workdir: sourceInImage ? importPath : APP_HOME,
      sourceInImage,
      siteSources: siteSources.map(shellWord).join(" "),
      buildEnv: buildEnvAssignments(requiredEnv),
      requiredEnv: requiredEnv.map((read) => read.name),
      imageEnv,
      installOnBase,
      compileMessages: translations && !installOnBase,
      translationsStage: translations && installOnBase,
      buildStaticRoot: rootSet || (steps.length === 0 && !frontend) ? null : BUILD_STATIC_ROOT,
      serverPackages: server.packages.join(" "),
      extraIndexUrls: dependencies.indexes.join(" "),
      indexesFrom: dependencies.file,
      gitPackages: fromGit.join(", "),
      leftOut: leftOut.map((n) => n.replace(/-/g, "[-_.]")).join(" "),
      leftOutFiles: (dependencies.recipe === "requirements" ? dependencies.declarationFiles : ["requirements.txt"])
        .map((f) => `/deps/${f}`)
        .join(" "),
      editableVcs:
        dependencies.recipe === "requirements" && dependencies.requirements.some((r) => EDITABLE_VCS.test(r)),
      imageName: tag,
      uid: APP_UID,
      port: PORT,
      buildPackages: answers.buildPackages.join(" "),
      runtimePackages: answers.runtimePackages.join(" "),
      healthcheckPath: answers.healthcheck,
      frontend,
      staticCommands:
        steps.length > 0
          ? steps.flatMap((s) => [`django-admin ${s.command}`, ...(s.after ? [s.after] : [])])
          : frontend
            ? // Nothing to collect (no django.contrib.staticfiles): the step still proves the settings load.
              [`python -c 'import django; django.setup()'`]
            : // Nor a front end: no step, and no STATIC_ROOT to make.
              [],
      settingsSteps: steps.length > 0 || !!frontend || facts.localeDirs.length > 0 || !!kept,
      builtOutputs: chosenFrontend ? contextlessOutputs(chosenFrontend) : [],
      frontendSources:
        chosenFrontend && dependencies.install === "copy"
          ? continuedLines(
              frontendSources(chosenFrontend, facts.staticDirs[settingsModule] ?? []).map(shellWord),
              `RUN cd ${SOURCE_DIR} && rm -rf `.length,
            )
          : "",
      entrypointFile: (paths ?? STANDARD_PATHS).entrypoint,
      dockerfileFlag: paths && paths.dockerfile !== STANDARD_PATHS.dockerfile ? `-f ${paths.dockerfile} ` : "",
      dataDir: kept ? DATA_DIR : null,
      dataHelper: DATA_HELPER,
      installHelper: INSTALL_HELPER,
      dataKept: kept,
      dataPlural: !!data.sqlite && !!data.media,
      dataThem: data.sqlite && data.media ? "them" : "it",
      dataVolume: `${tag}-data`,
      databaseUrl: !!data.sqlite?.databaseUrl,
      keptTracked: facts.trackedLocalState,
      fallbackEnv: environment.optional.length <= SHORT_LIST ? wrapWords(environment.optional, 90) : [],
      runCommand: dockerRunLines(
        tag,
        PORT,
        environment.pass.map((e) => e.name),
        kept ? [`${tag}-data:${DATA_DIR}`] : [],
      ),
      entrypointSummary: `Migrates, then serves ${server.app} with ${serverName} on port ${PORT}.`,
      roles: stack.roles,
      waitFor: stack.waitFor,
      procfileWeb: stack.procfileWeb,
      procfileWebExec: stack.procfileWeb ? quoteSh(stack.procfileWeb.command) : "",
      procfileDropped: andList(stack.procfileWeb?.dropped ?? []),
      compose: withAppData(composeContext(stack, tag, PORT), kept ? DATA_DIR : null, answers.healthcheck ?? "/"),
      envLines: stack.env.map((line) => ({ ...line, set: line.value !== null })),
    },
    files: paths
      ? [
          { path: paths.dockerfile, template: "Dockerfile.hbs", mode: 0o644 },
          { path: paths.entrypoint, template: "docker-entrypoint.sh.hbs", mode: 0o755 },
          { path: paths.dockerignore, template: "dockerignore.hbs", mode: 0o644 },
          ...(converter ? [{ path: REQUIREMENTS_HELPER, template: "docker-requirements.py.hbs", mode: 0o644 }] : []),
          { path: INSTALL_HELPER, template: "docker-install.py.hbs", mode: 0o644 },
          ...(installProject ? [{ path: PROJECT_HELPER, template: "docker-install-project.py.hbs", mode: 0o644 }] : []),
          ...(kept ? [{ path: DATA_HELPER, template: "docker-data.py.hbs", mode: 0o644 }] : []),
          ...(answers.compose
            ? [
                { path: "compose.yaml", template: "compose.yaml.hbs", mode: 0o644 },
                { path: "stack.yaml", template: "stack.yaml.hbs", mode: 0o644 },
                { path: ".env.example", template: "env-example.hbs", mode: 0o644 },
              ]
            : []),
        ]
      : [],
    warnings,
    environment,
    data,
    unsafe,
    summary: {
      settingsModule,
      server: { kind: server.kind, app: server.app, chdir: facts.appDir },
      dependencies: {
        kind: dependencies.kind,
        file: dependencies.file,
        extras: answers.extras,
        groups: answers.groups,
      },
      pythonVersion: answers.pythonVersion,
      frontend: chosenFrontend
        ? {
            dir: chosenFrontend.dir,
            manager: chosenFrontend.manager,
            script: chosenFrontend.script,
            nodeVersion: chosenFrontend.nodeVersion,
            outputs: chosenFrontend.outputs,
            runtimeFiles: chosenFrontend.runtimeFiles,
          }
        : null,
      staticSteps: [...(facts.localeDirs.length > 0 ? ["compilemessages"] : []), ...steps.map((s) => s.name)],
    },
    processes: stack.processes,
    services: stack.services,
    stack: {
      roles: stack.roles,
      procfileWeb: stack.procfileWeb,
      services: stack.serviceNeeds.map((s) => ({ kind: s.kind, from: s.from })),
      compose: answers.compose,
      ownCompose: facts.stack.ownComposeFiles[0] ?? null,
    },
    firstEnv: answers.compose ? stack.env : null,
  };
}

/** "a", "a and b", "a, b and c". */
function andList(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : (words[0] ?? "");
}

/** The web role's command as the entrypoint runs it (for the plan JSON and summary). */
function webCommand(server: Server): string {
  return server.program === "daphne"
    ? `daphne ${server.app}`
    : `gunicorn ${server.app}${server.workerClass ? ` --worker-class ${server.workerClass}` : ""}`;
}
