import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { gitBlobId } from "./state.js";

/**
 * Where the text of each generated file is found again, the common ancestor
 * of a three-way merge, now that .create-django-docker.ini records only its
 * git blob id: git's own object store when the file was committed (or
 * added), else a plain-text copy in the user's cache folder, written by every
 * run. Both are best effort: without either, an edited file is a conflict
 * that asks instead of merging.
 */
export function storeDir(): string {
  const base =
    process.env.CREATE_DJANGO_DOCKER_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "create-django-docker");
  return join(base, "generated");
}

export function remember(content: string): void {
  const id = gitBlobId(content);
  try {
    const dir = join(storeDir(), id.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const temp = join(dir, `.${id}.${process.pid}`);
    writeFileSync(temp, content);
    renameSync(temp, join(dir, id));
  } catch {
    // A read-only or missing home: the copy in git is the only one then.
  }
}

function fromStore(id: string): string | null {
  try {
    return readFileSync(join(storeDir(), id.slice(0, 2), id), "utf8");
  } catch {
    return null;
  }
}

function fromGit(root: string, id: string): string | null {
  const result = spawnSync("git", ["-C", root, "cat-file", "blob", id], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    timeout: 10_000,
  });
  return result.status === 0 ? result.stdout : null;
}

/** The text whose git blob id is `id`, checked against it, or null when neither place has it. */
export function recall(root: string, id: string): string | null {
  for (const text of [fromStore(id), fromGit(root, id)]) {
    if (text !== null && gitBlobId(text) === id) return text;
  }
  return null;
}
