import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

/**
 * The pipeline's layers, in the order a run goes through them (DESIGN.md:
 * inspect -> ask -> plan -> render -> write, the CLI around them). A file
 * may import its own layer and earlier ones, never a later one; `model/`
 * holds what several phases share (the state file's name, the Debian package
 * table, the Docker file names, the options' shape). Type-only imports count:
 * a phase that needs a later phase's types is in the wrong place.
 */
const LAYERS = ["", "model", "python", "inspect", "ask", "plan", "render", "write", "cli", "main.ts"];

function layerOf(file: string): number {
  const top = file.includes("/") ? file.split("/")[0]! : file === "main.ts" ? "main.ts" : "";
  const index = LAYERS.indexOf(top);
  if (index < 0)
    throw new Error(`${file}: src/${top}/ is not a known layer; add it to LAYERS in test/unit/architecture.test.ts`);
  return index;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("architecture", () => {
  it("no phase imports a later one", () => {
    const wrong: string[] = [];
    for (const path of sources(src)) {
      const file = relative(src, path);
      const text = readFileSync(path, "utf8");
      for (const [, target] of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)) {
        const imported = relative(src, normalize(join(dirname(path), target!)));
        if (layerOf(imported) > layerOf(file)) wrong.push(`${file} imports ${imported}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no line in src/ is over 120 columns (the formatter's width; long messages are split by hand)", () => {
    const long: string[] = [];
    for (const path of sources(src)) {
      const lines = readFileSync(path, "utf8").split("\n");
      for (const [i, line] of lines.entries()) if (line.length > 120) long.push(`${relative(src, path)}:${i + 1}`);
    }
    expect(long).toEqual([]);
  });
});
