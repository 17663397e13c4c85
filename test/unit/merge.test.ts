import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { afterFirstRun, KEY, run, snapshotTree } from "../helpers.js";
import { forgetLastGenerated } from "../state.js";

// A template change is simulated by another --python-version: it changes the
// ARG line near the top of the Dockerfile. A LABEL appended at the bottom is
// an edit it does not touch; editing the ARG line itself is one it overlaps.
const OLD_ARG = "ARG PYTHON_IMAGE=python:3.12-slim";
const NEW_ARG = "ARG PYTHON_IMAGE=python:3.13-slim";
const USER_ARG = "ARG PYTHON_IMAGE=python:3.12-slim-bookworm";

/** setuppy-basic after a first --yes run (made once, then copied: see afterFirstRun). */
const generated = () => afterFirstRun("setuppy-basic", ["--yes", "--python-version", "3.12"]);

const dockerfile = (dir: string) => readFileSync(join(dir, "Dockerfile"), "utf8");

function editAtBottom(dir: string): void {
  appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
}

function editArgLine(dir: string): void {
  writeFileSync(join(dir, "Dockerfile"), dockerfile(dir).replace(OLD_ARG, USER_ARG));
}

const UP = "\u001b[A";

const CONFLICT_BLOCK = `<<<<<<< yours\n${USER_ARG}\n=======\n${NEW_ARG}\n>>>>>>> create-django-docker\n`;

describe("merging an edited file with an update, without prompts", () => {
  it("--yes merges an edit the update does not touch, says so, and exits 0", async () => {
    const dir = await generated();
    editAtBottom(dir);
    const result = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/conflict\s+Dockerfile \(your edits merge cleanly with the update\)/);
    expect(result.stdout).toContain("Merged the update into your edited Dockerfile: your edits are kept.");
    expect(dockerfile(dir)).toContain(NEW_ARG);
    expect(dockerfile(dir)).not.toContain(OLD_ARG);
    expect(dockerfile(dir).endsWith('ENTRYPOINT ["docker-entrypoint.sh"]\nLABEL team=web\n')).toBe(true);
  });

  it("after a merge, runs with nothing new rewrite nothing and --check passes", async () => {
    const dir = await generated();
    editAtBottom(dir);
    expect((await run([dir, "--yes", "--python-version", "3.13"])).code).toBe(0);
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing rewritten");
    expect((await run([dir, "--check", "--python-version", "3.13"])).code).toBe(0);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("merges again on the next update, from the version it merged last", async () => {
    const dir = await generated();
    editAtBottom(dir);
    expect((await run([dir, "--yes", "--python-version", "3.13"])).code).toBe(0);
    const third = await run([dir, "--yes", "--python-version", "3.11"]);
    expect(third.code).toBe(0);
    expect(dockerfile(dir)).toContain("ARG PYTHON_IMAGE=python:3.11-slim");
    expect(dockerfile(dir)).toContain("LABEL team=web");
  });

  it("--yes keeps an edit the update overlaps, says why, and exits 1", async () => {
    const dir = await generated();
    editArgLine(dir);
    const edited = dockerfile(dir);
    const result = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/conflict\s+Dockerfile \(your edits overlap the update\)/);
    expect(result.stdout).toContain("Kept your edited Dockerfile, not updated: your edits overlap the update.");
    expect(dockerfile(dir)).toBe(edited);
  });

  it("--dry-run on an overlapping edit shows the whole difference and writes nothing", async () => {
    const dir = await generated();
    editArgLine(dir);
    const before = snapshotTree(dir);
    const result = await run([dir, "--dry-run", "--python-version", "3.13"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`-${USER_ARG}`);
    expect(result.stdout).toContain(`+${NEW_ARG}`);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("the conflict prompt", () => {
  const answer = (keys: string): Array<[RegExp, string]> => [
    [/Write these files\?/, KEY.enter],
    [/What should happen to Dockerfile\?/, keys],
  ];

  it("preselects a clean merge: Enter merges", async () => {
    const dir = await generated();
    editAtBottom(dir);
    const result = await run([dir, "--python-version", "3.13"], answer(KEY.enter));
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    expect(out).toContain("your edits and the update touch different lines");
    expect(dockerfile(dir)).toContain(NEW_ARG);
    expect(dockerfile(dir)).toContain("LABEL team=web");
  });

  it("merging an overlapping edit writes conflict markers, says to resolve them, and exits 1", async () => {
    const dir = await generated();
    editArgLine(dir);
    // keep is preselected when the merge would not be clean; merge is next.
    const result = await run([dir, "--python-version", "3.13"], answer(`${KEY.down}${KEY.enter}`));
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(1);
    expect(out).toContain("Merge with conflict markers");
    expect(out).toContain("resolve each <<<<<<< yours ... >>>>>>> create-django-docker block");
    expect(dockerfile(dir)).toContain(CONFLICT_BLOCK);
  });

  it("unresolved conflict markers are never taken for a finished edit", async () => {
    const dir = await generated();
    editArgLine(dir);
    await run([dir, "--python-version", "3.13"], answer(`${KEY.down}${KEY.enter}`));
    const withMarkers = dockerfile(dir);
    const again = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(
      "Kept your edited Dockerfile, not updated: it still has conflict markers from a merge.",
    );
    expect(dockerfile(dir)).toBe(withMarkers);
    expect((await run([dir, "--check", "--python-version", "3.13"])).code).toBe(1);
  });

  it("once the markers are resolved, the file is the user's and nothing is rewritten", async () => {
    const dir = await generated();
    editArgLine(dir);
    await run([dir, "--python-version", "3.13"], answer(`${KEY.down}${KEY.enter}`));
    writeFileSync(
      join(dir, "Dockerfile"),
      dockerfile(dir).replace(CONFLICT_BLOCK, "ARG PYTHON_IMAGE=python:3.13-slim-bookworm\n"),
    );
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes", "--python-version", "3.13"]);
    expect(again.code).toBe(0);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("Keep mine leaves the file, and the run exits 1 as the file is out of date", async () => {
    const dir = await generated();
    editAtBottom(dir);
    const edited = dockerfile(dir);
    const result = await run([dir, "--python-version", "3.13"], answer(`${UP}${KEY.enter}`));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "Kept your edited Dockerfile, not updated: your edits merge cleanly with the update. Run create-django-docker again to merge",
    );
    expect(dockerfile(dir)).toBe(edited);
  });

  it("Overwrite replaces the edit with the new version", async () => {
    const dir = await generated();
    editAtBottom(dir);
    const result = await run([dir, "--python-version", "3.13"], answer(`${KEY.down}${KEY.down}${KEY.enter}`));
    expect(result.code).toBe(0);
    expect(dockerfile(dir)).toContain(NEW_ARG);
    expect(dockerfile(dir)).not.toContain("LABEL team=web");
  });

  it("offers no merge, and says why, when the version the file was edited from is not remembered", async () => {
    const dir = await generated();
    forgetLastGenerated(dir);
    editAtBottom(dir);
    const edited = dockerfile(dir);
    const result = await run([dir, "--python-version", "3.13"], answer(KEY.enter));
    const out = stripVTControlCharacters(result.stdout);
    expect(out).toContain("the version it was edited from is not remembered, so it cannot be merged");
    expect(out).not.toContain("Merge");
    expect(result.code).toBe(1);
    expect(dockerfile(dir)).toBe(edited);
  });

  it("Ctrl-C at the conflict prompt: exit 130 and the project as it was", async () => {
    const dir = await generated();
    editAtBottom(dir);
    const before = snapshotTree(dir);
    const result = await run([dir, "--python-version", "3.13"], answer(KEY.ctrlC));
    expect(result.code).toBe(130);
    expect(snapshotTree(dir)).toEqual(before);
    expect(existsSync(join(dir, "Dockerfile.new"))).toBe(false);
  });
});
