import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { UserError } from "../errors.js";

export interface RequirementsGraph {
  /** Every file pip reads for the entry file (itself, -r and -c includes), relative to root, entry first. */
  files: string[];
  /** Requirement lines of the -r graph (constraints files excluded): what gets installed. */
  requirements: string[];
}

/** Files pip would read as another requirements file (-r) or as constraints (-c). */
const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)/;
/** Lines that install the project itself or a local folder: the source is not in the dependency stage. */
const LOCAL = /^(-e|--editable)(?!\s+(git|hg|svn|bzr)\+)\b|^\.{1,2}(\/|$)|^file:/;
/** An editable install from version control: the image installs it as a plain one (see the requirements recipe). */
export const EDITABLE_VCS = /^(-e|--editable)\s+(git|hg|svn|bzr)\+/;

/**
 * Reads a requirements file the way pip does, as far as the image needs: the
 * files it includes (paths relative to the including file) and the
 * requirement lines. Options (--index-url, --hash...) stay in the files,
 * which the dependency stage copies as they are, so pip still sees them.
 */
export function readRequirementsGraph(root: string, entry: string): RequirementsGraph {
  const files: string[] = [];
  const requirements: string[] = [];
  const visit = (file: string, from: string | null, constraints: boolean) => {
    if (files.includes(file)) return;
    const abs = join(root, file);
    if (file.startsWith("..") || !existsSync(abs)) {
      throw new UserError(
        `${from ?? "The dependency list"} includes ${file}, ` +
          `which is not ${file.startsWith("..") ? "inside the project" : "there"}.`,
        "The image is built from the project folder only: " +
          "fix the -r / -c line, or pick another file with --dependencies.",
      );
    }
    files.push(file);
    for (const line of logicalLines(readFileSync(abs, "utf8"))) {
      const include = INCLUDE.exec(line);
      if (include) {
        const target = relative(root, normalize(join(root, dirname(file), include[2]!)))
          .split(sep)
          .join("/");
        visit(target, file, constraints || include[1]!.startsWith("-c") || include[1] === "--constraint");
        continue;
      }
      if (LOCAL.test(line)) {
        throw new UserError(
          `${file} installs a local folder (${line}), which the dependency stage cannot see.`,
          "Keep only index packages in the file the image uses (move `-e .` to a development file), " +
            "or pick another with --dependencies.",
        );
      }
      if (EDITABLE_VCS.test(line)) {
        if (!constraints) requirements.push(line);
        continue;
      }
      if (line.startsWith("-")) continue;
      if (!constraints) requirements.push(line);
    }
  };
  visit(entry, null, false);
  return { files, requirements };
}

/** Lines without comments or blank lines, with backslash continuations joined. */
function logicalLines(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/(^|\s)#.*$/, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((line) => line !== "");
}

/**
 * The requirements file an image should install, in the order projects name
 * them: a production file in requirements/ first, since base.txt usually
 * leaves out the production server and database drivers.
 */
export const REQUIREMENTS_ENTRIES: Array<{ file: string; why: string }> = [
  { file: "requirements/production.txt", why: "the production list in requirements/" },
  { file: "requirements/prod.txt", why: "the production list in requirements/" },
  { file: "requirements/base.txt", why: "requirements/ has no production list; the base one" },
  { file: "requirements/common.txt", why: "requirements/ has no production list; the common one" },
  { file: "requirements.txt", why: "the project's requirements file" },
  { file: "requirements/requirements.txt", why: "the only list in requirements/" },
];

export function findRequirementsEntry(root: string): { file: string; why: string } | null {
  return REQUIREMENTS_ENTRIES.find((entry) => existsSync(join(root, entry.file))) ?? null;
}
