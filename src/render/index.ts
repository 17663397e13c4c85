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
  // Lock converters are plain Python, the body of the generated requirements helper: a
  // function partial, so that Handlebars never reads their braces.
  for (const file of readdirSync(join(templatesDir, "lock-converters"))) {
    const program = readFileSync(join(templatesDir, "lock-converters", file), "utf8");
    hbs.registerPartial(`lock-converters/${file.replace(/\.py$/, "")}`, () => program);
  }
  return plan.files.map((file) => {
    const source = readFileSync(join(templatesDir, file.template), "utf8");
    const template = hbs.compile(source, { strict: true, noEscape: true });
    return { path: file.path, content: template(plan.context), mode: file.mode };
  });
}
