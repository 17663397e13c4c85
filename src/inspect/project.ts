import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { UserError } from "../errors.js";
import { findFiles } from "./walk.js";

const MANAGE_DEPTH = 3;

export interface ProjectLocation {
  /** Absolute path of the build context: where the generated files go. */
  root: string;
  /** manage.py's folder relative to root, "." when it is root. */
  appDir: string;
}

/** Finds manage.py at or below `dir`, and the packaging root at or above it. */
export function locateProject(dir: string): ProjectLocation {
  const start = resolve(dir);
  let stats;
  try {
    stats = statSync(start);
  } catch {
    throw new UserError(`${start} does not exist.`, "Run create-django-docker in your Django project, or pass its path.");
  }
  if (!stats.isDirectory()) {
    throw new UserError(`${start} is not a directory.`, "Pass the folder that holds your Django project.");
  }

  const found = findFiles(start, "manage.py", MANAGE_DEPTH);
  if (found.length === 0) {
    throw new UserError(
      `No manage.py found in ${start} or up to ${MANAGE_DEPTH} folders below it.`,
      "Run create-django-docker in your Django project's folder (the one with manage.py), or pass its path.",
    );
  }
  // manage.py in the folder itself wins; otherwise there must be only one.
  const nearest = found.filter((p) => p.split(/[\\/]/).length === found[0]!.split(/[\\/]/).length);
  if (nearest.length > 1) {
    throw new UserError(
      `Found several Django projects under ${start}:\n${nearest.map((p) => `  ${p}`).join("\n")}`,
      "Pass the folder of the one to containerise, e.g. `create-django-docker " + dirname(nearest[0]!) + "`.",
    );
  }
  const appAbs = resolve(start, dirname(nearest[0]!));

  // The packaging root is the nearest folder from manage.py's up to `start`
  // that has setup.py; that folder is the build context.
  let root = appAbs;
  for (let cur = appAbs; ; cur = dirname(cur)) {
    if (existsSync(join(cur, "setup.py"))) {
      root = cur;
      break;
    }
    if (cur === start || dirname(cur) === cur) break;
  }
  return { root, appDir: relative(root, appAbs) || "." };
}
