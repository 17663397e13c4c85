import { describe, expect, it } from "vitest";
import type { Answers } from "../../src/ask/index.js";
import type { SettingValue, ValueFacts } from "../../src/inspect/django.js";
import type { Facts } from "../../src/inspect/index.js";
import { templatesDir } from "../../src/paths.js";
import { imageName, makePlan } from "../../src/plan/index.js";
import { render } from "../../src/render/index.js";

// The planner on facts small enough to read in the test: one settings
// module, one requirements file, nothing else. Each test changes the one
// fact it is about and checks what a user would see (a warning, a file,
// a step, the docker run line). No Python, no disk.

const SETTINGS = "site_conf.settings";
const FILE = "site_conf/settings.py";

/** A setting assigned a literal (`known`: the value is the literal). */
function setting(value: unknown, line: number, facts?: ValueFacts): SettingValue {
  return { value, known: true, expr: JSON.stringify(value), file: FILE, line, ...(facts ? { facts } : {}) };
}

/** A setting assigned an expression inspection cannot evaluate, with what it could tell. */
function computed(line: number, facts: ValueFacts): SettingValue {
  return { value: null, known: false, expr: "...", file: FILE, line, facts };
}

const WHITENOISE = ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"];

function smallFacts(
  names: Record<string, SettingValue> = {},
  requirements = ["Django>=5.0", "gunicorn", "whitenoise"],
): Facts {
  const packaging: Facts["packaging"] = {
    kind: "requirements",
    file: "requirements.txt",
    why: "the only requirements file",
    recipe: "requirements",
    name: null,
    requirements,
    optional: { extras: {}, groups: {} },
    requiresPython: null,
    declarationFiles: ["requirements.txt"],
    hasExtensions: false,
    install: "copy",
    indexes: [],
    buildRequires: [],
    buildBackend: null,
    backendPath: [],
  };
  return {
    root: "/projects/shop",
    appDir: ".",
    python: { command: "python3", version: "3.11", executable: "python3" },
    django: {
      managePyDefault: SETTINGS,
      entryDefault: null,
      candidates: [SETTINGS],
      modules: {
        [SETTINGS]: {
          file: FILE,
          names: { STATIC_ROOT: setting("/srv/static", 20), MIDDLEWARE: setting(WHITENOISE, 10), ...names },
          env: [],
        },
      },
      unreadable: {},
      wsgiModules: ["site_conf.wsgi"],
      asgiModules: [],
    },
    packaging,
    dependencies: { sources: [packaging], detected: "requirements.txt" },
    localeDirs: [],
    pythonVersion: null,
    requiredEnv: {},
    frontends: [],
    staticDirs: {},
    bundleSettings: {},
    assetCommands: [],
    foreignDockerFiles: [],
    trackedLocalState: [],
    leftOutByOwnDockerignore: [],
    stack: { procfile: null, celeryApps: [], channelWorkers: null, settingsSources: {}, ownComposeFiles: [] },
  };
}

function answers(overrides: Partial<Answers> = {}): Answers {
  return {
    settingsModule: SETTINGS,
    pythonVersion: "3.12",
    dependencies: "requirements.txt",
    extras: [],
    groups: [],
    buildPackages: [],
    runtimePackages: [],
    healthcheck: null,
    frontend: "none",
    frontendScript: "",
    nodeVersion: "",
    frontendOutputs: [],
    buildSteps: [],
    dockerFiles: { kind: "standard" },
    compose: false,
    ...overrides,
  };
}

const plan = (facts: Facts, overrides: Partial<Answers> = {}) => makePlan(facts, answers(overrides), "0.0.0-test");

describe("makePlan on small facts", () => {
  it("plans a plain requirements project without a warning: four files, gunicorn, collectstatic", () => {
    const result = plan(smallFacts());
    expect(result.warnings).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual([
      "Dockerfile",
      "docker-entrypoint.sh",
      ".dockerignore",
      "docker-install.py",
    ]);
    expect(result.summary.server).toEqual({ kind: "wsgi", app: "site_conf.wsgi:application", chdir: "." });
    expect(result.summary.staticSteps).toEqual(["collectstatic"]);
    expect(result.context.pythonImage).toBe("python:3.12-slim");
    expect(result.context.runCommand.join(" ")).toContain("shop");
  });

  it("writes its ignore file as Dockerfile.dockerignore when the project's own leaves out what the image copies", () => {
    const facts = { ...smallFacts(), foreignDockerFiles: [".dockerignore"] };
    expect(plan(facts).files.map((f) => f.path)).toContain(".dockerignore");
    const result = plan({ ...facts, leftOutByOwnDockerignore: ["manage.py", "requirements.txt"] });
    expect(result.files.map((f) => f.path)).toContain("Dockerfile.dockerignore");
    expect(result.files.map((f) => f.path)).not.toContain(".dockerignore");
    expect(result.warnings.join("\n")).toMatch(
      /The project's .dockerignore leaves out manage.py and requirements.txt, which the image needs: ours is Dockerfile.dockerignore/,
    );
  });

  it("warns when STATIC_ROOT is None or missing, and collects into a build-time folder instead", () => {
    const none = plan(smallFacts({ STATIC_ROOT: setting(null, 20) }));
    expect(none.warnings.join("\n")).toMatch(/sets no STATIC_ROOT/);
    expect(none.context.buildStaticRoot).toBe("/app/staticfiles");
    const facts = smallFacts();
    delete facts.django.modules[SETTINGS]!.names.STATIC_ROOT;
    expect(plan(facts).warnings.join("\n")).toMatch(/sets no STATIC_ROOT/);
  });

  it("warns when nothing serves static files, and not when WhiteNoise is added by a subclass", () => {
    const plain = smallFacts({ MIDDLEWARE: setting(["django.middleware.security.SecurityMiddleware"], 10) });
    expect(plan(plain).warnings.join("\n")).toMatch(/WhiteNoise/);
    const subclass = smallFacts({
      MIDDLEWARE: computed(10, { staticServer: "site_conf.middleware.Static" }),
    });
    expect(plan(subclass).warnings.join("\n")).not.toMatch(/WhiteNoise/);
  });

  it("passes a variable the settings cannot be imported without to docker run, and a throwaway value to the build", () => {
    const facts = smallFacts();
    facts.requiredEnv[SETTINGS] = [{ name: "DJANGO_SECRET_KEY", kind: "str", file: FILE, line: 3 }];
    const result = plan(facts);
    expect(result.environment.pass).toContainEqual(
      expect.objectContaining({ name: "DJANGO_SECRET_KEY", required: true }),
    );
    expect(result.context.buildEnv).toContain("DJANGO_SECRET_KEY=");
    expect(result.context.runCommand.join("\n")).toContain("-e DJANGO_SECRET_KEY");
  });

  it("names a random SECRET_KEY fallback and the variable that fixes it", () => {
    const facts = smallFacts({ SECRET_KEY: computed(4, { random: true, variable: "SECRET_KEY" }) });
    const result = plan(facts);
    expect(result.unsafe.map((u) => u.setting)).toEqual(["SECRET_KEY"]);
    expect(result.environment.pass).toContainEqual(expect.objectContaining({ name: "SECRET_KEY", required: false }));
  });

  it("leaves uWSGI out of the install when gunicorn serves, and says so", () => {
    const result = plan(smallFacts({}, ["Django>=5.0", "gunicorn", "whitenoise", "uWSGI==2.0.24"]));
    expect(result.warnings.join("\n")).toMatch(/uWSGI.*left out of the image/);
    expect(result.context.leftOut).toContain("uwsgi");
  });

  it("keeps a SQLite database and uploads in the project under /app/data, with a volume on the run line", () => {
    const facts = smallFacts({
      DATABASES: computed(30, { sqlite: true }),
      MEDIA_ROOT: computed(40, { inProject: true }),
    });
    const result = plan(facts);
    expect(result.context.dataDir).toBe("/app/data");
    expect(result.context.dataKept).toBe("the SQLite database and uploads (MEDIA_ROOT)");
    expect(result.context.runCommand.join("\n")).toContain("-v shop-data:/app/data");
  });

  it("keeps nothing when the SQLite path is absolute (the user chose where it lives)", () => {
    const result = plan(smallFacts({ DATABASES: computed(30, { sqlite: true, absolutePath: true }) }));
    expect(result.context.dataDir).toBeNull();
    expect(result.context.runCommand.join("\n")).not.toContain("-v ");
  });

  it("compiles messages before collectstatic when the project has translations", () => {
    const facts = smallFacts();
    facts.localeDirs = ["locale"];
    expect(plan(facts).summary.staticSteps).toEqual(["compilemessages", "collectstatic"]);
  });

  it("writes compose, stack and .env.example only when the whole stack is chosen", () => {
    const paths = plan(smallFacts(), { compose: true }).files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["compose.yaml", "stack.yaml", ".env.example"]));
    expect(plan(smallFacts(), { compose: true }).firstEnv).not.toBeNull();
    expect(plan(smallFacts()).firstEnv).toBeNull();
  });

  it("puts the Dockerfile beside the project's own and says to build with -f", () => {
    const result = plan(smallFacts(), { dockerFiles: { kind: "beside", dockerfile: "Dockerfile.django" } });
    expect(result.files.map((f) => f.path)).toContain("Dockerfile.django");
    expect(result.context.dockerfileFlag).toBe("-f Dockerfile.django ");
  });

  it("writes nothing when the project keeps its own Docker files", () => {
    expect(plan(smallFacts(), { dockerFiles: { kind: "keep" } }).files).toEqual([]);
  });
});

describe("a Procfile's web line", () => {
  const withProcfile = (command: string) => {
    const facts = smallFacts();
    facts.stack.procfile = { file: "Procfile", lines: [{ role: "web", command, line: 1 }] };
    return facts;
  };

  it("serves without the migrate and collectstatic it chains first, which the image runs itself", () => {
    const result = plan(
      withProcfile("python manage.py migrate && python manage.py collectstatic --no-input && gunicorn site_conf.wsgi"),
    );
    expect(result.processes.web).toBe("gunicorn site_conf.wsgi");
    expect(result.stack.procfileWeb).toEqual({
      role: "web",
      command: "gunicorn site_conf.wsgi",
      from: "Procfile:1",
      dropped: ["migrate", "collectstatic"],
    });
    const entrypoint = render(result, templatesDir).find((f) => f.path === "docker-entrypoint.sh")!.content;
    expect(entrypoint).toContain("exec sh -c 'gunicorn site_conf.wsgi'");
    expect(entrypoint).toContain("Without its migrate and collectstatic: this image runs them itself.");
  });

  it("is kept whole when it runs nothing the image does", () => {
    const result = plan(withProcfile("bin/start-nginx gunicorn -c gunicorn.conf.py site_conf.wsgi"));
    expect(result.processes.web).toBe("bin/start-nginx gunicorn -c gunicorn.conf.py site_conf.wsgi");
    expect(result.stack.procfileWeb?.dropped).toEqual([]);
  });

  it("gives way to the generated server when what is left runs uWSGI, which the image leaves out", () => {
    const result = plan(withProcfile("./manage.py migrate && uwsgi --ini uwsgi.ini"));
    expect(result.processes.web).toMatch(/^gunicorn site_conf\.wsgi:application/);
    expect(result.stack.procfileWeb).toBeNull();
    expect(result.warnings.join("\n")).toMatch(
      /Procfile:1 runs `uwsgi --ini uwsgi.ini`, a server the image leaves out/,
    );
  });
});

describe("a Procfile kept for local development", () => {
  it("serves with gunicorn instead of `make run`, and leaves out a watcher role, saying why", () => {
    // djangoproject.com's shape: web runs runserver through make, a second line watches the Sass.
    const facts = smallFacts();
    facts.stack.procfile = {
      file: "Procfile",
      lines: [
        { role: "web", command: "make run", line: 1 },
        { role: "scss", command: "make watch-scss", line: 2 },
        { role: "assets", command: "watchmedo shell-command --patterns=*.scss --command='make css' .", line: 3 },
        { role: "devweb", command: "python manage.py runserver 0.0.0.0:8000", line: 4 },
        { role: "worker", command: "python manage.py process_tasks", line: 5 },
      ],
    };
    const result = plan(facts);
    expect(result.processes.web).toMatch(/^gunicorn site_conf\.wsgi:application/);
    expect(Object.keys(result.processes)).toEqual(["web", "worker"]);
    const warnings = result.warnings.join("\n");
    expect(warnings).toContain(
      "Procfile:1 runs `make run`, `make`, which the image does not have: the web role serves",
    );
    expect(warnings).toContain("Procfile:2 runs `make watch-scss`, `make`, which the image does not have");
    expect(warnings).toMatch(
      /Procfile:3 runs `watchmedo .*`, a file watcher, for development: the image has no assets role/,
    );
    expect(warnings).toMatch(/Procfile:4 runs .*, Django's development server/);
  });
});

describe("imageName", () => {
  it("makes a valid Docker tag from any distribution name", () => {
    expect(imageName("My_Shop")).toBe("my_shop");
    expect(imageName("shop site!")).toBe("shop-site-");
    expect(imageName("__private")).toBe("private");
    expect(imageName("!!!")).toBe("django-app");
  });
});
