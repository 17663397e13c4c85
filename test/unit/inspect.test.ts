import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspect } from "../../src/inspect/index.js";
import { readRequiresTxt } from "../../src/inspect/setup-py.js";
import { copyFixture, snapshotTree } from "../helpers.js";

describe("inspect: setup.py project at the root", () => {
  it("reads settings, server, requirements, static and locale facts", async () => {
    const dir = copyFixture("setuppy-basic");
    const facts = await inspect(dir);
    expect(facts.root).toBe(dir);
    expect(facts.appDir).toBe(".");
    expect(facts.django.managePyDefault).toBe("mysite.settings");
    expect(facts.django.modules["mysite.settings"]?.names.WSGI_APPLICATION?.value).toBe("mysite.wsgi.application");
    expect(facts.django.modules["mysite.settings"]?.names.STATIC_ROOT?.expr).toBe('BASE_DIR / "staticfiles"');
    expect(facts.packaging.name).toBe("mysite");
    expect(facts.packaging.requirements).toEqual(["Django>=4.2", "sqlparse"]);
    expect(facts.packaging.optional).toEqual({ extras: { dev: ["pytest-django"] }, groups: {} });
    expect(facts.localeDirs).toEqual(["polls/locale"]);
  });

  it("adds the README that setup.py reads to the dependency stage's files", async () => {
    const facts = await inspect(copyFixture("setuppy-basic"));
    expect(facts.packaging.declarationFiles).toEqual(["setup.py", "README.md"]);
  });

  it("leaves the project tree byte-for-byte as it was (no stray egg-info)", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    await inspect(dir);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("inspect: src layout with setup.cfg and a settings package", () => {
  it("finds manage.py in src/ and the packaging root above it", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    const facts = await inspect(dir);
    expect(facts.root).toBe(dir);
    expect(facts.appDir).toBe("src");
    expect(facts.packaging.name).toBe("shop-site");
    expect(facts.packaging.requirements).toEqual(["Django>=4.2", "asgiref>=3.6"]);
    expect(facts.packaging.declarationFiles).toEqual(["setup.py", "setup.cfg"]);
    expect(facts.pythonVersion).toEqual({ version: "3.11", source: ".python-version", pinned: true });
  });

  it("follows `from .base import *` to settings set in the base module", async () => {
    const facts = await inspect(copyFixture("setupcfg-src-layout"));
    expect(facts.django.candidates).toEqual(["shop.settings.base", "shop.settings.local", "shop.settings.production"]);
    const production = facts.django.modules["shop.settings.production"]!;
    expect(production.names.WSGI_APPLICATION).toMatchObject({
      value: "shop.wsgi.application",
      file: "shop/settings/base.py",
    });
    expect(production.names.STATIC_ROOT).toBeUndefined();
  });
});

describe("inspect: edge cases", () => {
  it("skips virtualenvs and node_modules when looking for manage.py", async () => {
    const dir = copyFixture("setuppy-basic");
    for (const skipped of [".venv/lib", "node_modules/pkg"]) {
      mkdirSync(join(dir, skipped), { recursive: true });
      writeFileSync(join(dir, skipped, "manage.py"), "");
    }
    const facts = await inspect(dir);
    expect(facts.appDir).toBe(".");
  });

  it("reads a settings file whose names are added to with +=", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(
      join(dir, "mysite", "settings.py"),
      'INSTALLED_APPS = ["a"]\nINSTALLED_APPS += ["b"]\nSTATIC_ROOT = None\n',
    );
    const facts = await inspect(dir);
    expect(facts.django.modules["mysite.settings"]?.names.INSTALLED_APPS?.value).toEqual(["a", "b"]);
    expect(facts.django.modules["mysite.settings"]?.names.STATIC_ROOT).toMatchObject({ known: true, value: null });
  });
});

describe("requires.txt", () => {
  it("base requirements are those before the first section; extras are sections of their own", () => {
    expect(readRequiresTxt("Django>=4.2\nsqlparse\n\n[dev]\npytest\n")).toEqual({
      base: ["Django>=4.2", "sqlparse"],
      extras: { dev: ["pytest"] },
    });
  });
  it("a file that starts with an extras section has no base requirements", () => {
    expect(readRequiresTxt("[dev]\npytest\n")).toEqual({ base: [], extras: { dev: ["pytest"] } });
  });
  it("keeps environment-marked base requirements, and an extra's marker, on each line", () => {
    expect(
      readRequiresTxt('Django\n\n[:python_version < "3.11"]\ntomli\n\n[pg:sys_platform == "linux"]\npsycopg2\n'),
    ).toEqual({
      base: ["Django", 'tomli; python_version < "3.11"'],
      extras: { pg: ['psycopg2; sys_platform == "linux"'] },
    });
  });
});

describe("settings files Python accepts", () => {
  it("a byte-order mark at the start is no syntax error", async () => {
    const dir = copyFixture("setuppy-basic");
    const settings = join(dir, "mysite", "settings.py");
    writeFileSync(settings, `\ufeff${readFileSync(settings, "utf8")}`);
    const facts = await inspect(dir);
    expect(facts.django.modules["mysite.settings"]?.names.WSGI_APPLICATION?.value).toBe("mysite.wsgi.application");
  });
});
