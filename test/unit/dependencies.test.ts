import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspect } from "../../src/inspect/index.js";
import { lowestAllowedMinor } from "../../src/inspect/python-version.js";
import { readRequirementsGraph } from "../../src/inspect/requirements.js";
import { copyFixture, run } from "../helpers.js";
import { UV_LOCK } from "../lock-samples.js";

describe("dependency source: which one, and why", () => {
  it("a requirements/ folder: the production list, with its -r and -c includes; the source is copied", async () => {
    const facts = await inspect(copyFixture("requirements-settings-package"));
    expect(facts.packaging).toMatchObject({
      kind: "requirements",
      file: "requirements/production.txt",
      why: "the production list in requirements/",
      install: "copy",
      declarationFiles: ["requirements/production.txt", "requirements/base.txt", "requirements/constraints.txt"],
      requirements: ["Django>=4.2,<6", "sqlparse", "gunicorn>=21"],
    });
  });

  it("falls back to requirements/base.txt when there is no production list", async () => {
    const dir = copyFixture("requirements-settings-package");
    rmSync(join(dir, "requirements", "production.txt"));
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({
      file: "requirements/base.txt",
      why: "requirements/ has no production list; the base one",
    });
  });

  it("pyproject [project] dependencies, installed as a package with its build backend", async () => {
    const facts = await inspect(copyFixture("pyproject-hatchling"));
    expect(facts.packaging).toMatchObject({
      kind: "pyproject",
      file: "pyproject.toml",
      install: "package",
      buildRequires: ["hatchling"],
      requirements: ["Django>=4.2,<6", "sqlparse>=0.4"],
      optional: { extras: { urls: ["dj-database-url>=2"], test: ["pytest-django"] }, groups: {} },
    });
    expect(facts.pythonVersion).toEqual({ version: "3.11", source: "requires-python >=3.11", pinned: false });
  });

  it("prefers a requirements file that pins everything to pyproject's ranges, and says so", async () => {
    const dir = copyFixture("pyproject-hatchling");
    writeFileSync(join(dir, "requirements.txt"), "Django==5.1.4\nsqlparse==0.5.3\n");
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({ kind: "requirements", file: "requirements.txt", install: "package" });
    expect(facts.packaging.why).toBe("it pins every requirement with ==; preferred to pyproject.toml");
  });

  it("prefers a lock file to pyproject's ranges, and still installs the project", async () => {
    const dir = copyFixture("pyproject-hatchling");
    writeFileSync(join(dir, "uv.lock"), UV_LOCK);
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({
      kind: "uv",
      file: "uv.lock",
      install: "package",
      why: "a lock file pins every package; preferred to pyproject.toml",
    });
    expect(facts.packaging.requirements).toContain("django==5.1.4");
  });

  it("setup.cfg install_requires behind a setup.py shim is kind setup.cfg", async () => {
    const facts = await inspect(copyFixture("setupcfg-src-layout"));
    expect(facts.packaging).toMatchObject({ kind: "setup.cfg", file: "setup.cfg", install: "package" });
  });

  it("--dependencies picks another source, by kind or by file", async () => {
    const dir = copyFixture("pyproject-hatchling");
    mkdirSync(join(dir, "requirements"));
    writeFileSync(join(dir, "requirements", "deploy.txt"), "Django>=5\n");
    expect((await inspect(dir, { dependencies: "requirements/deploy.txt" })).packaging).toMatchObject({
      kind: "requirements",
      file: "requirements/deploy.txt",
      why: "from --dependencies",
    });
    const result = await run([dir, "--yes", "--dry-run", "--json", "--dependencies", "requirements/deploy.txt"]);
    expect(JSON.parse(result.stdout).dependencies).toEqual({
      kind: "requirements",
      file: "requirements/deploy.txt",
      extras: [],
      groups: [],
    });
  });
});

describe("requirements files", () => {
  it("refuses an include outside the project and a local install the image cannot see", () => {
    const dir = copyFixture("requirements-settings-package");
    writeFileSync(join(dir, "requirements", "production.txt"), "-r ../../elsewhere.txt\n");
    expect(() => readRequirementsGraph(dir, "requirements/production.txt")).toThrow(/not inside the project/);
    expect(() => readRequirementsGraph(dir, "requirements/local.txt")).toThrow(/installs a local folder \(-e \.\)/);
  });

  it("joins continuation lines and drops comments and options", () => {
    const dir = copyFixture("requirements-settings-package");
    writeFileSync(
      join(dir, "requirements.txt"),
      "--index-url https://example.org/simple\nDjango==5.1 \\\n  --hash=sha256:abc # pinned\n# a comment\n",
    );
    expect(readRequirementsGraph(dir, "requirements.txt").requirements).toEqual(["Django==5.1 --hash=sha256:abc"]);
  });
});

describe("Python version from requires-python", () => {
  it("is the oldest supported minor the specifier allows", () => {
    expect(lowestAllowedMinor(">=3.8")).toBe(10);
    expect(lowestAllowedMinor(">=3.11")).toBe(11);
    expect(lowestAllowedMinor(">3.10.4,!=3.11.*")).toBe(10);
    expect(lowestAllowedMinor("~=3.12")).toBe(12);
    expect(lowestAllowedMinor(">=3.8,<3.10")).toBeNull();
    expect(lowestAllowedMinor("^3.11")).toBeNull();
  });
});

describe("settings that need environment values at import time", () => {
  const settings = [
    "import os",
    "import environ",
    "from decouple import config",
    "env = environ.Env(DEBUG=(bool, False))",
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    'DEBUG = env("DEBUG")',
    'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")',
    'DATABASES = {"default": env.db()}',
    'EMAIL_PORT = config("EMAIL_PORT", cast=int)',
    'SENTRY_DSN = config("SENTRY_DSN", default="")',
    'TIME_ZONE = os.environ.get("TZ", "UTC")',
    "if os.environ.get('CI'):",
    '    CI_TOKEN = os.environ["CI_TOKEN"]',
    "",
  ].join("\n");

  it("finds os.environ[...], env(...) and config(...) without defaults, and not the optional ones", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "mysite", "settings.py"), settings);
    const facts = await inspect(dir);
    expect(facts.requiredEnv["mysite.settings"]?.map((r) => [r.name, r.kind])).toEqual([
      ["DJANGO_SECRET_KEY", "str"],
      ["ALLOWED_HOSTS", "str"],
      ["DATABASE_URL", "url"],
      ["EMAIL_PORT", "int"],
    ]);
  });

  it("gives throwaway values to collectstatic only, and tells the entrypoint's reader what the container needs", async () => {
    const dir = copyFixture("requirements-settings-package");
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("export DJANGO_SECRET_KEY=build-only-not-secret \\\n && django-admin collectstatic");
    expect(dockerfile).not.toMatch(/^ENV .*DJANGO_SECRET_KEY/m);
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(finalStage).not.toContain("build-only");
    expect(readFileSync(join(dir, "docker-entrypoint.sh"), "utf8")).toContain(
      "# Required: the settings cannot be imported without DJANGO_SECRET_KEY",
    );
  });
});

describe("build-time environment on a cookiecutter-django-shaped settings package", () => {
  // The shape of that template's settings (written here, not copied):
  // django-environ everywhere, defaults for development values, none for
  // production secrets and services.
  const base = [
    "import environ",
    "env = environ.Env()",
    'READ_DOT_ENV_FILE = env.bool("DJANGO_READ_DOT_ENV_FILE", default=False)',
    "if READ_DOT_ENV_FILE:",
    '    env.read_env(".env")',
    'DEBUG = env.bool("DJANGO_DEBUG", False)',
    'DATABASES = {"default": env.db("DATABASE_URL")}',
    "",
  ].join("\n");
  const production = [
    "from .base import *  # noqa",
    "from .base import env",
    'SECRET_KEY = env("DJANGO_SECRET_KEY")',
    'ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["example.com"])',
    'CACHES = {"default": env.cache("REDIS_URL")}',
    'EMAIL_PORT = env.int("DJANGO_EMAIL_PORT")',
    'SENTRY_DSN = env("SENTRY_DSN")',
    "",
  ].join("\n");

  it("finds the production module's required variables, each with a value that parses", async () => {
    const dir = copyFixture("requirements-settings-package");
    writeFileSync(join(dir, "config", "settings", "base.py"), base);
    writeFileSync(join(dir, "config", "settings", "production.py"), production);
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.stdout).toContain(
      "export DATABASE_URL=sqlite:////tmp/build-only.sqlite3 DJANGO_SECRET_KEY=build-only-not-secret REDIS_URL=locmemcache:// DJANGO_EMAIL_PORT=0 SENTRY_DSN=https://build-only@127.0.0.1/1",
    );
  });
});

describe("shapes seen in the wild", () => {
  it("a pyproject.toml that only configures tools does not make the project a package", async () => {
    const dir = copyFixture("requirements-settings-package");
    writeFileSync(
      join(dir, "pyproject.toml"),
      '[tool.ruff]\nline-length = 100\n\n[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "config.settings.local"\n',
    );
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({
      kind: "requirements",
      file: "requirements/production.txt",
      install: "copy",
    });
  });

  it("a Poetry project with package-mode = false is copied, even with a [build-system]", async () => {
    const dir = copyFixture("poetry-app");
    const pyproject = join(dir, "pyproject.toml");
    writeFileSync(
      pyproject,
      readFileSync(pyproject, "utf8").replace(
        /\[tool\.poetry\]\npackages = \[[^\]]*\]\n/,
        "[tool.poetry]\npackage-mode = false\n",
      ),
    );
    expect(readFileSync(pyproject, "utf8")).toContain("package-mode = false");
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({ kind: "poetry", file: "poetry.lock", install: "copy", buildRequires: [] });
  });

  it("so is a uv project with package = false, or a PDM one with distribution = false", async () => {
    for (const table of ["[tool.uv]\npackage = false\n", "[tool.pdm]\ndistribution = false\n"]) {
      const dir = copyFixture("pyproject-hatchling");
      appendFileSync(join(dir, "pyproject.toml"), `\n${table}`);
      expect((await inspect(dir)).packaging).toMatchObject({ kind: "pyproject", install: "copy", buildRequires: [] });
    }
  });

  it("a Channels project that depends on daphne is served by daphne, not gunicorn", async () => {
    const dir = copyFixture("requirements-settings-package");
    const base = join(dir, "config", "settings", "base.py");
    writeFileSync(
      base,
      `${readFileSync(base, "utf8").replace('"notes",', '"notes",\n    "daphne",\n    "channels",')}ASGI_APPLICATION = "config.asgi.application"\n`,
    );
    writeFileSync(join(dir, "config", "asgi.py"), "application = None\n");
    const requirements = join(dir, "requirements", "production.txt");
    writeFileSync(
      requirements,
      `${readFileSync(requirements, "utf8").replace(/^gunicorn.*\n/m, "")}channels>=4\ndaphne>=4\n`,
    );
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("daphne config.asgi:application (ASGI)");
    const entrypoint = readFileSync(join(dir, "docker-entrypoint.sh"), "utf8");
    expect(entrypoint).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${PORT}, not a template
      'exec daphne --bind 0.0.0.0 --port "${PORT:-$DEFAULT_PORT}" --proxy-headers --access-log - \\\n  config.asgi:application',
    );
    expect(entrypoint).not.toContain("gunicorn");
    // daphne comes from the project's own requirements; nothing is added beside them.
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).not.toMatch(/gunicorn|uvicorn/);
  });

  it("an ASGI project that depends on uvicorn-worker gets that worker, not uvicorn's deprecated one", async () => {
    const dir = copyFixture("asgi-src-requirements");
    appendFileSync(join(dir, "requirements.txt"), "uvicorn-worker>=0.2\n");
    await run([dir, "--yes"]);
    expect(readFileSync(join(dir, "docker-entrypoint.sh"), "utf8")).toContain(
      "--worker-class uvicorn_worker.UvicornWorker",
    );
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("gunicorn uvicorn-worker");
  });

  it("a Channels project is served over ASGI with websocket support, even with a wsgi.py", async () => {
    const dir = copyFixture("requirements-settings-package");
    const base = join(dir, "config", "settings", "base.py");
    writeFileSync(
      base,
      `${readFileSync(base, "utf8").replace('"notes",', '"notes",\n    "channels",')}ASGI_APPLICATION = "config.asgi.application"\n`,
    );
    writeFileSync(join(dir, "config", "asgi.py"), "application = None\n");
    const result = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(JSON.parse(result.stdout).server).toEqual({ kind: "asgi", app: "config.asgi:application", chdir: "." });
    const entrypoint = await run([dir, "--yes"]);
    expect(entrypoint.code).toBe(0);
    expect(readFileSync(join(dir, "docker-entrypoint.sh"), "utf8")).toContain(
      "--worker-class uvicorn.workers.UvicornWorker",
    );
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("gunicorn uvicorn websockets");
  });
});
