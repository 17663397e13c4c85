import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixture, run, snapshotTree } from "../helpers.js";

/** A folder holding two Django projects side by side. */
function severalProjects(): string {
  const dir = mkdtempSync(join(tmpdir(), "cdd-many-"));
  for (const name of ["one", "two"]) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "manage.py"), "");
  }
  return dir;
}

/** An executable that answers the version probe like a Python of `version`. */
function fakePython(version: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "cdd-python-")), "python3");
  writeFileSync(path, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  return path;
}

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

  it("several Django projects with --yes: lists them and says which path to pass", async () => {
    const dir = severalProjects();
    const result = await expectProblem(
      dir,
      /Found 2 Django projects under .*:\n {2}one\/manage.py\n {2}two\/manage.py/,
    );
    expect(result.stdout).toContain(
      `Pass the folder of the one to containerise, e.g. \`create-django-docker ${dir}/one\``,
    );
  });

  it("several Django projects and no terminal: the same message, no prompt", async () => {
    const dir = severalProjects();
    const before = snapshotTree(dir);
    const result = await run([dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Found 2 Django projects[\s\S]*Pass the folder of the one to containerise/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("no dependency declaration at all", async () => {
    const dir = copyFixture("setuppy-basic");
    rmSync(join(dir, "setup.py"));
    await expectProblem(dir, /No dependency declaration found in/);
  });

  it("only a Pipfile without its lock: says to lock it", async () => {
    const dir = copyFixture("setuppy-basic");
    rmSync(join(dir, "setup.py"));
    writeFileSync(join(dir, "Pipfile"), '[packages]\ndjango = "*"\n');
    await expectProblem(dir, /Pipfile \(pipenv\) is the only dependency declaration[\s\S]*Run `pipenv lock`/);
  });

  it("setup.py that fails: shows the tail of Python's error", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(
      join(dir, "setup.py"),
      "from setuptools import setup\nraise RuntimeError('version file missing: cannot go on')\n",
    );
    await expectProblem(
      dir,
      /`python setup.py egg_info` failed[\s\S]*RuntimeError: version file missing: cannot go on/,
    );
  });

  it("Python too old: names the interpreter, its version and what to do", async () => {
    process.env.CREATE_DJANGO_DOCKER_PYTHON = fakePython("3.6.15");
    await expectProblem(
      copyFixture("setuppy-basic"),
      /python3 is Python 3\.6\.15: create-django-docker needs Python 3\.8 or newer[\s\S]*point CREATE_DJANGO_DOCKER_PYTHON at one/,
    );
  });

  it("a CREATE_DJANGO_DOCKER_PYTHON that is not Python", async () => {
    process.env.CREATE_DJANGO_DOCKER_PYTHON = fakePython("hello");
    await expectProblem(copyFixture("setuppy-basic"), /python3 is not a Python interpreter \(it answered "hello"\)/);
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
    await expectProblem(
      copyFixture("setuppy-basic"),
      /The settings module mysite.nope was not found[\s\S]*mysite.settings/,
      ["--settings", "mysite.nope"],
    );
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
