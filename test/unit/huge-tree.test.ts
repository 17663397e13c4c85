import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { inspect } from "../../src/inspect/index.js";
import { fixturesDir, run } from "../helpers.js";

// Every folder the tool lists, recorded through node:fs itself: the proof
// that skipped folders are never entered, whatever the clock says.
const listed = vi.hoisted(() => [] as string[]);
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const readdirSync = ((path: string, options?: unknown) => {
    listed.push(String(path));
    return (fs.readdirSync as (p: string, o?: unknown) => unknown)(path, options);
  }) as typeof fs.readdirSync;
  return { ...fs, readdirSync, default: { ...fs, readdirSync } };
});

const FILES_PER_TREE = 10_000;

/** `count` files spread over folders of 100, under `dir`. */
function fill(dir: string, count: number, name: (i: number) => string): void {
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `pkg${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, name(i)), "");
  }
}

describe("a project with tens of thousands of files", () => {
  let dir: string;
  beforeAll(() => {
    // The Django project sits one level down, in site/; a decoy manage.py at
    // the same depth in node_modules/ and .venv/ would make it ambiguous if
    // those were searched.
    dir = mkdtempSync(join(tmpdir(), "cdd-huge-"));
    cpSync(join(fixturesDir, "setuppy-basic"), join(dir, "site"), { recursive: true });
    fill(join(dir, "node_modules"), FILES_PER_TREE, (i) => `index${i}.js`);
    fill(join(dir, ".venv", "lib", "python3.12", "site-packages"), FILES_PER_TREE, (i) => `mod${i}.py`);
    fill(join(dir, ".git", "objects"), FILES_PER_TREE, (i) => `obj${i}`);
    for (const decoy of ["node_modules", ".venv", ".git"]) writeFileSync(join(dir, decoy, "manage.py"), "");
    // Deep, ordinary folders are searched, but only as deep as each search needs.
    let deep = join(dir, "site", "docs");
    for (let level = 0; level < 30; level++) deep = join(deep, `level${level}`);
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, "manage.py"), "");
  }, 120_000);

  it("finds the one real project, never listing a skipped folder", async () => {
    listed.length = 0;
    const facts = await inspect(dir);
    expect(facts.root).toBe(join(dir, "site"));
    expect(facts.appDir).toBe(".");
    expect(facts.localeDirs).toEqual(["polls/locale"]);
    expect(listed).toContain(join(dir, "site", "polls"));
    const entered = listed.filter((path) =>
      [".git", "node_modules", ".venv"].some((skipped) => path.includes(`${sep}${skipped}`)),
    );
    expect(entered).toEqual([]);
    expect(listed.some((path) => path.includes(`level${10}`))).toBe(false);
  });

  it("runs through to the plan", async () => {
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("create    Dockerfile");
  });
});
