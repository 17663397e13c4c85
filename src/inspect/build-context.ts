import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { join } from "node:path";
import dockerignoreModule from "@balena/dockerignore";
import { templatesDir } from "../paths.js";

/**
 * Copies the project to `dest` as `docker build` sends it, leaving out what
 * `dockerignore` excludes: the image installs the project from that context,
 * so a file Docker never sends cannot be installed, and a stale *.egg-info
 * (whose SOURCES.txt setuptools would reuse) must not make it look shipped.
 *
 * An excluded folder is skipped whole rather than searched for `!` exceptions
 * (that is where virtualenvs and node_modules are), unless an exception
 * names a path inside it, as the generated one does for files git tracks.
 * A folder holding pyvenv.cfg is a virtualenv whatever its name, never part
 * of the package.
 */
export function copyBuildContext(root: string, dockerignore: string, dest: string, how: CopyHow = "copy"): void {
  // A CommonJS module typed as if it had a default export: `.default` is the
  // factory both at run time and for the type checker.
  const excluded = dockerignoreModule.default().add(dockerignore);
  const exceptions = dockerignore
    .split("\n")
    .filter((line) => line.startsWith("!"))
    .map((line) => line.slice(1).trim());
  const holdsException = (dir: string) => exceptions.some((path) => path.startsWith(`${dir}/`));
  const visit = (rel: string) => {
    const from = join(root, rel);
    const to = join(dest, rel);
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (excluded.ignores(child) && !(entry.isDirectory() && holdsException(child))) continue;
      if (entry.isSymbolicLink()) symlinkSync(readlinkSync(join(root, child)), join(dest, child));
      else if (entry.isDirectory()) {
        if (!existsSync(join(root, child, "pyvenv.cfg"))) visit(child);
      } else if (entry.isFile()) place(join(root, child), join(dest, child));
    }
  };
  // A hard link costs one call and no data; a scratch folder on another
  // file system (a tmpfs /tmp) cannot hold one: then every file is copied.
  let link = how === "link";
  const place = (from: string, to: string) => {
    if (link) {
      try {
        return linkSync(from, to);
      } catch {
        link = false;
      }
    }
    copyFileSync(from, to);
  };
  visit("");
}

/**
 * "link" makes the scratch context of hard links: the same files, so only
 * for runs that write nothing into it (see contextCopyHow).
 */
export type CopyHow = "copy" | "link";

/** Where a project may name commands of its own (versioneer's, a custom egg_info). */
const CMDCLASS_FILES = ["setup.py", "setup.cfg", "pyproject.toml"];

/** The commands setuptools runs over the scratch context: egg_info, and build_py for the file list. */
const COMMANDS_RUN_THERE = /\b(egg_info|build_py)\b/;

/**
 * Whether a declaration file may replace a command that runs over the
 * scratch context: it names egg_info or build_py, or gives cmdclass some
 * other way than as a literal dict (versioneer.get_cmdclass(), a variable,
 * setup.cfg's section), whose commands cannot be read from the text.
 */
function mayReplaceCommandsRunThere(text: string): boolean {
  const mentions = text.match(/cmdclass/g)?.length ?? 0;
  if (mentions === 0) return false;
  const literalDicts = text.match(/cmdclass["']?\s*[=:]\s*\{/g)?.length ?? 0;
  return COMMANDS_RUN_THERE.test(text) || literalDicts < mentions;
}

/**
 * How the scratch context for setuptools may be made. Setuptools' own
 * egg_info and build_py write only into the folders they are given
 * (outside the context), and setup.py's own top-level code already runs in
 * the project itself when it is read; but an egg_info or build_py the
 * project brings (cmdclass) may write into its tree, which through a hard
 * link would be the project's own file: those projects get a real copy. A
 * command of its own that these do not run (django-oscar's "build", which
 * runs npm) changes nothing here.
 */
export function contextCopyHow(root: string): CopyHow {
  const ownCommands = CMDCLASS_FILES.some((file) => {
    const path = join(root, file);
    return existsSync(path) && mayReplaceCommandsRunThere(readFileSync(path, "utf8"));
  });
  return ownCommands ? "copy" : "link";
}

/**
 * The .dockerignore a build will most likely use, for inspection that runs
 * before the files are planned: the project's own when it has one (an edit
 * of it is kept), else the one the tool generates. The packaging check later
 * uses the exact one the run settles on.
 */
export function likelyDockerignore(root: string): string {
  return ownDockerignore(root) ?? readFileSync(join(templatesDir, "dockerignore.hbs"), "utf8");
}

/** The project's own .dockerignore, or null when it has none. */
function ownDockerignore(root: string): string | null {
  const own = join(root, ".dockerignore");
  return (statSync(own, { throwIfNoEntry: false })?.isFile() ?? false) ? readFileSync(own, "utf8") : null;
}

/**
 * Which of `files` (paths relative to root) the project's own .dockerignore
 * leaves out of the build context: none when it has no .dockerignore. A
 * .dockerignore written for a development image that mounts the code (`*`,
 * then `!requirements/`) leaves out what a production image copies.
 */
export function leftOutByOwnDockerignore(root: string, files: string[]): string[] {
  const own = ownDockerignore(root);
  if (own === null) return [];
  const excluded = dockerignoreModule.default().add(own);
  return files.filter((file) => excluded.ignores(file));
}
