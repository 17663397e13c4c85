import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { copyFixture, run, snapshotTree } from "../helpers.js";
import { forgetLastGenerated } from "../state.js";

const SAMPLES = new URL("../state-samples/", import.meta.url).pathname;
const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe(".create-django-docker.ini", () => {
  it("is short and readable: no file texts in it, no line over 100 columns, the same after a re-run", async () => {
    const dir = copyFixture("uv-lock-app");
    expect((await run([dir, "--yes", "--python-version", "3.12"])).code).toBe(0);
    const ini = read(dir, ".create-django-docker.ini");
    expect(ini).toMatch(/^pythonVersion=3\.12$/m);
    expect(ini).toMatch(/^Dockerfile=[0-9a-f]{40}$/m);
    expect(ini).not.toContain("last-generated");
    for (const line of ini.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    const before = snapshotTree(dir);
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("a state file written by release 0.1.0 (texts in base64) is read, and the user's edits are merged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-release-0.1.0-"));
    cpSync(join(SAMPLES, "release-0.1.0"), dir, { recursive: true });
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    // The sample's own edits, made to files 0.1.0 generated, survive the update.
    expect(read(dir, "Dockerfile")).toMatch(/^LABEL org.opencontainers.image.title="notes"$/m);
    expect(read(dir, "Dockerfile")).toContain("# Stage final:");
    expect(read(dir, ".dockerignore")).toMatch(/^scratch\/$/m);
    const ini = read(dir, ".create-django-docker.ini");
    expect(ini).not.toContain("last-generated");
    expect(ini).not.toContain("sha256:");
    // And the next run still knows which lines are the user's.
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(0);
    expect(read(dir, "Dockerfile")).toContain("LABEL org.opencontainers.image.title");
  });

  it("in a git repository, the text to merge with comes back from git when no local copy has it", async () => {
    const dir = copyFixture("setuppy-basic");
    const git = (...args: string[]) =>
      execa("git", args, {
        cwd: dir,
        env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
      });
    await git("init", "-q");
    expect((await run([dir, "--yes"])).code).toBe(0);
    await git("add", "-A");
    await git("commit", "-qm", "generated");
    // Another machine: the files are in git, the local copies are not.
    forgetLastGenerated(dir);
    writeFileSync(
      join(dir, "Dockerfile"),
      read(dir, "Dockerfile").replace("USER app\n", "USER app\nENV FROM_THE_USER=1\n"),
    );
    const result = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(result.code).toBe(0);
    expect(read(dir, "Dockerfile")).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
    expect(read(dir, "Dockerfile")).toContain("ENV FROM_THE_USER=1");
  });
});
