import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir, managePy, run, writeTree } from "../helpers.js";

/**
 * Shapes seen in public Django projects (sites, not tutorials) that stopped
 * the tool or gave a Dockerfile that could not build. Beside
 * public-layouts.test.ts; contents are minimal and written here.
 */
const tree = (files: Record<string, string | object>) => writeTree(files, "cdd-shape-");

const settings = (extra = "") =>
  `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nMIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\nSTATIC_URL = "/static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n${extra}`;
const entry = (kind: "wsgi" | "asgi") =>
  `import os\nfrom django.core.${kind} import get_${kind}_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_.settings")\napplication = get_${kind}_application()\n`;

interface PlanJson {
  settingsModule: string;
  server: { kind: string; app: string; program?: string };
  dependencies: { kind: string; file: string; extras: string[]; groups: string[] };
  pythonVersion: string;
  warnings: string[];
}

async function plan(dir: string, args: string[] = []): Promise<PlanJson> {
  const result = await run([dir, "--yes", "--dry-run", "--json", ...args]);
  if (result.code !== 0) throw new Error(result.stderr || result.stdout);
  return JSON.parse(result.stdout) as PlanJson;
}

/** Output with the summary box's borders and line wrapping taken out, for phrases. */
const flat = (text: string) => text.replace(/[│\s]+/g, " ");

async function dockerfile(dir: string, args: string[] = []): Promise<string> {
  const result = await run([dir, "--yes", "--dry-run", ...args]);
  expect(result.stdout + result.stderr).not.toContain("Unexpected error");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("entry points written as packages", () => {
  it.each(["asgi", "wsgi"] as const)(
    "site_/%s/__init__.py defining application, no module file, no *_APPLICATION setting",
    async (kind) => {
      const dir = tree({
        "manage.py": managePy("site_.settings"),
        "site_/__init__.py": "",
        "site_/settings.py": settings(),
        [`site_/${kind}/__init__.py`]: entry(kind),
        "requirements.txt": "Django>=5.1\nwhitenoise\n",
      });
      expect(await plan(dir)).toMatchObject({ server: { kind, app: `site_.${kind}:application` } });
    },
  );

  it("a folder named asgi that defines no application is no entry point", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/settings.py": settings(),
      "site_/wsgi.py": entry("wsgi"),
      "site_/asgi/__init__.py": "ROUTES = []\n",
      "requirements.txt": "Django>=5.1\nwhitenoise\n",
    });
    expect(await plan(dir)).toMatchObject({ server: { kind: "wsgi", app: "site_.wsgi:application" } });
  });

  it("the asgi-package fixture: served by gunicorn with uvicorn's worker", async () => {
    expect(await plan(join(fixturesDir, "asgi-package"))).toMatchObject({
      server: { kind: "asgi", app: "board.asgi:application" },
    });
  });
});

const pyproject = (body: string) => `[project]\nname = "site"\nversion = "1.0"\nrequires-python = ">=3.10"\n${body}`;
const wsgiSite = (files: Record<string, string>) =>
  tree({
    "manage.py": managePy("site_.settings"),
    "site_/__init__.py": "",
    "site_/settings.py": settings(),
    "site_/wsgi.py": entry("wsgi"),
    ...files,
  });

describe("what the image installs is what the project chose", () => {
  it("a production extra is chosen by default with --yes, and the summary says why; dev and docs are not", async () => {
    const dir = wsgiSite({
      "pyproject.toml": pyproject(
        'dependencies = ["Django>=5.1", "whitenoise"]\n\n[project.optional-dependencies]\nprod = ["gunicorn", "psycopg2"]\ndev = ["pytest"]\ndocs = ["sphinx"]\n',
      ),
    });
    expect(await plan(dir)).toMatchObject({ dependencies: { extras: ["prod"], groups: [] } });
    const out = await dockerfile(dir);
    expect(flat(out)).toContain("prod chosen by default: its name says production");
    expect(out).toContain("libpq-dev");
  });

  it("a server only in a group nobody chose is not the server: daphne in a test group of uv.lock", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/settings.py": settings(),
      "site_/asgi.py": entry("asgi"),
      "pyproject.toml": pyproject('dependencies = ["django"]\n\n[dependency-groups]\ntest = ["daphne"]\n'),
      "uv.lock": [
        'version = 1\nrequires-python = ">=3.10"\n',
        '[[package]]\nname = "site"\nversion = "1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "django" }]\n\n[package.dev-dependencies]\ntest = [{ name = "daphne" }]\n',
        '[[package]]\nname = "django"\nversion = "5.2.1"\nsource = { registry = "https://pypi.org/simple" }\n',
        '[[package]]\nname = "daphne"\nversion = "4.1.2"\nsource = { registry = "https://pypi.org/simple" }\n',
      ].join("\n"),
    });
    const out = await dockerfile(dir);
    expect(out).not.toContain("exec daphne");
    expect(out).toContain("uvicorn.workers.UvicornWorker");
  });

  it("granian, from a webserver extra chosen by default, serves the project", async () => {
    const dir = wsgiSite({
      "pyproject.toml": pyproject(
        'dependencies = ["Django>=5.1", "whitenoise"]\n\n[project.optional-dependencies]\nwebserver = ["granian"]\n',
      ),
    });
    const out = await dockerfile(dir);
    expect(out).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${PORT}, not a template
      'exec granian --interface wsgi --host 0.0.0.0 --port "${PORT:-$DEFAULT_PORT}" site_.wsgi:application',
    );
    expect(out).not.toContain("exec gunicorn");
  });

  it("Weblate-shaped extras: the wsgi extra (granian) is chosen by default; saml's xmlsec and the postgres driver are not", async () => {
    const dir = wsgiSite({
      "pyproject.toml": pyproject(
        'dependencies = ["Django>=5.1", "whitenoise"]\n\n[project.optional-dependencies]\npostgres = ["psycopg[binary]"]\nsaml = ["xmlsec==1.3.17"]\nwsgi = ["granian==2.8.1"]\ndev = ["pytest"]\n',
      ),
    });
    expect(await plan(dir)).toMatchObject({ dependencies: { extras: ["wsgi"] } });
    const out = await dockerfile(dir);
    expect(out).toContain("exec granian --interface wsgi");
    expect(out).not.toContain("libxmlsec1");
  });

  it("uWSGI the image never runs is left out, not compiled, and the user is told", async () => {
    const dir = wsgiSite({ "requirements.txt": "Django==5.2.1\nwhitenoise==6.9.0\nuWSGI==2.0.28\n" });
    const result = await plan(dir);
    expect(result.warnings.join("\n")).toContain("uWSGI is in requirements.txt, but the image serves with gunicorn");
    const out = await dockerfile(dir);
    expect(out).not.toMatch(/install .*build-essential/);
    expect(out).toMatch(/sed -i -E .*\/deps\/requirements\.txt/);
  });

  it("an extra nobody chose adds no system packages; a compiled package is named once", async () => {
    const dir = wsgiSite({
      "pyproject.toml": pyproject(
        'dependencies = ["Django>=5.1", "whitenoise", "psycopg2", "psycopg2>=2.9; python_version > \'3\'"]\n\n[project.optional-dependencies]\nmariadb = ["mysqlclient"]\n',
      ),
    });
    const out = await dockerfile(dir);
    expect(out).not.toContain("libmysqlclient");
    expect(out).not.toContain("libmariadb");
    expect(out).toMatch(/psycopg2 will be compiled|build: build-essential libpq-dev/);
  });
});

describe("the Python version", () => {
  it("requires-python that allows one minor version is a pin", async () => {
    const dir = wsgiSite({
      "pyproject.toml":
        '[project]\nname = "site"\nversion = "1"\nrequires-python = "==3.13.*"\ndependencies = ["Django>=5.1", "whitenoise"]\n',
    });
    expect((await plan(dir)).pythonVersion).toBe("3.13");
    expect(await dockerfile(dir)).toContain("(from requires-python ==3.13.*)");
  });

  it("Django bounds the default: Django 3.1 runs on Python 3.6 to 3.9, so not 3.12", async () => {
    const dir = wsgiSite({ "requirements.txt": "Django>=3.1,<3.2\nwhitenoise\n" });
    expect((await plan(dir)).pythonVersion).toBe("3.9");
    expect(flat(await dockerfile(dir))).toContain("Django 3.1 runs on Python 3.6 to 3.9");
  });
});

describe("git dependencies and packages from another index", () => {
  it("uv-git-index-asgi: git in the install stage, the lock's second index as pip's default extra index", async () => {
    const out = await dockerfile(join(fixturesDir, "uv-git-index-asgi"));
    expect(out).toContain('ARG PIP_EXTRA_INDEX_URL="http://127.0.0.1:8766/simple"');
    expect(out).toContain("# From git: greeting-cards.");
    expect(out).toContain("(from requires-python ==3.11.*)");
  });

  it("-e git+ in requirements is not refused as a local folder: it becomes a plain install of the same revision", async () => {
    const dir = wsgiSite({
      "requirements.txt":
        "Django==5.2.1\nwhitenoise==6.9.0\n-e git+https://github.com/example/tagging.git@0123456789abcdef0123456789abcdef01234567#egg=tagging\n",
    });
    const out = await dockerfile(dir);
    expect(out).toContain("# From git: tagging.");
    expect(out).toContain("apt-get install -y --no-install-recommends git");
  });

  it("no git, no extra index: neither appears", async () => {
    const out = await dockerfile(wsgiSite({ "requirements.txt": "Django==5.2.1\nwhitenoise==6.9.0\n" }));
    expect(out).not.toMatch(/install -y --no-install-recommends git$/m);
    expect(out).toContain("ARG PIP_EXTRA_INDEX_URL\n");
  });
});

describe("settings that raise at import without a variable, in ways a plain read does not show", () => {
  it("a get_env() helper, a raise under `if not os.environ.get`, a placeholder secret: the build gets throwaway values, the run is told", async () => {
    const dir = wsgiSite({
      "requirements.txt": "Django==5.2.1\nwhitenoise==6.9.0\n",
      "site_/settings.py": settings(
        [
          "import os",
          "from django.core.exceptions import ImproperlyConfigured",
          "",
          "def get_env(name):",
          "    try:",
          "        return os.environ[name]",
          "    except KeyError:",
          '        raise ImproperlyConfigured(f"Set {name}")',
          "",
          'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "change-me")',
          'if SECRET_KEY == "change-me":',
          '    raise ValueError("DJANGO_SECRET_KEY must be set")',
          'if not os.environ.get("SITE_HOST"):',
          '    raise ImproperlyConfigured("SITE_HOST")',
          'MAIL_FROM = get_env("MAIL_FROM")',
          'if int(os.environ.get("WORKERS", "2")) > 8:',
          '    raise ValueError("too many")',
          "",
        ].join("\n"),
      ),
    });
    const out = await dockerfile(dir);
    expect(out).toContain(
      "export DJANGO_SECRET_KEY=build-only-not-secret SITE_HOST=build-only-not-secret MAIL_FROM=build-only-not-secret",
    );
    expect(out).not.toMatch(/ WORKERS=/);
    expect(flat(out)).toContain("DJANGO_SECRET_KEY, SITE_HOST, MAIL_FROM required at import");
  });

  it("a helper that raises only about something else (a secret's _FILE that is not a file) makes nothing required", async () => {
    const dir = wsgiSite({
      "requirements.txt": "Django==5.2.1\nwhitenoise==6.9.0\n",
      "site_/settings.py": settings(
        [
          "import os",
          "from pathlib import Path",
          "",
          "def secret(name, default=None):",
          '    if path := os.getenv(name + "_FILE"):',
          "        if not Path(path).is_file():",
          '            raise RuntimeError(f"{name}_FILE is not a file")',
          "        return Path(path).read_text()",
          "    return os.getenv(name, default)",
          "",
          'MAIL_PASSWORD = secret("MAIL_PASSWORD")',
          "",
        ].join("\n"),
      ),
    });
    const out = await dockerfile(dir);
    expect(out).not.toContain("MAIL_PASSWORD=build-only");
    expect(flat(out)).not.toContain("required at import");
  });
});
