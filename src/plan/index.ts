import type { Answers } from "../ask/index.js";
import type { Facts } from "../inspect/index.js";
import { UserError } from "../errors.js";
import { runEnvironment, type RunEnvironment } from "./environment.js";

/** The values the templates read; every decision is made here, not in them. */
export interface TemplateContext {
  toolVersion: string;
  pythonImage: string;
  settingsModule: string;
  wsgiApp: string;
  /** Files the dependency stage copies (setup.py and what it reads). */
  declarationFiles: string[];
  /** Run compilemessages (and install gettext for it) in the static stage. */
  compileMessages: boolean;
  /** STATIC_ROOT is not set: collectstatic needs one, given at build time only. */
  buildStaticRoot: string | null;
  /** Installed beside the project's requirements (the server), space-separated. */
  serverPackages: string;
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
  summary: {
    settingsModule: string;
    server: { kind: "wsgi"; app: string; chdir: string };
    dependencies: { kind: "setup.py"; file: string };
    pythonVersion: string;
  };
}

const APP_UID = 10001;
const PORT = 8000;
const BUILD_STATIC_ROOT = "/app/staticfiles";
/** Middleware that serves collected static files from the Django process. */
const STATIC_SERVERS = ["whitenoise.", "servestatic."];

function stringSetting(facts: Facts, module: string, name: string): string | null {
  const setting = facts.django.modules[module]?.names[name];
  return setting?.known && typeof setting.value === "string" ? setting.value : null;
}

/** A path relative to manage.py's folder, made relative to the project root for messages. */
export function fromRoot(facts: Facts, file: string): string {
  return facts.appDir === "." ? file : `${facts.appDir}/${file}`;
}

/** "mysite.wsgi.application" -> "mysite.wsgi:application" */
function toAppSpec(dottedPath: string): string {
  const at = dottedPath.lastIndexOf(".");
  return at > 0 ? `${dottedPath.slice(0, at)}:${dottedPath.slice(at + 1)}` : dottedPath;
}

function wsgiApp(facts: Facts, settingsModule: string): string {
  const setting = stringSetting(facts, settingsModule, "WSGI_APPLICATION");
  if (setting) return toAppSpec(setting);
  const pkg = settingsModule.split(".")[0]!;
  const wsgiModule = facts.django.wsgiModules.find((m) => m === `${pkg}.wsgi`) ?? facts.django.wsgiModules[0];
  if (wsgiModule) return `${wsgiModule}:application`;
  throw new UserError(
    `No WSGI application found: ${settingsModule} sets no WSGI_APPLICATION and there is no wsgi.py.`,
    "Add a wsgi.py to your project package (django-admin startproject creates one) and set WSGI_APPLICATION.",
  );
}

/** A Docker-valid tag from the distribution name. */
export function imageName(distribution: string): string {
  return distribution.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "django-app";
}

/** Facts + answers -> what to write. Pure: no disk, no prompts. */
export function makePlan(facts: Facts, answers: Answers, toolVersion: string): Plan {
  const { settingsModule } = answers;
  const warnings: string[] = [];

  const staticRoot = facts.django.modules[settingsModule]?.names.STATIC_ROOT;
  const staticRootSet = !!staticRoot && !(staticRoot.known && (staticRoot.value === null || staticRoot.value === ""));
  if (!staticRootSet) {
    warnings.push(
      `${settingsModule} sets no STATIC_ROOT: collectstatic runs at build time with STATIC_ROOT=${BUILD_STATIC_ROOT}, but the running site will not know where the files are. Set STATIC_ROOT = BASE_DIR / "staticfiles" in your settings.`,
    );
  }
  const app = wsgiApp(facts, settingsModule);
  const middleware = facts.django.modules[settingsModule]?.names.MIDDLEWARE;
  const servesStatic = !middleware?.known || (Array.isArray(middleware.value) && middleware.value.some((m) => typeof m === "string" && STATIC_SERVERS.some((s) => m.startsWith(s))));
  if (!servesStatic) {
    warnings.push(
      `Nothing in ${settingsModule} serves static files, and gunicorn does not: the image's pages would load without CSS or JavaScript. The usual fix is WhiteNoise: add "whitenoise" to install_requires and "whitenoise.middleware.WhiteNoiseMiddleware" to MIDDLEWARE right after SecurityMiddleware (or serve /static/ from a proxy in front).`,
    );
  }
  const environment = runEnvironment(facts.django.modules[settingsModule]?.env ?? [], (read) => `${fromRoot(facts, read.file)}:${read.line}`);
  const needed = environment.pass.filter((e) => e.required);
  if (needed.length > 0) {
    warnings.push(
      `\`docker build\` will fail: collectstatic imports ${settingsModule}, which reads ${needed.map((e) => `${e.name} (${e.where})`).join(", ")} ` +
        `with os.environ[...] and no fallback. Read ${needed.length === 1 ? "it" : "them"} with os.environ.get() and a value the build can use.`,
    );
  }

  return {
    context: {
      toolVersion,
      pythonImage: `python:${answers.pythonVersion}-slim`,
      settingsModule,
      wsgiApp: app,
      declarationFiles: facts.packaging.declarationFiles,
      compileMessages: facts.localeDirs.length > 0,
      buildStaticRoot: staticRootSet ? null : BUILD_STATIC_ROOT,
      serverPackages: "gunicorn",
      imageName: imageName(facts.packaging.name),
      uid: APP_UID,
      port: PORT,
      buildPackages: answers.buildPackages.join(" "),
      runtimePackages: answers.runtimePackages.join(" "),
      healthcheckPath: answers.healthcheck,
    },
    files: [
      { path: "Dockerfile", template: "Dockerfile.hbs", mode: 0o644 },
      { path: "docker-entrypoint.sh", template: "docker-entrypoint.sh.hbs", mode: 0o755 },
      { path: ".dockerignore", template: "dockerignore.hbs", mode: 0o644 },
    ],
    warnings,
    environment,
    summary: {
      settingsModule,
      server: { kind: "wsgi", app, chdir: facts.appDir },
      dependencies: { kind: "setup.py", file: "setup.py" },
      pythonVersion: answers.pythonVersion,
    },
  };
}
