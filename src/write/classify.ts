import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import type { RenderedFile } from "../render/index.js";
import { hashOf, type State } from "./state.js";

export type Action = "create" | "identical" | "update" | "conflict";

export interface FileChange extends RenderedFile {
  action: Action;
  /** The file's content on disk now, when it exists. */
  current: string | null;
}

/**
 * create: not there. identical: already what we would write. update: there,
 * and exactly as the tool last generated it, so nobody edited it. conflict:
 * there and different from anything the tool wrote: someone's edit.
 */
export function classify(root: string, files: RenderedFile[], state: State): FileChange[] {
  return files.map((file) => {
    const path = join(root, file.path);
    if (!existsSync(path)) return { ...file, action: "create", current: null };
    if (!statSync(path).isFile()) {
      throw new UserError(`${path} is in the way: it is not a file.`, `Move it away so that create-django-docker can write ${file.path}.`);
    }
    const current = readFileSync(path, "utf8");
    if (current === file.content) return { ...file, action: "identical", current };
    const action = state.generated[file.path] === hashOf(current) ? "update" : "conflict";
    return { ...file, action, current };
  });
}
