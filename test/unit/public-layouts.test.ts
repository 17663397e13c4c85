import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { managePy, run, writeTree } from "../helpers.js";

/**
 * Trees shaped like well-known open-source Django projects: their folder
 * layout, where manage.py and the settings sit, what manage.py and wsgi.py
 * default to and where the dependencies are declared. The file contents
 * are minimal and written here; nothing is copied from those projects.
 */
const tree = (files: Record<string, string | object>) => writeTree(files, "cdd-layout-");

const wsgiPy = (module: string | null) =>
  `import os\nfrom django.core.wsgi import get_wsgi_application\n${module ? `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n` : ""}application = get_wsgi_application()\n`;
const settings = (extra = "") =>
  `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nSTATIC_URL = "/static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n${extra}`;

async function plan(dir: string, args: string[] = []) {
  const result = await run([dir, "--yes", "--dry-run", "--json", ...args]);
  if (result.code !== 0) throw new Error(result.stderr || result.stdout);
  return JSON.parse(result.stdout) as {
    settingsModule: string;
    server: { kind: string; app: string; chdir: string };
    dependencies: { kind: string; file: string };
    warnings: string[];
  };
}

describe("layouts of well-known open-source Django projects", () => {
  it("cookiecutter-django: config/settings/ package, requirements/ folder, manage.py defaulting to local", async () => {
    const dir = tree({
      "manage.py": managePy("config.settings.local"),
      "config/__init__.py": "",
      "config/settings/__init__.py": "",
      "config/settings/base.py": settings('WSGI_APPLICATION = "config.wsgi.application"\n'),
      "config/settings/local.py": "from .base import *  # noqa\nDEBUG = True\n",
      "config/settings/production.py": "from .base import *  # noqa\nDEBUG = False\n",
      "config/settings/test.py": "from .base import *  # noqa\n",
      "config/wsgi.py": wsgiPy("config.settings.production"),
      "requirements/base.txt": "django>=5.1\ndjango-environ\n",
      "requirements/local.txt": "-r base.txt\npytest\n",
      "requirements/production.txt": "-r base.txt\ngunicorn\n",
      "myproject/__init__.py": "",
    });
    expect(await plan(dir)).toMatchObject({
      settingsModule: "config.settings.production",
      server: { kind: "wsgi", app: "config.wsgi:application", chdir: "." },
      dependencies: { kind: "requirements", file: "requirements/production.txt" },
    });
  });

  it("django-oscar's sandbox: the library's setup.py at the root, manage.py and a top-level settings.py in sandbox/", async () => {
    const dir = tree({
      "setup.py":
        'from setuptools import setup, find_packages\nsetup(name="shoplib", version="3.2", package_dir={"": "src"}, packages=find_packages("src"), install_requires=["django>=4.2"])\n',
      "src/shoplib/__init__.py": "",
      "src/shoplib/models.py": "",
      "sandbox/manage.py": managePy("settings"),
      "sandbox/settings.py": settings('ROOT_URLCONF = "urls"\nWSGI_APPLICATION = "wsgi.application"\n'),
      "sandbox/urls.py": "urlpatterns = []\n",
      "sandbox/wsgi.py": wsgiPy("settings"),
    });
    const json = await plan(dir);
    expect(json).toMatchObject({
      settingsModule: "settings",
      server: { kind: "wsgi", app: "wsgi:application", chdir: "sandbox" },
      dependencies: { kind: "setup.py", file: "setup.py" },
    });
    // The package installs shoplib only: the site in sandbox/ is copied beside it.
    expect(json.warnings.join("\n")).toContain(
      "settings is not part of what installing the project gives (setuptools installs shoplib)",
    );
    await run([dir, "--yes"]);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("cp -a --parents 'sandbox' /opt/project/src/");
    expect(dockerfile).toMatch(/USER app\n(#.*\n)*WORKDIR \/opt\/project\/src\/sandbox\n/);
  });

  it("an app package installed by setup.py, its config/ project package beside it and left out", async () => {
    const dir = tree({
      "setup.py":
        'from setuptools import setup, find_packages\nsetup(name="notes", version="1.0", packages=find_packages(include=["notes", "notes.*"]), install_requires=["django>=4.2"])\n',
      "notes/__init__.py": "",
      "manage.py": managePy("config.settings"),
      "config/__init__.py": "",
      "config/settings.py": settings('WSGI_APPLICATION = "config.wsgi.application"\n'),
      "config/wsgi.py": wsgiPy("config.settings"),
    });
    await run([dir, "--yes"]);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("cp -a --parents 'config' 'manage.py' /opt/project/src/");
    expect(dockerfile).toContain('paths = [project, "/opt/project/src"]');
  });

  it("a `wagtail start` project: mysite/settings/ with base, dev and production; manage.py defaulting to dev", async () => {
    const dir = tree({
      "manage.py": managePy("mysite.settings.dev"),
      "requirements.txt": "Django>=5.0,<5.3\nwagtail>=6.3,<6.4\n",
      "mysite/__init__.py": "",
      "mysite/settings/__init__.py": "",
      "mysite/settings/base.py": settings('WSGI_APPLICATION = "mysite.wsgi.application"\n'),
      "mysite/settings/dev.py": "from .base import *\nDEBUG = True\n",
      "mysite/settings/production.py": "from .base import *\nDEBUG = False\n",
      "mysite/wsgi.py": wsgiPy("mysite.settings.dev"),
      "home/__init__.py": "",
    });
    expect(await plan(dir)).toMatchObject({
      settingsModule: "mysite.settings.production",
      server: { kind: "wsgi", app: "mysite.wsgi:application", chdir: "." },
      dependencies: { kind: "requirements", file: "requirements.txt" },
    });
  });

  it("NetBox: requirements.txt at the repository root, manage.py one level down in netbox/", async () => {
    const dir = tree({
      "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\n",
      "docs/index.md": "# docs\n",
      "netbox/manage.py": managePy("netbox.settings"),
      "netbox/netbox/__init__.py": "",
      "netbox/netbox/settings.py": settings('WSGI_APPLICATION = "netbox.wsgi.application"\n'),
      "netbox/netbox/wsgi.py": wsgiPy("netbox.settings"),
      "netbox/dcim/__init__.py": "",
    });
    expect(await plan(dir)).toMatchObject({
      settingsModule: "netbox.settings",
      server: { kind: "wsgi", app: "netbox.wsgi:application", chdir: "netbox" },
      dependencies: { kind: "requirements", file: "requirements.txt" },
    });
  });

  it("Saleor-style: a uv/pyproject project whose settings live in a single module and which serves ASGI only", async () => {
    const dir = tree({
      "pyproject.toml":
        '[project]\nname = "shop"\nversion = "3.20.0"\nrequires-python = ">=3.12"\ndependencies = ["django>=5.1", "uvicorn>=0.32"]\n\n[tool.uv]\npackage = false\n',
      "manage.py": managePy("shop.settings"),
      "shop/__init__.py": "",
      "shop/settings.py": settings('ASGI_APPLICATION = "shop.asgi.application"\n'),
      "shop/asgi.py":
        'import os\nfrom django.core.asgi import get_asgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\napplication = get_asgi_application()\n',
    });
    expect(await plan(dir)).toMatchObject({
      settingsModule: "shop.settings",
      server: { kind: "asgi", app: "shop.asgi:application", chdir: "." },
      dependencies: { kind: "pyproject", file: "pyproject.toml" },
    });
  });
});
