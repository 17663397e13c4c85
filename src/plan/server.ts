import { UserError } from "../errors.js";
import type { Facts } from "../inspect/index.js";
import { requirementName } from "../model/system-packages.js";

export interface Server {
  kind: "wsgi" | "asgi";
  /** What serves it: gunicorn (with uvicorn's worker for ASGI), or daphne / granian when the project depends on it. */
  program: "gunicorn" | "daphne" | "granian";
  /** "module:attribute" gunicorn serves. */
  app: string;
  /** Installed beside the project's requirements. */
  packages: string[];
  /** gunicorn --worker-class, or null for its default (sync WSGI) workers. */
  workerClass: string | null;
  /** Why this server, for the Detected summary. */
  why: string;
}

/** Apps whose presence means the project needs an ASGI server (websockets, async consumers). */
const ASGI_APPS = ["channels", "daphne"];

function setting(facts: Facts, module: string, name: string): { value: string; where: string } | null {
  const found = facts.django.modules[module]?.names[name];
  // Files are relative to manage.py's folder; messages name them from the project root.
  const file = facts.appDir === "." ? found?.file : `${facts.appDir}/${found?.file}`;
  return found?.known && typeof found.value === "string"
    ? { value: found.value, where: `${name}, ${file}:${found.line}` }
    : null;
}

/** "mysite.wsgi.application" -> "mysite.wsgi:application" */
function toAppSpec(dottedPath: string): string {
  const at = dottedPath.lastIndexOf(".");
  return at > 0 ? `${dottedPath.slice(0, at)}:${dottedPath.slice(at + 1)}` : dottedPath;
}

/** The entry module's application: the settings' name for it, else the project package's module, else any. */
function entry(
  facts: Facts,
  settingsModule: string,
  name: string,
  modules: string[],
  file: string,
): { app: string; why: string } | null {
  const named = setting(facts, settingsModule, name);
  if (named) return { app: toAppSpec(named.value), why: named.where };
  const pkg = settingsModule.split(".")[0]!;
  const module = modules.find((m) => m === `${pkg}.${file}`) ?? modules[0];
  // Which file: the entry point may be a package (asgi/__init__.py).
  const where =
    module && !facts.django.entryFiles?.includes(`${module.split(".").join("/")}.py`)
      ? `${file}/ package`
      : `${file}.py`;
  return module ? { app: `${module}:application`, why: `the project's ${where}` } : null;
}

function usesAsgiApp(facts: Facts, settingsModule: string, requirements: string[]): string | null {
  const apps = facts.django.modules[settingsModule]?.names.INSTALLED_APPS;
  const installed = apps?.known && Array.isArray(apps.value) ? apps.value : [];
  const fromSettings = ASGI_APPS.find((a) => installed.includes(a));
  const fromRequirements = ASGI_APPS.find((a) => requirements.some((r) => requirementName(r) === a));
  return fromSettings ?? fromRequirements ?? null;
}

/**
 * WSGI with gunicorn's own workers unless the project is ASGI-only or uses
 * Channels; then gunicorn with uvicorn's worker, which keeps gunicorn's
 * process management (signals, worker restarts, GUNICORN_* settings). The
 * worker still ships in uvicorn (deprecated there in favour of the
 * uvicorn-worker package, which not every index carries).
 */
export function chooseServer(facts: Facts, settingsModule: string, requirements: string[]): Server {
  const wsgi = entry(facts, settingsModule, "WSGI_APPLICATION", facts.django.wsgiModules, "wsgi");
  const asgi = entry(facts, settingsModule, "ASGI_APPLICATION", facts.django.asgiModules, "asgi");
  const asgiApp = usesAsgiApp(facts, settingsModule, requirements);
  // granian serves either interface; chosen when the installed requirements
  // (the chosen extras and groups among them) name it and not gunicorn.
  const installs = (name: string) => requirements.some((r) => requirementName(r) === name);
  if (installs("granian") && !installs("gunicorn") && (asgi || wsgi)) {
    const useAsgi = !!asgi && (!!asgiApp || !wsgi);
    const chosen = useAsgi ? asgi! : wsgi!;
    return {
      kind: useAsgi ? "asgi" : "wsgi",
      program: "granian",
      app: chosen.app,
      packages: [],
      workerClass: null,
      why: `${chosen.why}; it depends on granian`,
    };
  }
  if (asgi && (asgiApp || !wsgi)) {
    const dependsOn = (name: string) => requirements.some((r) => requirementName(r) === name);
    const because = `${asgi.why}; ${asgiApp ? `the project uses ${asgiApp}` : "there is no WSGI entry"}`;
    // The server the project already chose: daphne (Channels' own), unless
    // it lists gunicorn too; else gunicorn with the standalone uvicorn
    // worker when it depends on that, else with uvicorn's bundled one.
    if (dependsOn("daphne") && !dependsOn("gunicorn")) {
      return {
        kind: "asgi",
        program: "daphne",
        app: asgi.app,
        packages: [],
        workerClass: null,
        why: `${because}; it depends on daphne`,
      };
    }
    const worker = dependsOn("uvicorn-worker")
      ? { packages: ["gunicorn", "uvicorn-worker"], workerClass: "uvicorn_worker.UvicornWorker" }
      : { packages: ["gunicorn", "uvicorn"], workerClass: "uvicorn.workers.UvicornWorker" };
    return {
      kind: "asgi",
      program: "gunicorn",
      app: asgi.app,
      packages: asgiApp ? [...worker.packages, "websockets"] : worker.packages,
      workerClass: worker.workerClass,
      why: because,
    };
  }
  if (wsgi)
    return {
      kind: "wsgi",
      program: "gunicorn",
      app: wsgi.app,
      packages: ["gunicorn"],
      workerClass: null,
      why: wsgi.why,
    };
  throw new UserError(
    `No WSGI or ASGI application found: ${settingsModule} sets no WSGI_APPLICATION and there is no wsgi.py ` +
      "or asgi.py (nor a wsgi/ or asgi/ package defining application).",
    "Add a wsgi.py to your project package (django-admin startproject creates one) and set WSGI_APPLICATION.",
  );
}
