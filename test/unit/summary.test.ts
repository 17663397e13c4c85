import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, run } from "../helpers.js";

// What the Detected summary says about choices the user did not make.

describe("the Detected summary", () => {
  it("does not put --frontend none in the user's mouth when nothing was found to build", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "package.json"), '{ "name": "api-docs", "private": true }\n');
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.stdout).toMatch(/Front end\s+not built/);
    expect(result.stdout).toContain("no build script");
    expect(result.stdout).not.toContain("--frontend none");
  });

  it("names --frontend none when it turned a buildable front end down", async () => {
    const dir = copyFixture("npm-esbuild");
    const result = await run([dir, "--yes", "--dry-run", "--frontend", "none"]);
    expect(result.stdout).toMatch(/Front end\s+not built\s+\(--frontend none\)/);
  });
});
