import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempPathFor } from "../../src/write/apply.js";
import { recall } from "../../src/write/generated-store.js";
import { readState } from "../../src/write/state.js";
import { afterFirstRun, copyFixture, run, snapshotTree } from "../helpers.js";
import { forgetLastGenerated, pretendGenerated } from "../state.js";

const GENERATED = ["Dockerfile", "docker-entrypoint.sh", ".dockerignore"];

/** setuppy-basic after a first --yes run (made once, then copied: see afterFirstRun). */
const generated = () => afterFirstRun("setuppy-basic", ["--yes"]);

describe("writing and re-running", () => {
  it("creates the three files, the entrypoint executable, and remembers what it wrote", async () => {
    // The first run itself, not a copy of it.
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes"])).code).toBe(0);
    for (const file of GENERATED) expect(existsSync(join(dir, file))).toBe(true);
    expect(statSync(join(dir, "docker-entrypoint.sh")).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toMatch(
      /\[generated\]\nDockerfile=[0-9a-f]{40}\n/,
    );
  });

  it("a second run with no changes rewrites nothing and says so", async () => {
    const dir = await generated();
    const before = snapshotTree(dir);
    const second = await run([dir, "--yes"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/identical\s+Dockerfile/);
    expect(second.stdout).toContain("nothing rewritten");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("updates a file the user never edited when the output changes", async () => {
    const dir = await generated();
    const second = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/update\s+Dockerfile/);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
  });

  it("leaves a hand edit alone under --yes when there is nothing new for that file", async () => {
    const dir = await generated();
    appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
    const before = snapshotTree(dir);
    const second = await run([dir, "--yes"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/edited\s+Dockerfile \(your edits; nothing new to merge\)/);
    expect(second.stdout).toContain("nothing rewritten");
    expect(snapshotTree(dir)).toEqual(before);
    expect((await run([dir, "--check"])).code).toBe(0);
  });

  it("keeps a hand edit it cannot merge under --yes, names it with the reason and exits 1", async () => {
    const dir = await generated();
    forgetLastGenerated(dir);
    appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
    const edited = readFileSync(join(dir, "Dockerfile"), "utf8");
    const second = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/conflict\s+Dockerfile/);
    expect(second.stdout).toContain(
      "Kept your edited Dockerfile, not updated: you edited it, and the version you edited is not remembered",
    );
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(edited);
    expect(readFileSync(join(dir, "docker-entrypoint.sh"), "utf8")).toBeTruthy();
  });

  it("--force restores the generated file over a hand edit", async () => {
    const dir = await generated();
    const original = readFileSync(join(dir, "Dockerfile"), "utf8");
    appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
    const forced = await run([dir, "--yes", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(original);
  });

  it("keeps a pre-existing Dockerfile it did not write under --yes, writes nothing, and says how to get ours", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "Dockerfile"), "FROM python:3.12\n");
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Keeping the project's own Dockerfile");
    expect(result.stdout).toContain("--existing beside");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--dry-run prints the diff of every change and leaves the tree byte-for-byte unchanged", async () => {
    const dir = await generated();
    appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
    rmSync(join(dir, "docker-entrypoint.sh"));
    const before = snapshotTree(dir);
    const result = await run([dir, "--dry-run", "--python-version", "3.13"]);
    expect(result.code).toBe(0);
    // The edited Dockerfile: the change a run would make, which merges the edit in.
    expect(result.stdout).toContain("-ARG PYTHON_IMAGE=python:3.10-slim");
    expect(result.stdout).toContain("+ARG PYTHON_IMAGE=python:3.13-slim");
    expect(result.stdout).not.toContain("-LABEL team=web");
    // A missing file: all of it.
    expect(result.stdout).toContain("+++ b/docker-entrypoint.sh");
    expect(result.stdout).toContain("+exec gunicorn mysite.wsgi:application \\");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--check exits 0 when up to date, 1 when stale, and writes nothing", async () => {
    const dir = await generated();
    const before = snapshotTree(dir);
    expect((await run([dir, "--check"])).code).toBe(0);
    const stale = await run([dir, "--check", "--python-version", "3.13"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("Out of date: Dockerfile");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--check on a project never generated reports every file missing", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    const result = await run([dir, "--check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Out of date: Dockerfile, docker-entrypoint.sh, .dockerignore");
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("what is remembered, and how files are written", () => {
  it("can find the text of each generated file again, so that a later merge has a common ancestor", async () => {
    const dir = await generated();
    const state = readState(dir);
    for (const file of GENERATED)
      expect(recall(dir, state.generated[file]!)).toBe(readFileSync(join(dir, file), "utf8"));
  });

  it("an update of a non-executable entrypoint leaves it executable: the generated mode wins", async () => {
    const dir = await generated();
    pretendGenerated(dir, "docker-entrypoint.sh", "#!/bin/sh\n# from an older version\nexec gunicorn\n");
    chmodSync(join(dir, "docker-entrypoint.sh"), 0o644);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/update\s+docker-entrypoint.sh/);
    expect(statSync(join(dir, "docker-entrypoint.sh")).mode & 0o777).toBe(0o755);
  });

  it("a write that fails leaves every file as it was and no temporary file behind", async () => {
    const dir = await generated();
    // Something in the way of the last write (the state file's): with each
    // file renamed into place as soon as it was written, the Dockerfile
    // would already be replaced by then.
    mkdirSync(tempPathFor(join(dir, ".create-django-docker.ini")));
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Could not write .create-django-docker.ini");
    expect(result.stdout).toContain("Nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("a write that fails on a first run creates nothing", async () => {
    const dir = copyFixture("setuppy-basic");
    mkdirSync(tempPathFor(join(dir, "docker-entrypoint.sh")));
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Could not write docker-entrypoint.sh");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("a folder where a generated file goes: a clear error, nothing written", async () => {
    const dir = copyFixture("setuppy-basic");
    mkdirSync(join(dir, ".dockerignore"));
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\.dockerignore is in the way: it is not a file/);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("a project .dockerignore written for a development image that mounts the code", () => {
  it("is kept, and ours goes to Dockerfile.dockerignore, which the build of Dockerfile reads instead", async () => {
    const dir = copyFixture("requirements-settings-package");
    const theirs = "# Only the requirements: the code is mounted\n*\n!requirements/\n";
    writeFileSync(join(dir, ".dockerignore"), theirs);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s*│\s*/g, " ")).toMatch(
      /The project's .dockerignore leaves out manage.py, which the image needs: ours is\s+Dockerfile.dockerignore/,
    );
    expect(readFileSync(join(dir, ".dockerignore"), "utf8")).toBe(theirs);
    expect(readFileSync(join(dir, "Dockerfile.dockerignore"), "utf8")).toContain("Generated by create-django-docker");
    expect((await run([dir, "--check"])).code).toBe(0);
  });
});

describe("files checked out with Windows line endings (git's core.autocrlf)", () => {
  const toCrlf = (dir: string) => {
    for (const file of GENERATED)
      writeFileSync(join(dir, file), readFileSync(join(dir, file), "utf8").replace(/\n/g, "\r\n"));
  };

  it("are not edits: a re-run finds them identical, and warns that the entrypoint cannot run so", async () => {
    const dir = await generated();
    toCrlf(dir);
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/identical\s+Dockerfile/);
    expect(again.stdout).toContain("docker-entrypoint.sh has Windows (CRLF) line endings");
    expect(again.stdout).toContain("docker-entrypoint.sh text eol=lf");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("are updated like untouched files when the output changes, with LF endings", async () => {
    const dir = await generated();
    toCrlf(dir);
    const again = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/update\s+Dockerfile/);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
    expect(dockerfile).not.toContain("\r");
  });
});
