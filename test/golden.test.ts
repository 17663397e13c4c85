import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, type ExpectStatic, it } from "vitest";
import { ask } from "../src/ask/index.js";
import { type Facts, inspect } from "../src/inspect/index.js";
import { templatesDir } from "../src/paths.js";
import { makePlan } from "../src/plan/index.js";
import { type RenderedFile, render } from "../src/render/index.js";
import { fixtureNames, fixturesDir } from "./helpers.js";

// Every fixture in two steps, each checked against test/golden/<fixture>/:
// inspection (Python) against facts.json, and the rendered files against
// the golden files, rendered from facts.json alone, so that a template
// change is checked in a second (`npx vitest run test/golden.test.ts -t
// render`). After an intended change, regenerate them with `npm run golden`
// and review the diff like any other change.
const goldenDir = fileURLToPath(new URL("./golden/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";
const GOLDEN_VERSION = "0.0.0-golden";
const FACTS_FILE = "facts.json";

/**
 * Facts as stored: the fixture's absolute path (the root, and any path the
 * settings resolve under it) as ROOT, and no interpreter, so that the file is
 * the same on every machine.
 */
const ROOT = "<fixture>";
function portable(facts: Facts): string {
  const { root, python: _, ...rest } = facts;
  return `${JSON.stringify(rest, null, 2).split(root).join(ROOT)}\n`;
}
/** Rendering never runs Python: a stored fixture gets a stand-in interpreter. */
const NO_PYTHON: Facts["python"] = { command: "python3", version: "3", executable: "python3" };

const inspected = new Map<string, Promise<Facts>>();
function inspectFixture(fixture: string): Promise<Facts> {
  if (!inspected.has(fixture)) inspected.set(fixture, inspect(join(fixturesDir, fixture)));
  return inspected.get(fixture)!;
}

/** The facts the golden files are rendered from: the stored ones (in an update, fresh ones). */
async function recordedFacts(fixture: string): Promise<Facts> {
  if (update) return inspectFixture(fixture);
  const path = join(goldenDir, fixture, FACTS_FILE);
  if (!existsSync(path)) throw new Error(`No ${fixture}/${FACTS_FILE}: run npm run golden, review and commit it.`);
  const root = join(fixturesDir, fixture);
  return { ...JSON.parse(readFileSync(path, "utf8").split(ROOT).join(root)), root, python: NO_PYTHON };
}

async function renderFixture(fixture: string): Promise<RenderedFile[]> {
  const facts = await recordedFacts(fixture);
  const answers = await ask(
    facts,
    { dir: "", yes: true, dryRun: false, json: false, force: false, check: false, debug: false },
    { input: new PassThrough(), output: new PassThrough(), interactive: false },
  );
  return render(makePlan(facts, answers, GOLDEN_VERSION), templatesDir);
}

function compareOrWrite(expect: ExpectStatic, fixture: string, file: string, content: string): void {
  const path = join(goldenDir, fixture, file);
  if (update || !existsSync(path)) {
    mkdirSync(join(goldenDir, fixture), { recursive: true });
    writeFileSync(path, content);
    if (!update) throw new Error(`No golden file for ${fixture}/${file}: wrote it; review and commit it.`);
  }
  expect(content, `${fixture}/${file} differs from its golden file (npm run golden to accept)`).toBe(
    readFileSync(path, "utf8"),
  );
}

// Concurrent: each inspection mostly waits on its Python process.
describe.concurrent.each(fixtureNames)("golden files: %s", (fixture) => {
  it("inspection finds the facts recorded in facts.json", async ({ expect }) => {
    compareOrWrite(expect, fixture, FACTS_FILE, portable(await inspectFixture(fixture)));
  });

  it("renders the Dockerfile, entrypoint and .dockerignore as recorded", async ({ expect }) => {
    for (const file of await renderFixture(fixture)) compareOrWrite(expect, fixture, file.path, file.content);
  });

  it("renders no line over 100 columns, URLs and words that cannot wrap aside", async ({ expect }) => {
    // One word on its line (a RUN --mount option naming two long paths), after RUN or not,
    // has nowhere to wrap.
    const unwrappable = /^(RUN\s+)?\S+(\s+\\)?$/;
    const oneWord = (line: string) => unwrappable.test(line.trim());
    for (const file of await renderFixture(fixture)) {
      const long = file.content
        .split("\n")
        .filter((line) => line.length > 100 && !line.includes("://") && !oneWord(line));
      expect(long, `${fixture}/${file.path}: lines over 100 columns`).toEqual([]);
    }
  });
});
