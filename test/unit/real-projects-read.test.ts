import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPackage } from "../../src/inspect/frontend.js";
import { fixturesDir, managePy, run, writeTree } from "../helpers.js";

/**
 * What the tool read wrong on public projects it had not met before: a
 * cookiecutter-django project, a Heroku-style API with config/django/*.py,
 * a site with its own config file (configparser). Contents are minimal and
 * written here (django-environ is not in the test package mirror, so these
 * shapes are not built).
 */
const tree = (files: Record<string, string | object>) => writeTree(files, "cdd-read-");
/** Output with the summary box's borders and line wrapping taken out, for phrases. */
const flat = (text: string) => text.replace(/[│\s]+/g, " ");

const base = `import environ
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
DEBUG = env.bool("DJANGO_DEBUG", False)
DATABASES = {"default": env.db("DATABASE_URL")}
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]
WSGI_APPLICATION = "config.wsgi.application"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")
CELERY_BROKER_URL = REDIS_URL
`;

/** A cookiecutter-django project: settings split in base/local/production, django-environ, Celery from the Procfile. */
const cookiecutterShaped = () =>
  tree({
    "manage.py": managePy("config.settings.local"),
    "config/__init__.py": "",
    "config/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
    "config/settings/__init__.py": "",
    "config/settings/base.py": base,
    "config/settings/local.py": 'from .base import *\nDEBUG = True\nALLOWED_HOSTS = ["localhost"]\n',
    "config/settings/production.py":
      "from .base import *\n" +
      'SECRET_KEY = env("DJANGO_SECRET_KEY")\n' +
      'ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["example.com"])\n' +
      'SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)\n',
    "requirements/base.txt": "Django>=5.1\ndjango-environ\nwhitenoise\ncelery\nredis\n",
    "requirements/local.txt": "-r base.txt\npytest\n",
    "requirements/production.txt": "-r base.txt\ngunicorn\npsycopg[binary]\n",
    Procfile:
      "release: python manage.py migrate\nweb: gunicorn config.wsgi:application\n" +
      "worker: celery -A config.celery_app worker --loglevel=info\n",
  });

/** The first .env, as `--yes` writes it beside compose.yaml. */
async function firstEnv(dir: string): Promise<string> {
  const result = await run([dir, "--yes"]);
  expect(result.stdout + result.stderr).not.toContain("Unexpected error");
  expect(result.code).toBe(0);
  return readFileSync(join(dir, ".env"), "utf8");
}

describe("the first .env lets the stack answer on localhost over plain HTTP", () => {
  it("cookiecutter-django: ALLOWED_HOSTS and SECURE_SSL_REDIRECT read through django-environ get development values", async () => {
    const env = await firstEnv(cookiecutterShaped());
    // Without them every page is a 400 (example.com only), or a redirect to an https:// nobody serves.
    expect(env).toMatch(/^DJANGO_ALLOWED_HOSTS=\*$/m);
    expect(env).toMatch(/^DJANGO_SECURE_SSL_REDIRECT=False$/m);
  });

  it("python-decouple and os.environ reads: the off value is one the settings read as off", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        "import os\nfrom decouple import config, Csv\n" +
        'SECRET_KEY = config("SECRET_KEY")\n' +
        'ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="example.com", cast=Csv())\n' +
        'SECURE_SSL_REDIRECT = os.environ.get("FORCE_HTTPS", "1") == "1"\n' +
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": config("DB_HOST")}}\n' +
        'STATIC_URL = "/static/"\nSTATIC_ROOT = "staticfiles"\n',
      "requirements.txt": "Django>=5.1\npython-decouple\npsycopg[binary]\n",
    });
    const env = await firstEnv(dir);
    expect(env).toMatch(/^ALLOWED_HOSTS=\*$/m);
    // "False" != "1" would be off too; the first word that turns it off is used.
    expect(env).toMatch(/^FORCE_HTTPS=(False|0|false|no)$/m);
  });

  it("a redirect that is off unless asked for gets no line", async () => {
    const dir = cookiecutterShaped();
    const production = join(dir, "config/settings/production.py");
    const text = readFileSync(production, "utf8").replace("default=True)", "default=False)");
    writeFileSync(production, text);
    expect(await firstEnv(dir)).not.toMatch(/^DJANGO_SECURE_SSL_REDIRECT=/m);
  });
});

describe("a config file read with configparser is not the environment", () => {
  // pretalx-shaped: the settings read their own .cfg; config.get(section, option) is no variable.
  const dir = () =>
    tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        "import configparser\nfrom django.utils.crypto import get_random_string\n" +
        'config = configparser.RawConfigParser()\nconfig.read("site.cfg")\n' +
        'DEBUG = config.getboolean("site", "debug")\n' +
        'if config.has_option("site", "secret"):\n    SECRET_KEY = config.get("site", "secret")\n' +
        "else:\n    SECRET_KEY = get_random_string(50)\n" +
        'STATIC_URL = "/static/"\nSTATIC_ROOT = "static.dist"\n',
      "requirements.txt": "Django>=5.1\n",
    });

  it("DEBUG from config.getboolean is not judged True, and no variable named after a section is asked for", async () => {
    const result = await run([dir(), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout + result.stderr);
    expect(out).not.toContain("DEBUG is True");
    expect(out).not.toMatch(/pass site\b|-e site\b/);
  });
});

describe("the settings module an image wants", () => {
  it("manage.py names the shared base module and a production module builds on it: production", async () => {
    const dir = tree({
      "manage.py": managePy("config.django.base"),
      "config/__init__.py": "",
      "config/wsgi.py": "application = None\n",
      "config/django/__init__.py": "",
      "config/django/base.py":
        'DEBUG = True\nSECRET_KEY = "dev"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "staticfiles"\n',
      "config/django/production.py":
        "import os\nfrom .base import *\nDEBUG = False\n" + 'SECRET_KEY = os.environ["SECRET_KEY"]\n',
      "config/django/test.py": "from .base import *\n",
      "requirements.txt": "Django>=5.1\n",
    });
    const result = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ settingsModule: "config.django.production" });
    const summary = await run([dir, "--yes", "--dry-run"]);
    expect(flat(summary.stdout)).toContain("manage.py defaults to config.django.base, the base the others build on");
  });
});

describe("warnings name the server the image runs", () => {
  it("a daphne site without WhiteNoise: daphne, not gunicorn, is said not to serve static files", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/asgi.py": "from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n",
      "site_/settings.py":
        'SECRET_KEY = "x"\nINSTALLED_APPS = ["daphne", "django.contrib.staticfiles"]\nMIDDLEWARE = []\n' +
        'ASGI_APPLICATION = "site_.asgi.application"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "staticfiles"\n',
      "requirements.txt": "Django>=5.1\ndaphne\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout + result.stderr);
    expect(out).toContain("serves static files, and daphne does not");
    expect(out).not.toContain("and gunicorn does not");
  });
});

describe("a front end built where Django does not look", () => {
  // paperless-ngx-shaped: `ng build` with defaultConfiguration "" writes the options' outputPath;
  // only the production configuration writes into an app's static folder.
  const angular = (defaultConfiguration: string) => ({
    projects: {
      ui: {
        architect: {
          build: {
            options: { outputPath: { base: "dist/ui", browser: "" } },
            configurations: { production: { outputPath: { base: "../src/documents/static/frontend/" } } },
            defaultConfiguration,
          },
        },
      },
    },
  });
  const dir = (defaultConfiguration: string) =>
    tree({
      "src/manage.py": managePy("site_.settings"),
      "src/site_/__init__.py": "",
      "src/site_/wsgi.py": "application = None\n",
      "src/site_/settings.py":
        'SECRET_KEY = "x"\nINSTALLED_APPS = ["documents", "django.contrib.staticfiles"]\n' +
        'MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n' +
        'STATIC_URL = "/static/"\nSTATIC_ROOT = "staticfiles"\n',
      "src/documents/__init__.py": "",
      "src/documents/static/documents/app.css": "body {}\n",
      "requirements.txt": "Django>=5.1\nwhitenoise\n",
      "src-ui/package.json": { name: "ui", scripts: { build: "ng build" }, devDependencies: { "@angular/cli": "^20" } },
      "src-ui/package-lock.json": { lockfileVersion: 3 },
      "src-ui/angular.json": angular(defaultConfiguration),
    });

  it("the output no STATICFILES_DIRS entry or app static folder holds is named, with what to do", async () => {
    const result = await run([dir(""), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout + result.stderr)).toContain(
      "src-ui/package.json's build script writes src-ui/dist/ui (src-ui/angular.json), which neither " +
        "STATICFILES_DIRS nor an app's static folder holds: collectstatic will not find it",
    );
  });

  it("built into an app's static folder (the production configuration by default): no warning", async () => {
    const result = await run([dir("production"), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("src/documents/static/frontend");
    expect(flat(result.stdout + result.stderr)).not.toContain("collectstatic will not find it");
  });
});

describe("Poetry's own dependency table without a lock", () => {
  it("says what to run (poetry lock), not that the project declares nothing", async () => {
    // vintasoftware/django-react-boilerplate-shaped: manage.py in backend/, Poetry 1 tables, no poetry.lock.
    const dir = tree({
      "pyproject.toml":
        '[tool.poetry]\nname = "site"\nversion = "0.1.0"\npackage-mode = false\n\n' +
        '[tool.poetry.dependencies]\npython = "^3.12"\nDjango = "^5.2"\ngunicorn = "^23.0"\n\n' +
        '[build-system]\nrequires = ["poetry-core>=1.2.0"]\nbuild-backend = "poetry.core.masonry.api"\n',
      "backend/manage.py": managePy("site_.settings"),
      "backend/site_/__init__.py": "",
      "backend/site_/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\n',
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(1);
    const out = flat(result.stdout + result.stderr);
    expect(out).toContain("Run `poetry lock`, then create-django-docker again.");
    expect(out).not.toContain("No dependency declaration found");
  });
});

describe("django-tailwind-cli builds its CSS at build time", () => {
  // djangopackages-shaped: settings.py beside manage.py, INSTALLED_APPS summed from two lists,
  // the CSS the app builds git-ignored.
  const dir = (apps: string) =>
    tree({
      "manage.py": managePy("settings"),
      "wsgi.py": "application = None\n",
      "settings.py":
        'SECRET_KEY = "x"\nMIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n' +
        `${apps}\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "collected_static"\nSTATICFILES_DIRS = ["static"]\n` +
        'TAILWIND_CLI_DIST_CSS = "css/tailwind.css"\n',
      "static/img/logo.svg": "<svg/>\n",
      "requirements.txt": "Django>=5.1\nwhitenoise\ndjango-tailwind-cli\n",
    });

  it("INSTALLED_APPS that cannot be read: the requirement says; the build runs tailwind build, then drops the binary", async () => {
    const summed =
      'PREREQ_APPS = ["django.contrib.staticfiles", "django_tailwind_cli"]\nPROJECT_APPS = ["grid"]\n' +
      "INSTALLED_APPS = PREREQ_APPS + PROJECT_APPS";
    const json = await run([dir(summed), "--yes", "--dry-run", "--json"]);
    expect(json.code).toBe(0);
    const steps = (JSON.parse(json.stdout) as { staticSteps: string[] }).staticSteps;
    expect(steps.indexOf("tailwind build")).toBeGreaterThan(-1);
    expect(steps.indexOf("tailwind build")).toBeLessThan(steps.indexOf("collectstatic"));
    const text = await run([dir(summed), "--yes", "--dry-run"]);
    expect(text.stdout).toMatch(/django-admin tailwind build \\\n\+ && rm -rf \.django_tailwind_cli \\\n/);
  });

  it("a literal INSTALLED_APPS without the app: no tailwind step, whatever the requirements say", async () => {
    const json = await run([dir('INSTALLED_APPS = ["django.contrib.staticfiles"]'), "--yes", "--dry-run", "--json"]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { staticSteps: string[] }).staticSteps).not.toContain("tailwind build");
  });
});

describe("which package.json script is the production build", () => {
  // kitsune-shaped: no `build` script; a styleguide copy, a development and a production webpack build.
  const dir = (staticDirs: string) =>
    tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        'import os\nSECRET_KEY = "x"\nMIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n' +
        'def path(*parts):\n    return os.path.join(os.path.dirname(__file__), "..", *parts)\n' +
        `STATIC_URL = "/static/"\nSTATIC_ROOT = "static"\nSTATICFILES_DIRS = ${staticDirs}\n`,
      "requirements.txt": "Django>=5.1\nwhitenoise\n",
      "package.json": {
        name: "site",
        scripts: {
          "build:styleguide:copy": "mkdir -p styleguide/build && cp -r dist/. styleguide/build/",
          "webpack:build": "webpack build --config webpack.dev.js",
          "webpack:build:prod": "webpack build --config webpack.prod.js",
        },
        devDependencies: { webpack: "^5" },
      },
      "package-lock.json": { lockfileVersion: 3 },
      "webpack.prod.js": 'module.exports = { mode: "production", entry: "./assets/main.js" };\n',
      "assets/main.js": "console.log(1);\n",
    });

  it("a build word with a production word wins over the first build-like name", async () => {
    const result = await run([dir('(path("dist"),)'), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout)).toContain("script webpack:build:prod");
    expect(result.stdout).toContain("RUN npm run webpack:build:prod");
  });

  it('STATICFILES_DIRS built by a helper (path("dist")) may hold the output: no unread-output warning', async () => {
    const result = await run([dir('(path("dist"),)'), "--yes", "--dry-run"]);
    expect(flat(result.stdout + result.stderr)).not.toContain("collectstatic will not find it");
  });
});

describe("the summary of what is installed", () => {
  it("an extra and a group of the same name (kitsune's dev) are told apart", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "pyproject.toml":
        '[project]\nname = "site"\nversion = "1"\ndependencies = ["Django>=5.1"]\n' +
        '[project.optional-dependencies]\ndev = ["pytest"]\n[dependency-groups]\ndev = ["ruff"]\n',
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout)).toContain("not installed: dev (extra), dev (group)");
  });
});

describe("django-split-settings: include() and a variable that picks the environment's file", () => {
  // wemake-django-template-shaped: server/settings/__init__.py includes components, then
  // environments/{DJANGO_ENV}.py, DJANGO_ENV defaulting to development through os.environ.setdefault.
  const dir = () =>
    tree({
      "manage.py": managePy("server.settings"),
      "server/__init__.py": "",
      "server/wsgi.py": "application = None\n",
      "server/settings/__init__.py":
        "from os import environ\nfrom split_settings.tools import include, optional\n" +
        "environ.setdefault('DJANGO_ENV', 'development')\n_ENV = environ['DJANGO_ENV']\n" +
        "_base_settings = (\n    'components/common.py',\n    f'environments/{_ENV}.py',\n" +
        "    optional('environments/local.py'),\n)\ninclude(*_base_settings)\n",
      "server/settings/components/__init__.py": "",
      "server/settings/components/common.py":
        "from decouple import config\nSECRET_KEY = config('DJANGO_SECRET_KEY')\n" +
        "MIDDLEWARE = ['whitenoise.middleware.WhiteNoiseMiddleware']\nSTATIC_URL = '/static/'\n",
      "server/settings/environments/__init__.py": "",
      "server/settings/environments/development.py": "DEBUG = True\nSTATIC_ROOT = 'dev-static'\n",
      "server/settings/environments/production.py": "DEBUG = False\nSTATIC_ROOT = '/var/www/django/static'\n",
      "requirements.txt": "Django>=5.1\ndjango-split-settings\npython-decouple\nwhitenoise\n",
    });

  it("reads the included files, and the image itself runs the production file", async () => {
    const result = await run([dir(), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout + result.stderr);
    // Set in the base stage: collectstatic and `docker run IMAGE` both get the production file
    // (the variable the module sets itself is no throwaway: "build-only-not-secret.py" does not exist).
    const dockerfile = result.stdout.slice(result.stdout.indexOf("+++ b/Dockerfile"));
    const base = dockerfile.slice(0, dockerfile.indexOf("AS build-base"));
    expect(base).toContain("\n+ENV DJANGO_ENV=production\n");
    expect(result.stdout).toMatch(/export DJANGO_SECRET_KEY=build-only-not-secret \\/);
    expect(result.stdout).not.toMatch(/docker run -p.*-e DJANGO_ENV/);
    expect(result.stdout).toMatch(/docker run -p 8000:8000 -e DJANGO_SECRET_KEY [\w.-]+\n/);
    expect(out).toContain("DJANGO_ENV=production set in the image");
    expect(out).toMatch(/DJANGO_SECRET_KEY required at import \(server\/settings\/components\/common.py:2;/);
    expect(result.stdout).toMatch(/cannot be imported without DJANGO_SECRET_KEY\n/);
    // STATIC_ROOT and the middleware come from the included files.
    expect(out).not.toContain("sets no STATIC_ROOT");
    expect(out).not.toContain("serves static files, and gunicorn does not");
    expect(out).toContain("server/settings/environments/production.py");
  });

  it("a list appended to in flag branches whose no-flag file is not committed is named, with the way out", async () => {
    // Tabbycat-shaped: core.py, then IN_DOCKER=1 adds docker.py, else local.py (only local.example is
    // committed); a nested flag adds development.py, which only runs when that flag is set.
    const flags = tree({
      "manage.py": managePy("settings"),
      "asgi.py": "application = None\n",
      "settings/__init__.py":
        "import os\nfrom split_settings.tools import include\nbase_settings = ['core.py']\n" +
        "if os.environ.get('IN_DOCKER', ''):\n    base_settings.append('docker.py')\n" +
        "elif os.environ.get('ON_HEROKU', ''):\n    base_settings.append('heroku.py')\n" +
        "else:\n    base_settings.append('local.py')\n" +
        "    if os.environ.get('LOCAL_DEVELOPMENT', ''):\n        base_settings.append('development.py')\n" +
        "include(*base_settings)\n",
      "settings/core.py": "SECRET_KEY = 'x'\nSTATIC_URL = '/static/'\nSTATIC_ROOT = 'staticfiles'\n",
      "settings/docker.py": "ALLOWED_HOSTS = ['*']\n",
      "settings/heroku.py": "ALLOWED_HOSTS = ['*']\n",
      "settings/local.example": "DEBUG = True\n",
      "requirements.txt": "Django>=5.1\ndjango-split-settings\n",
    });
    const out = flat((await run([flags, "--yes", "--dry-run"])).stdout);
    expect(out).toContain("settings/__init__.py:12 includes local.py when no environment flag picks another file");
    expect(out).not.toContain("includes docker.py");
    expect(out).not.toContain("includes development.py");
    // The wemake shape above includes only files it has (local.py is optional there): no such warning.
    expect(flat((await run([dir(), "--yes", "--dry-run"])).stdout)).not.toContain("when no environment flag picks");
  });

  it("compose's .env.example leaves the picking variable to the image and fills in the secret", async () => {
    // test/fixtures/split-settings-env: SITE_STAGE picks environments/<stage>.py; SECRET_KEY is
    // config("SITE_SECRET") in an included file, which no star-import reaches.
    const result = await run([join(fixturesDir, "split-settings-env"), "--yes", "--dry-run", "--compose"]);
    expect(result.code).toBe(0);
    const example = result.stdout.slice(result.stdout.indexOf("+++ b/.env.example"));
    // An empty SITE_STAGE= in .env would override the image's value and include "environments/.py".
    expect(example).not.toMatch(/^\+SITE_STAGE=/m);
    expect(example).toMatch(/^\+# SITE_STAGE=/m);
    expect(example).toMatch(/^\+SITE_SECRET=change-me/m);
  });

  it("os.environ[X] after the module's own os.environ.setdefault(X, ...) is not required", async () => {
    const plain = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        "import os\nos.environ.setdefault('SITE_MODE', 'web')\nMODE = os.environ['SITE_MODE']\n" +
        'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\n",
    });
    const result = await run([plain, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("SITE_MODE=");
    expect(flat(result.stdout)).not.toContain("required at import");
  });
});

describe("a Django older than the Python the image can have", () => {
  const site = (requirements: string, extra: Record<string, string> = {}) =>
    tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": requirements,
      ...extra,
    });

  it("Django 2.1 (recipe-app-api) gets Python 3.8, not 3.12, and a warning that says to upgrade", async () => {
    const result = await run([site("Django>=2.1.3,<2.2.0\n"), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ARG PYTHON_IMAGE=python:3.8-slim");
    expect(flat(result.stdout + result.stderr)).toContain(
      "Django 2.1 (Django>=2.1.3,<2.2.0) runs on Python 3.5 to 3.7, and the image has Python 3.8",
    );
  });

  it("a pinned Python outside the Django's range is named too", async () => {
    const result = await run([site("Django>=3.1,<3.2\n", { ".python-version": "3.12\n" }), "--yes", "--dry-run"]);
    expect(flat(result.stdout + result.stderr)).toContain(
      "runs on Python 3.6 to 3.9, and the image has Python 3.12: it may fail at start. Choose a Python in that range",
    );
  });
});

describe("an API without django.contrib.staticfiles", () => {
  it("runs no collectstatic (the command does not exist there) and warns about no static files", async () => {
    const result = await run([join(fixturesDir, "api-no-staticfiles"), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("django-admin collectstatic");
    const out = flat(result.stdout + result.stderr);
    expect(out).toContain("Static files none (django.contrib.staticfiles is not in INSTALLED_APPS)");
    // The warnings, not the Dockerfile's comment on its build-only STATIC_ROOT.
    expect(out).not.toContain("sets no STATIC_ROOT: collectstatic runs at build time");
    expect(out).not.toContain("serves static files, and");
  });
});

describe("environment reads the build must not give a throwaway value", () => {
  it("`if path:` on a variable that names a file to run (umap's UMAP_SETTINGS) is no requirement", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        "import os\nfrom django.core.exceptions import ImproperlyConfigured\n" +
        'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n' +
        'path = os.environ.get("SITE_SETTINGS")\nif path:\n    try:\n' +
        "        exec(open(path).read())\n    except IOError:\n" +
        '        raise ImproperlyConfigured("Unable to read %s" % path)\n',
      "requirements.txt": "Django>=5.1\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    // A throwaway SITE_SETTINGS would be a file that does not exist: the build would raise.
    expect(result.stdout).not.toContain("SITE_SETTINGS=");
    expect(flat(result.stdout)).not.toContain("required at import");
  });

  it("a SECRET_KEY chosen in an if: the variable its branch reads is named, not the one the if tests", async () => {
    // python-discord/site-shaped: a literal key in DEBUG, a random one in CI, env("SECRET_KEY") otherwise.
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        "import os, secrets\nimport environ\nenv = environ.Env(DEBUG=(bool, False))\n" +
        'DEBUG = env("DEBUG")\nif DEBUG:\n    SECRET_KEY = "dev"\nelif "CI" in os.environ:\n' +
        '    SECRET_KEY = secrets.token_urlsafe(32)\nelse:\n    SECRET_KEY = env("SECRET_KEY")\n' +
        'STATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\ndjango-environ\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout);
    expect(out).toContain("pass SECRET_KEY)");
    expect(out).not.toContain("pass CI)");
  });
});

describe("an installed package whose front end builds into its own static folder", () => {
  it("says the build comes after the install, and what to do (pretalx)", async () => {
    const dir = tree({
      "pyproject.toml":
        '[project]\nname = "talks"\nversion = "1"\ndependencies = ["Django>=5.1", "whitenoise"]\n' +
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n' +
        '[tool.setuptools.packages.find]\nwhere = ["src"]\n',
      "src/manage.py": managePy("talks.settings"),
      "src/talks/__init__.py": "",
      "src/talks/wsgi.py": "application = None\n",
      "src/talks/settings.py":
        'SECRET_KEY = "x"\nINSTALLED_APPS = ["talks", "django.contrib.staticfiles"]\n' +
        'MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "/srv/static"\n',
      "src/talks/static/talks/site.css": "body {}\n",
      "src/talks/frontend/package.json": {
        name: "agenda",
        scripts: { build: "vite build" },
        devDependencies: { vite: "^6" },
      },
      "src/talks/frontend/package-lock.json": { lockfileVersion: 3 },
      "src/talks/frontend/vite.config.js":
        'export default { build: { outDir: "../static/agenda/js", emptyOutDir: true } };\n',
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout + result.stderr);
    expect(out).toContain(
      "installed as a package before its front end is built: the output (src/talks/static/agenda/js)",
    );
    expect(out).toContain("Commit the built files and run with --frontend none");
    expect(out).not.toContain("Build it into a folder inside the package");
  });

  it("says so too when a sandbox site is copied beside the package (django-oscar)", async () => {
    const dir = tree({
      "pyproject.toml":
        '[project]\nname = "shop"\nversion = "1"\ndependencies = ["Django>=5.1", "whitenoise"]\n' +
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n' +
        '[tool.setuptools.packages.find]\nwhere = ["src"]\n',
      "setup.py":
        'from setuptools import find_packages, setup\nsetup(packages=find_packages("src"), package_dir={"": "src"})\n',
      "src/shop/__init__.py": "",
      "src/shop/static/.keep": "",
      "sandbox/manage.py": managePy("settings"),
      "sandbox/wsgi.py": "application = None\n",
      "sandbox/settings.py":
        'SECRET_KEY = "x"\nINSTALLED_APPS = ["shop", "django.contrib.staticfiles"]\n' +
        'MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "/srv/static"\n',
      "package.json": { name: "shop", scripts: { build: "gulp" }, devDependencies: { gulp: "^5" } },
      "package-lock.json": { lockfileVersion: 3 },
      "gulpfile.js":
        'const gulp = require("gulp");\n' +
        'exports.default = () => gulp.src("assets/**").pipe(gulp.dest("src/shop/static/shop"));\n',
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout + result.stderr);
    expect(out).toContain("copies sandbox beside it");
    expect(out).toContain("installed as a package before its front end is built: the output (src/shop/static/shop)");
  });
});

describe("django-vite left in dev mode", () => {
  it("dev_mode True (saaspegasus' starter) is named like DEBUG: the pages would ask a Vite dev server", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        'import os\nSECRET_KEY = "x"\nDEBUG = os.environ.get("DEBUG") == "1"\n' +
        'INSTALLED_APPS = ["django_vite", "django.contrib.staticfiles"]\n' +
        'MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n' +
        'STATIC_URL = "/static/"\nSTATIC_ROOT = "static_root"\n' +
        'DJANGO_VITE = {"default": {"dev_mode": True}}\n',
      "requirements.txt": "Django>=5.1\ndjango-vite\nwhitenoise\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout + result.stderr)).toContain(
      "Vite dev mode django-vite's dev_mode is True in these settings: the image's pages would load their scripts",
    );
    const fromDebug = join(dir, "site_/settings.py");
    writeFileSync(fromDebug, readFileSync(fromDebug, "utf8").replace('"dev_mode": True', '"dev_mode": DEBUG'));
    expect(flat((await run([dir, "--yes", "--dry-run"])).stdout)).not.toContain("Vite dev mode");
  });
});

describe("PEP 735 dependency groups without a [project] table", () => {
  it("are the declaration (bookwyrm's main group), chosen by default; dev is not", async () => {
    const result = await run([join(fixturesDir, "api-no-staticfiles"), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout);
    expect(out).toContain("1 requirement from pyproject.toml");
    expect(out).toContain("with main; not installed: dev");
    expect(result.stdout).toContain("DEPENDENCY_GROUPS='main' python docker-requirements.py");
  });
});

describe("the Python the project already deploys on", () => {
  it("its own Dockerfile's last FROM python:3.X is the image's Python, not a question (bookwyrm)", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\n",
      Dockerfile: "FROM python:3.13 AS build\nRUN pip wheel -r requirements.txt\nFROM python:3.11-slim\nCOPY . .\n",
    });
    const json = await run([dir, "--yes", "--dry-run", "--json", "--existing", "beside"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ pythonVersion: "3.11" });
    const text = await run([dir, "--yes", "--dry-run", "--existing", "beside"]);
    expect(flat(text.stdout)).toContain("(from Dockerfile: FROM python:3.11-slim)");
  });
});

describe("a pyproject build backend with no package to build", () => {
  // OpenCiviWiki-shaped: poetry-core, a name (OpenCiviWiki) no folder matches, the site in project/.
  const site = (extra: Record<string, string>) =>
    tree({
      "pyproject.toml":
        '[tool.poetry]\nname = "OpenCiviWiki"\nversion = "1.0"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n' +
        'Django = "^5.1"\n\n[build-system]\nrequires = ["poetry-core>=1.0.0"]\n' +
        'build-backend = "poetry.core.masonry.api"\n',
      "poetry.lock":
        '[[package]]\nname = "django"\nversion = "5.1.4"\ndescription = ""\noptional = false\n' +
        'python-versions = ">=3.10"\ngroups = ["main"]\nfiles = []\n\n[metadata]\nlock-version = "2.1"\n' +
        'python-versions = "^3.10"\ncontent-hash = "x"\n',
      "project/manage.py": managePy("core.settings"),
      "project/core/__init__.py": "",
      "project/core/wsgi.py": "application = None\n",
      "project/core/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      ...extra,
    });

  it("is copied, not pip-installed (poetry-core would fail: no folder named openciviwiki)", async () => {
    const result = await run([site({}), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout)).toContain("no packaging, so the source is copied into the image");
    expect(result.stdout).not.toContain("docker-install-project.py /opt/project");
  });

  it("a folder named after the project makes it a package again", async () => {
    const result = await run([site({ "openciviwiki/__init__.py": "" }), "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout)).not.toContain("no packaging, so the source is copied");
  });
});

describe("setuptools from pyproject.toml alone, apps beside the settings package", () => {
  it("is copied: setuptools would refuse several top-level packages in a flat layout", async () => {
    const dir = tree({
      "pyproject.toml":
        '[project]\nname = "mysite"\nversion = "1"\ndependencies = ["Django>=5.1"]\n\n' +
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n',
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "accounts/__init__.py": "",
      "blog/__init__.py": "",
      "tests/__init__.py": "",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout)).toContain("no packaging, so the source is copied into the image");
    expect(result.stdout).not.toContain("docker-install-project.py /opt/project");
  });
});

describe("STATIC_ROOT set to an empty string", () => {
  it("the summary says it is not set, as the warning does (django-allauth's example)", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        'SECRET_KEY = "x"\nMIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n' +
        'STATIC_ROOT = ""\nSTATIC_URL = "/static/"\n',
      "requirements.txt": "Django>=5.1\nwhitenoise\n",
    });
    const out = flat((await run([dir, "--yes", "--dry-run"])).stdout);
    expect(out).toContain("Static files STATIC_ROOT is not set (see below)");
    expect(out).toContain("sets no STATIC_ROOT: collectstatic runs at build time");
  });
});

describe("the Python a Dockerfile names through a build argument", () => {
  it("FROM python:$PYTHON_VERSION takes the ARG's default (mathesar)", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py": 'SECRET_KEY = "x"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\n",
      Dockerfile: "ARG PYTHON_VERSION=3.13-bookworm\nFROM python:$PYTHON_VERSION AS base\nFROM base AS production\n",
    });
    const json = await run([dir, "--yes", "--dry-run", "--json", "--existing", "beside"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ pythonVersion: "3.13" });
  });
});

describe("an API with nothing for the static stage to do", () => {
  // No django.contrib.staticfiles, no locale folder, the database outside the project's folder.
  it("runs no Django step and makes no STATIC_ROOT at build", async () => {
    const dir = tree({
      "manage.py": managePy("api.settings"),
      "api/__init__.py": "",
      "api/wsgi.py": "application = None\n",
      "api/settings.py":
        'SECRET_KEY = "x"\nINSTALLED_APPS = ["django.contrib.contenttypes"]\n' +
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/api.sqlite3"}}\n',
      "requirements.txt": "Django>=5.1\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const dockerfile = result.stdout.slice(result.stdout.indexOf("+++ b/Dockerfile"));
    const stage = dockerfile.slice(dockerfile.indexOf("AS static"), dockerfile.indexOf("AS final"));
    expect(stage).not.toContain("django.setup()");
    expect(stage).not.toContain("STATIC_ROOT");
    expect(stage).not.toContain("build_static_settings");
    // The final stage still copies the app user's home into place, owned by app.
    expect(stage).toContain("chown app:app /collected/image/app");
    expect(dockerfile).toContain("COPY --from=static /collected/image/ /");
  });
});

describe("front-end outputs named the way real projects name them", () => {
  const outputs = (files: Record<string, string | object>, dir = ".") =>
    readPackage(tree(files), dir).outputs.map((o) => o.value);

  it("webpack's output.path built from a name defined earlier in the config (Misago's shape)", () => {
    const config =
      'const path = require("path");\nconst app = path.resolve(__dirname, "../forum/static/forum/");\n' +
      'module.exports = { entry: "./src/index.js", output: { path: path.resolve(app, "js") } };\n';
    const files = {
      "ui/package.json": { scripts: { build: "webpack --mode production" } },
      "ui/webpack.config.js": config,
    };
    // Not ui/js: the name's value is followed.
    expect(outputs(files, "ui")).toEqual(["forum/static/forum/js"]);
    // A name whose value cannot be read gives no output rather than a wrong one.
    const unreadable = config.replace('path.resolve(__dirname, "../forum/static/forum/")', "require('./where')");
    expect(outputs({ ...files, "ui/webpack.config.js": unreadable }, "ui")).toEqual([]);
  });

  it("Vue CLI's outputDir, and sass given its input and output as two words (Tabbycat's shape)", () => {
    const scripts = {
      build: "npm-run-all -p build-*",
      "build-vue": "vue-cli-service build",
      "build-sass": "sass --style=compressed site/scss/main.scss site/static/css/main.css",
    };
    // Files copied out of node_modules with cpx are output too (jQuery, fonts).
    const copies = {
      ...scripts,
      build: "npm-run-all -p build-* cp-*",
      "cp-jquery": "cpx node_modules/jquery/dist/jquery.js site/static/js/vendor",
      "cp-fonts": 'cpx "node_modules/inter-ui/Inter (web)/*" site/static/fonts',
    };
    expect(outputs({ "package.json": { scripts: copies } }).sort()).toEqual([
      "site/static/css",
      "site/static/fonts",
      "site/static/js/vendor",
    ]);
    const files = {
      "package.json": { scripts },
      "vue.config.js": "module.exports = { outputDir: './site/static/vue/' };\n",
    };
    expect(outputs(files).sort()).toEqual(["site/static/css", "site/static/vue"]);
    // Without outputDir, Vue CLI writes dist/.
    expect(outputs({ ...files, "vue.config.js": "module.exports = { lintOnSave: false };\n" }).sort()).toEqual([
      "dist",
      "site/static/css",
    ]);
  });
});

describe("a mode flag guarding a raise (MicroPyramid Django-CRM)", () => {
  it("IS_DEV = environ.get(X, 'dev') == 'dev'; if not IS_DEV: raise: X is not required", async () => {
    // Unset, the mode is dev and nothing raises; a throwaway X would switch to prod and raise at build.
    const dir = tree({
      "manage.py": managePy("crm.settings"),
      "crm/__init__.py": "",
      "crm/wsgi.py": "application = None\n",
      "crm/settings.py":
        'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-dev")\n' +
        'IS_DEV = os.environ.get("RUN_MODE", "dev") == "dev"\n' +
        'if not IS_DEV:\n    raise ValueError("set a real SECRET_KEY outside dev")\n' +
        'STATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("RUN_MODE=build-only");
    expect(flat(result.stdout)).not.toContain("RUN_MODE required at import");
  });
});

describe("SQLite in DATABASES, other engines commented out (DjangoCRM)", () => {
  it("runs no database service for a commented-out engine or a driver kept for those who switch", async () => {
    const dir = tree({
      "manage.py": managePy("web.settings"),
      "web/__init__.py": "",
      "web/wsgi.py": "application = None\n",
      "web/settings.py":
        'SECRET_KEY = "x"\nDATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.sqlite3",\n' +
        '        # for PostgreSQL:\n        # "ENGINE": "django.db.backends.postgresql",\n' +
        '        "NAME": "/tmp/web.sqlite3",\n    }\n}\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\nmysqlclient\nredis\n",
    });
    const result = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    // redis in the requirements still counts: it is no database.
    expect(JSON.parse(result.stdout).services).toEqual(["redis"]);
  });
});

describe("the project's own compose.yaml (django-cms quickstart)", () => {
  it("is the project's, like a docker-compose.yml: no compose files of ours by default", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        'import os\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", ' +
        '"HOST": os.environ.get("DB_HOST", "db")}}\nSTATIC_URL = "/static/"\nSTATIC_ROOT = "static"\n',
      "requirements.txt": "Django>=5.1\npsycopg\n",
      "compose.yaml": "services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    const out = flat(result.stdout + result.stderr);
    expect(out).toContain("Compose not written (you have your own compose.yaml, which is kept");
    expect(result.stdout).not.toContain("+++ b/stack.yaml");
    expect(result.stdout).not.toContain("+++ b/.env.example");
    expect(out).not.toContain("docker compose up");
  });
});

describe("django-configurations (class-based settings picked by DJANGO_CONFIGURATION)", () => {
  it("is named as not handled, rather than a Dockerfile that fails without saying why", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/wsgi.py": "application = None\n",
      "site_/settings.py":
        "from configurations import Configuration\n\n\nclass Dev(Configuration):\n    DEBUG = True\n\n\n" +
        'class Prod(Dev):\n    DEBUG = False\n    STATIC_ROOT = "/srv/static"\n',
      "requirements.txt": "Django>=5.1\ndjango-configurations\n",
    });
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(flat(result.stdout + result.stderr)).toContain("django-configurations is in the requirements");
  });
});
