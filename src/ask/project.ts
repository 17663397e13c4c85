import { join, relative } from "node:path";
import * as p from "@clack/prompts";
import { type FoundProjects, severalProjectsError } from "../inspect/project.js";
import { type PromptIO, unlessCancelled } from "./index.js";

/** The manage.py folder to containerise: the only one, or the one the user picks. */
export async function chooseProject(found: FoundProjects, io: PromptIO): Promise<string> {
  const [first, ...others] = found.dirs;
  if (first && others.length === 0) return first;
  if (!io.interactive) throw severalProjectsError(found);
  return unlessCancelled(
    await p.select({
      input: io.input,
      output: io.output,
      message: `Found ${found.dirs.length} Django projects under ${found.start}. Which one?`,
      options: found.dirs.map((dir) => ({ value: dir, label: join(relative(found.start, dir), "manage.py") })),
    }),
  );
}
