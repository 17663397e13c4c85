import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers.js";
import { build, docker, dockerOk, env, freePort, layers, stepCached, waitForHttp } from "./docker.js";

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));

interface Case {
  fixture: string;
  /** Environment the running container gets (the fixture's own needs). */
  runEnv: Record<string, string>;
  request: Record<string, string>;
  /** Text the home page must show: translated text proves compiled messages, counts prove migrate. */
  page: string[];
  migration: string;
  staticFile: string;
  /** A compiled message catalogue that must be in the image, relative to site-packages. */
  compiledMessages?: string;
  /** A one-off command and what it prints. */
  command: { args: string[]; prints: string };
  /** A file whose change is "a code change". */
  codeFile: string;
  /** Extra flags for create-django-docker. */
  cliArgs?: string[];
  /** The build step that puts the project in the image (default: pip installing it). */
  projectStep?: RegExp;
  /** Distributions the lock pins for development only (dev group, develop section): none may be in the image. */
  devOnly?: string[];
  /** A step before the dependency install that a code change reruns, while the install stays cached all the same. */
  rerunsOnCodeChange?: RegExp;
  /** A requirements file, a requirement added to it, then one put instead (each the name of its module). */
  dependencyChange?: { file: string; added: string; instead: string };
}

const cases: Case[] = [
  {
    fixture: "setuppy-basic",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: { "Accept-Language": "fr" },
    page: ["Bienvenue aux sondages", "Questions: 0", 'href="/static/polls/style.css"'],
    migration: "Applying polls.0001_initial",
    staticFile: "polls/style.css",
    compiledMessages: "polls/locale/fr/LC_MESSAGES/django.mo",
    command: {
      args: ["sh", "-c", "django-admin migrate -v0 && django-admin greet"],
      prints: "hello from polls (0 questions)",
    },
    codeFile: "polls/templates/polls/index.html",
    cliArgs: ["--healthcheck", "/"],
  },
  {
    fixture: "setupcfg-src-layout",
    runEnv: {},
    request: {},
    page: ["Shop catalogue", "Products: 0", 'src="/static/catalog/app.js"'],
    migration: "Applying catalog.0001_initial",
    staticFile: "catalog/app.js",
    command: { args: ["django-admin", "check"], prints: "System check identified no issues" },
    codeFile: "src/shop/catalog/templates/catalog/index.html",
  },
  {
    fixture: "setuppy-c-extension",
    runEnv: {},
    request: {},
    // 5050 comes from the C extension, compiled in the builder.
    page: ["Sum of 1 to 100, computed in C: 5050", 'href="/static/tally/tally.css"'],
    migration: "Applying contenttypes.0001_initial",
    staticFile: "tally/tally.css",
    // Translations with a copied install (compilers): compiled in the static stage.
    compiledMessages: "tally/locale/fr/LC_MESSAGES/django.mo",
    command: { args: ["python", "-c", "from tally._speedups import triangle; print(triangle(3))"], prints: "6" },
    codeFile: "tally/templates/tally/index.html",
  },
  {
    fixture: "requirements-settings-package",
    // The production settings read os.environ["DJANGO_SECRET_KEY"]: collectstatic
    // ran with a throwaway one; the container must be given the real one.
    runEnv: { SQLITE_PATH: "/app/db.sqlite3", DJANGO_SECRET_KEY: "e2e-secret" },
    request: {},
    page: ["Team notes", "Notes: 0", 'href="/static/notes/notes.css"'],
    migration: "Applying notes.0001_initial",
    staticFile: "notes/notes.css",
    command: { args: ["django-admin", "check"], prints: "System check identified no issues" },
    codeFile: "notes/templates/notes/index.html",
    projectStep: /COPY \. \/opt\/project\/src/,
    dependencyChange: { file: "requirements/production.txt", added: "attrs", instead: "toml" },
  },
  {
    fixture: "pyproject-hatchling",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: {},
    page: ["Lending library", "Books: 0", 'href="/static/books/books.css"'],
    migration: "Applying books.0001_initial",
    staticFile: "books/books.css",
    // The `urls` extra is installed (chosen with --extras), `test` is not.
    command: {
      args: [
        "python",
        "-c",
        "import importlib.util as u, importlib.metadata as m; print(m.version('library-site'), u.find_spec('dj_database_url') is not None, u.find_spec('pytest_django') is None)",
      ],
      prints: "2.1.0 True True",
    },
    codeFile: "books/templates/books/index.html",
    cliArgs: ["--extras", "urls"],
  },
  {
    // A uv application: the image installs what uv.lock pins, without uv.
    fixture: "uv-lock-app",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: {},
    page: ["Things to do", "Tasks: 0", 'href="/static/tasks/tasks.css"'],
    migration: "Applying tasks.0001_initial",
    staticFile: "tasks/tasks.css",
    // The locked version, not the newest that pyproject's range allows.
    command: { args: ["python", "-c", "import django; print(django.__version__)"], prints: "5.2.17" },
    codeFile: "tasks/templates/tasks/index.html",
    projectStep: /COPY \. \/opt\/project\/src/,
    devOnly: ["pytest-django"],
  },
  {
    // A Poetry 2 package (poetry-core): the image installs poetry.lock's main
    // group without Poetry, then builds the project with poetry-core.
    fixture: "poetry-app",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: {},
    page: ["Family cookbook", "Recipes: 0", 'href="/static/recipes/recipes.css"'],
    migration: "Applying recipes.0001_initial",
    staticFile: "recipes/recipes.css",
    // A management command: poetry-core installed the package's subpackages too.
    command: {
      args: ["sh", "-c", "django-admin migrate -v0 && django-admin recipe_count"],
      prints: "0 recipes in the cookbook",
    },
    codeFile: "recipes/templates/recipes/index.html",
    devOnly: ["pytest", "pluggy", "iniconfig", "pygments", "packaging"],
  },
  {
    // A Pipenv application, copied: the image installs Pipfile.lock's default
    // packages without Pipenv; the settings read the database from one of them.
    fixture: "pipenv-app",
    runEnv: { DATABASE_URL: "sqlite:////app/db.sqlite3" },
    request: {},
    page: ["Sign the guestbook", "Entries: 0", 'href="/static/entries/guestbook.css"'],
    migration: "Applying entries.0001_initial",
    staticFile: "entries/guestbook.css",
    // dj-database-url, a default package, turned DATABASE_URL into the settings.
    command: {
      args: ["python", "-c", "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"],
      prints: "/app/db.sqlite3",
    },
    codeFile: "entries/templates/entries/index.html",
    projectStep: /COPY \. \/opt\/project\/src/,
    devOnly: ["pytest", "pluggy", "iniconfig", "pygments", "packaging"],
  },
  {
    // setup.py imports its own package for the version: the dependency stage
    // runs egg_info over the whole build context, so a code change reruns it,
    // and the install after it must stay cached (its input, /deps, is the same).
    fixture: "setuppy-imports-package",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: {},
    page: ["Guestbook", "Entries: 0", "Guestbook site 3.2.0", 'href="/static/guestbook/guestbook.css"'],
    migration: "Applying guestbook.0001_initial",
    staticFile: "guestbook/guestbook.css",
    // The version egg_info read from the package is the installed one.
    command: {
      args: ["python", "-c", "import importlib.metadata as m; print(m.version('guestbook-site'))"],
      prints: "3.2.0",
    },
    codeFile: "guestbook/templates/guestbook/index.html",
    rerunsOnCodeChange: /python setup\.py --quiet egg_info/,
  },
  {
    // django-oscar's shape: a library installed from src/ by setup.py, and
    // the site that runs it in sandbox/, which the package leaves out: it
    // is copied beside the installed package.
    fixture: "setuppy-sandbox",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: {},
    page: ["Sandbox shelves", "Shelves: 0", 'href="/static/shelf/shelf.css"'],
    migration: "Applying shelf.0001_initial",
    staticFile: "shelf/shelf.css",
    command: {
      args: [
        "sh",
        "-c",
        "pwd && python -c \"import importlib.metadata as m, shelf, settings; print(m.version('django-shelf'), shelf.__file__.startswith('/opt/project/lib'))\"",
      ],
      prints: "/opt/project/src/sandbox\n0.4.0 True",
    },
    codeFile: "src/shelf/templates/shelf/index.html",
  },
  {
    // ASGI only (no wsgi.py), requirements.txt at the root, manage.py in src/.
    fixture: "asgi-src-requirements",
    runEnv: { SQLITE_PATH: "/app/db.sqlite3" },
    request: {},
    page: ["Chat rooms", "Rooms: 0", "Served by ASGIRequest", 'href="/static/rooms/rooms.css"'],
    migration: "Applying rooms.0001_initial",
    staticFile: "rooms/rooms.css",
    // The image works in manage.py's folder (src/ here), as development does.
    command: {
      args: ["sh", "-c", "pwd && python manage.py check"],
      prints: "/opt/project/src/src\nSystem check identified no issues",
    },
    codeFile: "src/rooms/templates/rooms/index.html",
    projectStep: /COPY \. \/opt\/project\/src/,
  },
];

// Where the image's Django looks for static files (STATIC_ROOT, or the
// build-only one the Dockerfile uses when the settings set none).
const STATIC_FILE_EXISTS =
  "import os, sys; from django.conf import settings; root = settings.STATIC_ROOT or '/app/staticfiles'; sys.exit(0 if os.path.isfile(os.path.join(root, sys.argv[1])) else 1)";
// The distributions among argv that are installed, space-separated.
const INSTALLED_DISTRIBUTIONS =
  "import importlib.metadata as m, sys; print(' '.join(n for n in sys.argv[1:] if any(True for _ in m.distributions(name=n))))";
// The modules among a standard library one Django imports, Django's own and gunicorn's that
// have no bytecode (the Python image ships none): each would be compiled at every start.
const UNCOMPILED =
  "import os, importlib.util as u, json, email.parser, django.db.models, gunicorn.app.base as g; print(*[x.__name__ for x in (json, email.parser, django.db.models, g) if not os.path.exists(u.cache_from_source(x.__file__))])";
const SITE_FILE_EXISTS =
  "import os, sys, sysconfig; sys.exit(0 if any(os.path.isfile(os.path.join(p, sys.argv[1])) for p in sys.path) else 1)";

const run = `${process.pid}`;
const images: string[] = [];
const containers: string[] = [];

beforeAll(async () => {
  const info = await docker(["info", "--format", "{{.ServerVersion}}"]);
  if (info.exitCode !== 0) {
    throw new Error(
      `No Docker engine answers to \`${env.docker} info\`. On the development machine run: eval "$(bash test/e2e/machine-setup.sh)"\n${String(info.all)}`,
    );
  }
});

afterAll(async () => {
  if (containers.length) await docker(["rm", "-f", ...containers]);
  if (images.length) await docker(["rmi", "-f", ...images]);
});

describe.each(cases)("$fixture: generated image", (c) => {
  const tag = `cdd-e2e-${c.fixture}:${run}`;
  let dir = "";

  beforeAll(async () => {
    dir = copyFixture(c.fixture);
    const cli = await execa("node", [bin, dir, "--yes", ...(c.cliArgs ?? [])], {
      reject: false,
      all: true,
      env: { NO_COLOR: "1" },
    });
    if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
    images.push(tag);
    await build(dir, tag);
  });

  it("starts, migrates and serves the home page over HTTP", async () => {
    const port = await freePort();
    const name = `cdd-e2e-${c.fixture}-${run}`;
    containers.push(name);
    const envArgs = Object.entries({ ...c.runEnv, PORT: String(port) }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    await dockerOk(["run", "-d", "--name", name, "--network", "host", ...envArgs, tag]);
    const response = await waitForHttp(`http://127.0.0.1:${port}/`, name, c.request);
    const body = await response.text();
    expect(response.status, body).toBe(200);
    for (const text of c.page) expect(body).toContain(text);
    const logs = await docker(["logs", name]);
    expect(String(logs.all)).toContain(c.migration);
    expect(String(logs.all)).toMatch(new RegExp(`Listening at: http://0\\.0\\.0\\.0:${port}`));

    // The image's own HEALTHCHECK command passes against the running server.
    const check = JSON.parse(await dockerOk(["image", "inspect", "-f", "{{json .Config.Healthcheck}}", tag])) as {
      Test: string[];
    } | null;
    if (c.cliArgs?.includes("--healthcheck")) {
      expect(check?.Test[0]).toBe("CMD");
      expect((await docker(["exec", name, ...check!.Test.slice(1)])).exitCode).toBe(0);
    } else {
      expect(check).toBeNull();
    }

    // gunicorn is PID 1 (exec'd), so docker stop's SIGTERM shuts it down cleanly
    // instead of a SIGKILL (exit 137) after the grace period.
    await dockerOk(["stop", name]);
    expect(await dockerOk(["inspect", "-f", "{{.State.ExitCode}}", name])).toBe("0");
  });

  it("runs a command given to docker run instead of the server", async () => {
    const out = await dockerOk([
      "run",
      "--rm",
      "--network",
      "host",
      ...Object.entries(c.runEnv).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
      tag,
      ...c.command.args,
    ]);
    expect(out).toContain(c.command.prints);
  });

  it("holds the collected static files (and compiled messages) where Django looks", async () => {
    const envArgs = Object.entries(c.runEnv).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    expect(
      (await docker(["run", "--rm", ...envArgs, tag, "python", "-c", STATIC_FILE_EXISTS, c.staticFile])).exitCode,
    ).toBe(0);
    if (c.compiledMessages) {
      expect((await docker(["run", "--rm", tag, "python", "-c", SITE_FILE_EXISTS, c.compiledMessages])).exitCode).toBe(
        0,
      );
    }
  });

  if (c.devOnly) {
    const devOnly = c.devOnly;
    it("leaves out the packages the lock pins for development only", async () => {
      // Django is asked too: an empty answer cannot come from a check that finds nothing.
      expect(await dockerOk(["run", "--rm", tag, "python", "-c", INSTALLED_DISTRIBUTIONS, "django", ...devOnly])).toBe(
        "django",
      );
    });
  }

  it("runs as a non-root user, without a compiler, gettext or the build's package index", async () => {
    // One container answers every question (a container start each would cost seconds per fixture).
    const probe = [
      'echo "uid=$(id -u)"',
      // The app user's home is the one writable place (SQLite, gunicorn's control socket).
      'touch /app/probe && echo "home=writable"',
      // Package-manager caches stay out of the image.
      'echo "caches=$(ls /root/.cache/pip /var/lib/apt/lists/*_Packages 2>/dev/null | wc -l)"',
      // (dash's command -v answers for its first name only: one call per name.) gettext's
      // msgfmt stays in the stage that compiles the translations.
      'echo "compilers=$(for c in gcc cc c++ make msgfmt; do command -v $c; done | tr "\\n" " ")"',
      '[ -e /src ] && echo "src=present" || echo "src=absent"',
      `echo "uncompiled=$(python -c "${UNCOMPILED}")"`,
    ].join("; ");
    const answers = Object.fromEntries(
      (await dockerOk(["run", "--rm", tag, "sh", "-c", probe])).split("\n").map((line) => line.split("=", 2)),
    ) as Record<string, string>;
    expect(answers.uid).toMatch(/^\d+$/);
    expect(answers.uid).not.toBe("0");
    expect(answers.home).toBe("writable");
    expect(answers.caches).toBe("0");
    expect(answers.compilers?.trim()).toBe("");
    expect(answers.src).toBe("absent");
    // The packages' bytecode, and the standard library's: both layouts (the image built on the
    // install step, and the one with the install copied into it, for compilers or git).
    expect(answers.uncompiled).toBe("");
    const config = await dockerOk(["image", "inspect", "-f", "{{json .Config.Env}}", tag]);
    expect(config).not.toContain("PIP_INDEX_URL");
    expect(config).not.toContain("build-only");
    const history = await dockerOk(["history", "--no-trunc", "--format", "{{.CreatedBy}}", tag]);
    if (env.pipIndexUrl) expect(history).not.toContain(env.pipIndexUrl);
    // Throwaway values for settings that need env at import stay in the static stage.
    expect(history).not.toContain("build-only");
  });

  it("rebuilds a code change without reinstalling dependencies, leaving their layers identical", async () => {
    const before = await layers(tag);
    const baseLayers = (await layers(env.pythonImage)).length;
    appendFileSync(join(dir, c.codeFile), `<!-- a code change ${Date.now()} ${Math.random()} -->\n`);
    const log = await build(dir, tag);
    expect(stepCached(log, /docker-install\.py \/root\/\.cache\/installed /)).toBe(true);
    if (c.rerunsOnCodeChange) expect(stepCached(log, c.rerunsOnCodeChange)).toBe(false);
    expect(stepCached(log, c.projectStep ?? /docker-install-project\.py \/opt\/project /)).toBe(false);
    const after = await layers(tag);
    // Base image, the .pth line, the app user, the dependencies: all unchanged;
    // only the project's own layers (and what follows) are new.
    const unchanged = baseLayers + 3;
    expect(after.slice(0, unchanged)).toEqual(before.slice(0, unchanged));
    expect(after.slice(unchanged)).not.toEqual(before.slice(unchanged));
  });

  it.runIf(c.dependencyChange)(
    "installs an added requirement alone, and takes a removed one out of the image",
    async () => {
      const change = c.dependencyChange!;
      const file = join(dir, change.file);
      const listed = readFileSync(file, "utf8");
      const imports = (module: string) =>
        docker(["run", "--rm", "--network", "none", tag, "python", "-c", `import ${module}`]);
      // A comment unique to this run: an earlier run's cached install is not reused.
      const stamp = `# e2e ${run} ${Date.now()}\n`;
      writeFileSync(file, `${listed}${stamp}${change.added}\n`);
      const added = await build(dir, tag);
      expect(added).toMatch(/packages kept from the last build/);
      expect(added).toMatch(new RegExp(`installing: ${change.added} \\S+\\n`, "i"));
      expect((await imports(change.added)).exitCode).toBe(0);

      writeFileSync(file, `${listed}${stamp}${change.instead}\n`);
      const replaced = await build(dir, tag);
      expect(replaced).toMatch(new RegExp(`removed: ${change.added} \\S+; installing: ${change.instead} \\S+\\n`, "i"));
      expect((await imports(change.added)).exitCode).not.toBe(0);
      expect((await imports(change.instead)).exitCode).toBe(0);
    },
  );
});
