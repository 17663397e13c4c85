import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ask } from "../src/ask/index.js";
import { inspect } from "../src/inspect/index.js";
import { templatesDir } from "../src/paths.js";
import { makePlan } from "../src/plan/index.js";
import { render, type RenderedFile } from "../src/render/index.js";
import { fixtureNames, fixturesDir } from "./helpers.js";
import { PassThrough } from "node:stream";

// The rendered files for every fixture, compared with test/golden/<fixture>/.
// After an intended template change, regenerate them with `npm run golden`
// and review the diff like any other change.
const goldenDir = fileURLToPath(new URL("./golden/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";
const GOLDEN_VERSION = "0.0.0-golden";

/** What a --yes run renders for the fixture, computed once for the tests that read it. */
const rendered = new Map<string, Promise<RenderedFile[]>>();
function renderFixture(fixture: string): Promise<RenderedFile[]> {
  if (!rendered.has(fixture)) {
    rendered.set(
      fixture,
      (async () => {
        const facts = await inspect(join(fixturesDir, fixture));
        const answers = await ask(
          facts,
          { dir: "", yes: true, dryRun: false, json: false, force: false, check: false, debug: false },
          { input: new PassThrough(), output: new PassThrough(), interactive: false },
        );
        return render(makePlan(facts, answers, GOLDEN_VERSION), templatesDir);
      })(),
    );
  }
  return rendered.get(fixture)!;
}

describe.each(fixtureNames)("golden files: %s", (fixture) => {
  it("renders the Dockerfile, entrypoint and .dockerignore as recorded", async () => {
    const files = await renderFixture(fixture);
    for (const file of files) {
      const path = join(goldenDir, fixture, file.path);
      if (update || !existsSync(path)) {
        mkdirSync(join(goldenDir, fixture), { recursive: true });
        writeFileSync(path, file.content);
        if (!update) throw new Error(`No golden file for ${fixture}/${file.path}: wrote it; review and commit it.`);
      }
      expect(file.content, `${fixture}/${file.path} differs from its golden file (npm run golden to accept)`).toBe(readFileSync(path, "utf8"));
    }
  });

  it("writes no line over 100 columns, URLs aside", async () => {
    for (const file of await renderFixture(fixture)) {
      const long = file.content.split("\n").filter((line) => line.length > 100 && !line.includes("://"));
      expect(long, `${fixture}/${file.path}: lines over 100 columns`).toEqual([]);
    }
  });
});
