import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { afterFirstRun, copyFixture, KEY, run, snapshotTree } from "../helpers.js";

const stateOf = (dir: string) => readFileSync(join(dir, ".create-django-docker.ini"), "utf8");
const dockerfile = (dir: string) => readFileSync(join(dir, "Dockerfile"), "utf8");

describe("remembered answers", () => {
  it("an answer the project does not give is remembered, and is the default of the next --yes run", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes", "--python-version", "3.13"])).code).toBe(0);
    expect(stateOf(dir)).toMatch(/\[answers\]\npythonVersion=3\.13\n/);
    expect(stateOf(dir)).toMatch(/^version=\d+\.\d+\.\d+/m);
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(0);
    expect(dockerfile(dir)).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
    expect(again.stdout).toContain("nothing rewritten");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("an answer equal to what the project gives is not remembered, so it follows the project", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    expect((await run([dir, "--yes", "--python-version", "3.11"])).code).toBe(0);
    expect(stateOf(dir)).not.toContain("[answers]");
    writeFileSync(join(dir, ".python-version"), "3.12\n");
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(dockerfile(dir)).toContain("ARG PYTHON_IMAGE=python:3.12-slim");
  });

  it("a flag still wins, and an answer set back to the derived value is forgotten", async () => {
    const dir = await afterFirstRun("setuppy-basic", ["--yes", "--python-version", "3.13"]);
    // 3.10: the oldest that the fixture's python_requires allows.
    expect((await run([dir, "--yes", "--python-version", "3.10"])).code).toBe(0);
    expect(dockerfile(dir)).toContain("ARG PYTHON_IMAGE=python:3.10-slim");
    expect(stateOf(dir)).not.toContain("pythonVersion");
  });

  it("a remembered settings module is used without the flag", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    expect((await run([dir, "--yes", "--settings", "shop.settings.local"])).code).toBe(0);
    expect(stateOf(dir)).toMatch(/\[answers\]\nsettingsModule=shop\.settings\.local\n/);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(0);
    expect(dockerfile(dir)).toContain("DJANGO_SETTINGS_MODULE=shop.settings.local");
  });

  it("a remembered settings module where the search does not look is still found", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "mysite", "settings_prod.py"), "from .settings import *\nDEBUG = False\n");
    expect((await run([dir, "--yes", "--settings", "mysite.settings_prod"])).code).toBe(0);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(0);
    expect(dockerfile(dir)).toContain("DJANGO_SETTINGS_MODULE=mysite.settings_prod");
  });

  it("a remembered settings module that is gone: an error that says where it came from", async () => {
    const dir = await afterFirstRun("setupcfg-src-layout", ["--yes", "--settings", "shop.settings.local"]);
    rmSync(join(dir, "src", "shop", "settings", "local.py"));
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(
      "The settings module shop.settings.local (remembered in .create-django-docker.ini) was not found",
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("system packages and the healthcheck given once are kept by the next runs", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes", "--runtime-packages", "libmagic1", "--healthcheck", "/healthz"])).code).toBe(0);
    expect(stateOf(dir)).toMatch(/\[answers\]\nruntimePackages=libmagic1\nhealthcheck=\/healthz\n/);
    const before = snapshotTree(dir);
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(dockerfile(dir)).toContain("apt-get install -y --no-install-recommends libmagic1");
    expect(dockerfile(dir)).toContain("http://127.0.0.1:%s/healthz");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("the wizard offers the remembered answer as its default", async () => {
    const dir = await afterFirstRun("setuppy-basic", ["--yes", "--python-version", "3.13"]);
    const result = await run([dir], [[/Which Python version/, KEY.enter]]);
    expect(result.code).toBe(0);
    expect(dockerfile(dir)).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
  });

  it("a remembered package list that is not one: an error naming the file and the line", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes", "--runtime-packages", "libmagic1"])).code).toBe(0);
    writeFileSync(
      join(dir, ".create-django-docker.ini"),
      stateOf(dir).replace("runtimePackages=libmagic1", "runtimePackages=Lib_Magic"),
    );
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(
      '.create-django-docker.ini remembers runtimePackages=Lib_Magic: "Lib_Magic" is not a Debian package name.',
    );
  });

  it("a damaged remembered answer: an error naming the file and the line", async () => {
    const dir = await afterFirstRun("setuppy-basic", ["--yes", "--python-version", "3.13"]);
    writeFileSync(
      join(dir, ".create-django-docker.ini"),
      stateOf(dir).replace("pythonVersion=3.13", "pythonVersion=three"),
    );
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(
      ".create-django-docker.ini remembers pythonVersion=three, which is not a Python minor version.",
    );
    expect(snapshotTree(dir)).toEqual(before);
  });
});
