import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shellLines } from "../../src/cli/next-steps.js";
import { inspect } from "../../src/inspect/index.js";
import { copyFixture, run } from "../helpers.js";

/** The basic fixture with its settings replaced by `settings`. */
function withSettings(settings: string): string {
  const dir = copyFixture("setuppy-basic");
  writeFileSync(join(dir, "mysite", "settings.py"), settings);
  return dir;
}

const BASE = 'STATIC_ROOT = "/app/static"\nWSGI_APPLICATION = "mysite.wsgi.application"\n';

describe("environment variables the settings read", () => {
  it("are found in the settings module, required or not, with the setting they feed", async () => {
    const facts = await inspect(copyFixture("setuppy-basic"));
    expect(facts.django.modules["mysite.settings"]?.env).toEqual([
      { name: "DJANGO_SECRET_KEY", required: false, setting: "SECRET_KEY", file: "mysite/settings.py", line: 6 },
      { name: "DJANGO_DEBUG", required: false, setting: "DEBUG", file: "mysite/settings.py", line: 7 },
      { name: "DJANGO_ALLOWED_HOSTS", required: false, setting: "ALLOWED_HOSTS", file: "mysite/settings.py", line: 8 },
      { name: "SQLITE_PATH", required: false, setting: "DATABASES", file: "mysite/settings.py", line: 52 },
    ]);
  });

  it("are followed through star imports; only unconditional os.environ[...] reads are required", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    writeFileSync(
      join(dir, "src", "shop", "settings", "production.py"),
      [
        "from .base import *",
        "from os import environ, getenv",
        'DATABASE_URL = environ["DATABASE_URL"]',
        'SENTRY_DSN = getenv("SENTRY_DSN")',
        'if "REDIS_URL" in environ:',
        '    CACHE_URL = environ["REDIS_URL"]',
        "def origin():",
        '    return environ["ORIGIN"]',
        'environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")',
        "",
      ].join("\n"),
    );
    const facts = await inspect(dir);
    const env = facts.django.modules["shop.settings.production"]!.env;
    expect(env.map((e) => [e.name, e.required])).toEqual([
      ["DJANGO_SECRET_KEY", false],
      ["SQLITE_PATH", false],
      ["DATABASE_URL", true],
      ["SENTRY_DSN", false],
      ["REDIS_URL", false],
      ["ORIGIN", false],
    ]);
    expect(env[0]).toMatchObject({ file: "shop/settings/base.py", setting: "SECRET_KEY" });
  });
});

describe("variables the settings cannot be imported without", () => {
  it("are read in the same Python run as the settings' values, in the order the imports run them", async () => {
    const dir = copyFixture("requirements-settings-package");
    writeFileSync(
      join(dir, "config", "settings", "production.py"),
      [
        "import os",
        'BEFORE = os.environ["BEFORE_BASE"]',
        "from .base import *",
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "config", "settings", "base.py"), 'import os\nBASE = os.environ["IN_BASE"]\n');
    // A Python that notes every program it is given.
    const tmp = mkdtempSync(join(tmpdir(), "cdd-python-log-"));
    const log = join(tmp, "scripts.log");
    writeFileSync(join(tmp, "python3"), `#!/bin/sh\nbasename "$1" >> "${log}"\nexec python3 "$@"\n`, { mode: 0o755 });
    process.env.CREATE_DJANGO_DOCKER_PYTHON = join(tmp, "python3");
    try {
      const facts = await inspect(dir);
      expect(facts.requiredEnv["config.settings.production"]?.map((r) => [r.name, r.file])).toEqual([
        ["BEFORE_BASE", "config/settings/production.py"],
        ["IN_BASE", "config/settings/base.py"],
        ["DJANGO_SECRET_KEY", "config/settings/production.py"],
      ]);
      expect(facts.requiredEnv["config.settings.base"]?.map((r) => r.name)).toEqual(["IN_BASE"]);
    } finally {
      delete process.env.CREATE_DJANGO_DOCKER_PYTHON;
    }
    // One Python for the whole inspection: it tells its version and reads the settings.
    expect(readFileSync(log, "utf8").trimEnd().split("\n")).toEqual(["boot.py"]);
  });
});

describe("the next commands", () => {
  it("pass the secret key, whose fallback is not for production, and list the optional ones", async () => {
    const result = await run([copyFixture("setuppy-basic"), "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("docker build -t mysite .");
    expect(result.stdout).toContain(
      "docker run --rm -p 8000:8000 -v mysite-data:/app/data -e DJANGO_SECRET_KEY=... mysite",
    );
    expect(result.stdout).toMatch(
      /DJANGO_SECRET_KEY +the fallback for SECRET_KEY is not a production secret\s+\(mysite\/settings.py:6\)/,
    );
    expect(result.stdout).toMatch(
      /mysite.settings also reads, with fallbacks: DJANGO_DEBUG,\s+DJANGO_ALLOWED_HOSTS, SQLITE_PATH\./,
    );
  });

  it("wrap the docker run command to a narrow terminal, and it still pastes as one command", () => {
    const parts = ["docker run --rm", "-p 8000:8000", "-v mysite-data:/app/data", "-e DJANGO_SECRET_KEY=...", "mysite"];
    const lines = shellLines(parts, 40, "  ");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/ \\$/);
    expect(lines.map((line) => line.replace(/ \\$/, "").trim()).join(" ")).toBe(parts.join(" "));
    expect(shellLines(parts, Number.POSITIVE_INFINITY, "  ")).toEqual([`  ${parts.join(" ")}`]);
  });

  it("suggest no variable the settings do not read", async () => {
    const result = await run([withSettings(`SECRET_KEY = "fixed"\n${BASE}`), "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("docker run --rm -p 8000:8000 mysite");
    expect(result.stdout).not.toContain("-e ");
    expect(result.stdout).not.toContain("DJANGO_SECRET_KEY");
  });

  it("pass every required variable; the build gets throwaway values for them instead of failing", async () => {
    const dir = withSettings(
      `import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nDATABASES = {"default": os.environ["DATABASE_URL"]}\n${BASE}`,
    );
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("docker run --rm -p 8000:8000 -e SECRET_KEY=... -e DATABASE_URL=... mysite");
    expect(result.stdout).toMatch(/SECRET_KEY +required \(mysite\/settings.py:2\)/);
    expect(result.stdout).not.toContain("will fail");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain(
      "export SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \\\n && django-admin collectstatic",
    );
  });
});
