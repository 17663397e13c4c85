import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { Plan } from "../plan/index.js";

export interface RenderedFile {
  path: string;
  content: string;
  mode: number;
}

/** Every template and partial of a templates folder, compiled. */
export interface Templates {
  files: Map<string, HandlebarsTemplateDelegate>;
}

const OPTIONS = { strict: true, noEscape: true };

const compiled = new Map<string, Templates>();

/**
 * Compiles the templates in `templatesDir` now, once per process, rather
 * than at their first use: the run asks for it while it waits for Python,
 * so that rendering costs nothing after the answers arrive.
 */
export function compileTemplates(templatesDir: string): Templates {
  let templates = compiled.get(templatesDir);
  if (templates) return templates;
  const hbs = Handlebars.create();
  // Handlebars compiles a template at its first call; precompiling does it now.
  const compile = (source: string) =>
    hbs.template(new Function(`return ${hbs.precompile(source, OPTIONS)}`)() as TemplateSpecification);
  // One partial per way of deriving the requirement list (the plan names it).
  for (const file of readdirSync(join(templatesDir, "dependencies"))) {
    hbs.registerPartial(
      `dependencies/${file.replace(/\.hbs$/, "")}`,
      compile(readFileSync(join(templatesDir, "dependencies", file), "utf8")),
    );
  }
  // Pieces the compose files share.
  for (const file of readdirSync(join(templatesDir, "compose"))) {
    hbs.registerPartial(
      `compose/${file.replace(/\.hbs$/, "")}`,
      compile(readFileSync(join(templatesDir, "compose", file), "utf8")),
    );
  }
  // Lock converters are plain Python, the body of the generated requirements helper: a
  // function partial, so that Handlebars never reads their braces.
  for (const file of readdirSync(join(templatesDir, "lock-converters"))) {
    const program = readFileSync(join(templatesDir, "lock-converters", file), "utf8");
    hbs.registerPartial(`lock-converters/${file.replace(/\.py$/, "")}`, () => program);
  }
  const files = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of readdirSync(templatesDir)) {
    if (file.endsWith(".hbs")) files.set(file, compile(readFileSync(join(templatesDir, file), "utf8")));
  }
  templates = { files };
  compiled.set(templatesDir, templates);
  return templates;
}

/**
 * Renders every planned file. `strict` makes a misspelt or missing context
 * value an error instead of an empty string in someone's Dockerfile;
 * `noEscape` because these are not HTML.
 */
export function render(plan: Plan, templatesDir: string): RenderedFile[] {
  const { files } = compileTemplates(templatesDir);
  return plan.files.map((file) => {
    const template = files.get(file.template);
    if (!template) throw new Error(`No template ${file.template} in ${templatesDir}`);
    return { path: file.path, content: template(plan.context), mode: file.mode };
  });
}
