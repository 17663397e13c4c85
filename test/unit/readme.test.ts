import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const readmePath = fileURLToPath(new URL("../../README.md", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));
/** `<!-- sample: PATH ... -->`, then a fenced block: the block must be PATH's content. */
const SAMPLE = /<!-- sample: (\S+)[^>]*-->\n[\s\S]*?```\w*\n([\s\S]*?)```/g;

describe("README", () => {
  it("shows each generated sample exactly as the golden file it names (npm run golden updates it)", () => {
    let readme = readFileSync(readmePath, "utf8");
    const samples = [...readme.matchAll(SAMPLE)];
    expect(samples.length).toBeGreaterThan(0);
    for (const [whole, path, shown] of samples) {
      const golden = readFileSync(`${root}${path}`, "utf8");
      if (process.env.UPDATE_GOLDEN === "1")
        readme = readme.replace(
          whole!,
          whole!.replace(shown!, () => golden),
        );
      else expect(shown, `README's sample of ${path}`).toBe(golden);
    }
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(readmePath, readme);
  });
});
