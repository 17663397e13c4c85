import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixture, run, snapshotTree } from "../helpers.js";

/** Runs with --yes and asserts a clean failure: exit 1, the message, no stack, nothing written. */
async function expectProblem(dir: string, message: RegExp, extra: string[] = []) {
  const before = snapshotTree(dir);
  const result = await run([dir, "--yes", ...extra]);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(message);
  expect(result.stdout).toContain("Nothing was written.");
  expect(result.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  expect(snapshotTree(dir)).toEqual(before);
  return result;
}

describe("clear errors, nothing written", () => {
  afterEach(() => {
    delete process.env.CREATE_DJANGO_DOCKER_PYTHON;
  });

  it("a folder that does not exist", async () => {
    const result = await run(["/nonexistent/project", "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("/nonexistent/project does not exist.");
  });

  it("no manage.py: says where it looked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-empty-"));
    await expectProblem(dir, new RegExp(`No manage.py found in ${dir} or up to 3 folders below it`));
  });

  it("several Django projects: lists them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-many-"));
    for (const name of ["one", "two"]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "manage.py"), "");
    }
    await expectProblem(dir, /Found several Django projects[\s\S]*one\/manage.py[\s\S]*two\/manage.py/);
  });

  it("no setup.py", async () => {
    const dir = copyFixture("setuppy-basic");
    rmSync(join(dir, "setup.py"));
    await expectProblem(dir, /No setup.py found in/);
  });

  it("setup.py that fails: shows the tail of Python's error", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "setup.py"), "from setuptools import setup\nraise RuntimeError('version file missing: cannot go on')\n");
    await expectProblem(dir, /`python setup.py egg_info` failed[\s\S]*RuntimeError: version file missing: cannot go on/);
  });

  it("Python not found", async () => {
    process.env.CREATE_DJANGO_DOCKER_PYTHON = "/nonexistent/python3";
    await expectProblem(copyFixture("setuppy-basic"), /Python was not found \(tried \/nonexistent\/python3\)/);
  });

  it("a settings file with a syntax error: file and line", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "mysite", "settings.py"), "DEBUG = True\nINSTALLED_APPS = [\n");
    await expectProblem(dir, /mysite\/settings.py:2 has a syntax error/);
  });

  it("a settings file that is not UTF-8", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "mysite", "settings.py"), Buffer.from("DEBUG = True\nNAME = '\xe9t\xe9'\n", "latin1"));
    await expectProblem(dir, /mysite\/settings.py:2 is not valid UTF-8/);
  });

  it("a settings module named with --settings that does not exist", async () => {
    await expectProblem(copyFixture("setuppy-basic"), /The settings module mysite.nope was not found[\s\S]*mysite.settings/, ["--settings", "mysite.nope"]);
  });

  it("a symlink loop does not hang inspection", async () => {
    const dir = copyFixture("setuppy-basic");
    symlinkSync(dir, join(dir, "polls", "loop"));
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
  });

  it("an unknown flag", async () => {
    const result = await run(["--frobnicate"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Unknown option '--frobnicate'/);
  });

  it("a corrupt state file", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, ".create-django-docker.ini"), "[generated]\nDockerfile=not-a-hash\n");
    await expectProblem(dir, /\.create-django-docker\.ini is damaged/);
  });
});
