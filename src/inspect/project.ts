import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { UserError, userErrorFromSystem } from "../errors.js";
import { ROOT_MARKERS } from "./dependency-sources.js";
import { walkDirs } from "./walk.js";

const MANAGE_DEPTH = 3;
/** Unreadable folders named in the "no manage.py" message; more would bury it. */
const UNREADABLE_SHOWN = 5;

export interface FoundProjects {
  /** The folder searched, absolute. */
  start: string;
  /** The folder as the user gave it, so suggested commands read like theirs. */
  given: string;
  /** Folders holding the nearest manage.py files, absolute: several when equally near. */
  dirs: string[];
}

export interface ProjectLocation {
  /** Absolute path of the build context: where the generated files go. */
  root: string;
  /** manage.py's folder relative to root, "." when it is root. */
  appDir: string;
}

/**
 * The folders with the nearest manage.py at or below `dir`. Choosing among
 * several is a question, so it is left to the ask phase.
 */
export function findProjects(dir: string): FoundProjects {
  const start = resolve(dir);
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(start);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw userErrorFromSystem(error) ?? error;
    throw new UserError(
      `${start} does not exist.`,
      "Run create-django-docker in your Django project, or pass its path.",
    );
  }
  if (!stats.isDirectory()) {
    throw new UserError(`${start} is not a directory.`, "Pass the folder that holds your Django project.");
  }
  try {
    readdirSync(start);
  } catch (error) {
    throw userErrorFromSystem(error) ?? error;
  }

  const found: string[][] = [];
  const unreadable: string[] = [];
  walkDirs(
    start,
    MANAGE_DEPTH,
    (rel, children) => {
      if (children.some((c) => c.isFile() && c.name === "manage.py")) found.push(rel === "." ? [] : rel.split(/[\\/]/));
    },
    (rel) => unreadable.push(rel),
  );
  if (found.length === 0) {
    const skipped =
      unreadable.length > 0
        ? ` (${unreadable.length} folder${unreadable.length === 1 ? "" : "s"} could not be read: ` +
          `${unreadable.slice(0, UNREADABLE_SHOWN).join(", ")}${unreadable.length > UNREADABLE_SHOWN ? ", ..." : ""})`
        : "";
    throw new UserError(
      `No manage.py found in ${start} or up to ${MANAGE_DEPTH} folders below it${skipped}.`,
      "Run create-django-docker in your Django project's folder (the one with manage.py), or pass its path.",
    );
  }
  // The walk is breadth-first: the first find is the nearest, and only
  // projects as near as it compete (manage.py in the folder itself wins).
  const depth = found[0]!.length;
  const dirs = found.filter((parts) => parts.length === depth).map((parts) => join(start, ...parts));
  return { start, given: dir, dirs };
}

/** Several projects and nobody to ask: list them and say how to pick one. */
export function severalProjectsError(found: FoundProjects): UserError {
  const rels = found.dirs.map((d) => relative(found.start, d));
  return new UserError(
    `Found ${rels.length} Django projects under ${found.start}:\n` +
      rels.map((r) => `  ${join(r, "manage.py")}`).join("\n"),
    `Pass the folder of the one to containerise, e.g. \`create-django-docker ${join(found.given, rels[0]!)}\` ` +
      "(or run it in a terminal without --yes to choose).",
  );
}

/** The packaging root for the project in `manageDir`: the build context. */
export function locateProject(start: string, manageDir: string): ProjectLocation {
  // The nearest folder from manage.py's up to `start` that declares
  // dependencies: the build context.
  let root = manageDir;
  for (let cur = manageDir; ; cur = dirname(cur)) {
    if (ROOT_MARKERS.some((marker) => existsSync(join(cur, marker)))) {
      root = cur;
      break;
    }
    if (cur === start || dirname(cur) === cur) break;
  }
  return { root, appDir: relative(root, manageDir) || "." };
}
