import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { copyFixture, run, snapshotTree } from "../helpers.js";

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("the command line", () => {
  it("--help lists every flag, and says which runs never prompt", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    for (const flag of [
      "--yes",
      "--settings",
      "--python-version",
      "--dry-run",
      "--json",
      "--force",
      "--check",
      "--debug",
      "--help",
      "--version",
    ]) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toMatch(/Without a terminal, or with --yes/);
  });

  it("--version prints the package version", async () => {
    expect((await run(["--version"])).stdout.trim()).toBe(pkg.version);
  });

  it("--dry-run --json prints the plan as JSON on stdout and writes nothing", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      settingsModule: "shop.settings.production",
      server: { kind: "wsgi", app: "shop.wsgi:application", chdir: "src" },
      dependencies: { kind: "setup.cfg", file: "setup.cfg", extras: [], groups: [] },
      pythonVersion: "3.11",
      frontend: null,
      staticSteps: ["collectstatic"],
      processes: { web: "gunicorn shop.wsgi:application" },
      services: [],
      environment: {
        pass: [
          {
            name: "DJANGO_SECRET_KEY",
            required: false,
            why: "the fallback for SECRET_KEY is not a production secret",
            where: "src/shop/settings/base.py:6",
          },
        ],
        optional: ["SQLITE_PATH"],
      },
      data: { sqlite: { where: "src/shop/settings/base.py:32", databaseUrl: false }, media: null },
      unsafe: [],
      dockerFiles: [
        "Dockerfile",
        "docker-entrypoint.sh",
        ".dockerignore",
        "docker-requirements.py",
        "docker-install.py",
        "docker-install-project.py",
        "docker-data.py",
      ],
      warnings: [
        expect.stringContaining("sets no STATIC_ROOT"),
        expect.stringContaining("Nothing in shop.settings.production serves static files"),
      ],
      files: [
        { path: "Dockerfile", action: "create" },
        { path: "docker-entrypoint.sh", action: "create" },
        { path: ".dockerignore", action: "create" },
        { path: "docker-requirements.py", action: "create" },
        { path: "docker-install.py", action: "create" },
        { path: "docker-install-project.py", action: "create" },
        { path: "docker-data.py", action: "create" },
      ],
    });
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("the bundled binary runs from a fresh build (what npx runs)", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await execa("node", [bin, dir, "--yes"], { reject: false, env: { NO_COLOR: "1" } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "Wrote Dockerfile, docker-entrypoint.sh, .dockerignore, docker-requirements.py, docker-install.py, " +
        "docker-install-project.py, docker-data.py.",
    );
    expect(result.stdout).toContain("docker build -t mysite .");
  });

  it("stops quietly when its output is piped into a reader that closes early", async () => {
    const result = await execa("bash", ["-c", `node ${bin} ${copyFixture("setuppy-basic")} --dry-run | head -1`], {
      reject: false,
    });
    expect(result.stdout).toContain("create-django-docker");
    expect(result.stderr).not.toContain("EPIPE");
  });
});
