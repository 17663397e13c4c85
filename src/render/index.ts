import Handlebars from "handlebars";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../plan/index.js";

export interface RenderedFile {
  path: string;
  content: string;
  mode: number;
}

/**
 * A Python program as one shell word's content inside double quotes:
 * `exec('...')` with the newlines escaped. Comment lines are dropped; the
 * program must not use what a double-quoted shell string expands.
 */
export function pythonOneLiner(source: string, name: string): string {
  const code = source
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"))
    .join("\n");
  if (/["$`\\]/.test(code)) throw new Error(`${name}: a lock converter must not contain " $ \` or \\ (it is inlined in a double-quoted shell string)`);
  return `exec('${code.replace(/'/g, "\\'").replace(/\n/g, "\\n")}')`;
}

/**
 * Renders every planned file. `strict` makes a misspelt or missing context
 * value an error instead of an empty string in someone's Dockerfile;
 * `noEscape` because these are not HTML.
 */
export function render(plan: Plan, templatesDir: string): RenderedFile[] {
  const hbs = Handlebars.create();
  // One partial per way of deriving the requirement list (the plan names it).
  for (const file of readdirSync(join(templatesDir, "dependencies"))) {
    hbs.registerPartial(`dependencies/${file.replace(/\.hbs$/, "")}`, readFileSync(join(templatesDir, "dependencies", file), "utf8"));
  }
  // Pieces the compose files share.
  for (const file of readdirSync(join(templatesDir, "compose"))) {
    hbs.registerPartial(`compose/${file.replace(/\.hbs$/, "")}`, readFileSync(join(templatesDir, "compose", file), "utf8"));
  }
  // Lock converters are kept as readable, testable Python files and inlined as `python -c` programs.
  for (const file of readdirSync(join(templatesDir, "lock-converters"))) {
    const program = pythonOneLiner(readFileSync(join(templatesDir, "lock-converters", file), "utf8"), file);
    hbs.registerPartial(`lock-converters/${file.replace(/\.py$/, "")}`, () => program);
  }
  return plan.files.map((file) => {
    const source = readFileSync(join(templatesDir, file.template), "utf8");
    const template = hbs.compile(source, { strict: true, noEscape: true });
    return { path: file.path, content: template(plan.context), mode: file.mode };
  });
}
