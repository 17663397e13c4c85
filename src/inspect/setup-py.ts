import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { UserError } from "../errors.js";
import { type Python, runJob, tail } from "../python/run.js";
import { contextCopyHow, copyBuildContext } from "./build-context.js";
import type { OptionalDependencies } from "./dependency-sources.js";

export interface SetupPyFacts {
  kind: "setup.py";
  /** Distribution name from PKG-INFO. */
  name: string;
  /** Base requirements (install_requires, with the environment-marked ones). */
  requirements: string[];
  /** Extras declared in setup.py, installed only when chosen. */
  optional: OptionalDependencies;
  /** Requires-Python from PKG-INFO, if declared. */
  requiresPython: string | null;
  /**
   * Files the dependency stage copies, relative to the project root: setup.py,
   * setup.cfg and pyproject.toml when present, plus whatever setup.py was seen
   * to read (a README for long_description, a version file).
   */
  declarationFiles: string[];
  /** setup.py builds C extensions (ext_modules, Extension, cythonize): a compiler is needed. */
  hasExtensions: boolean;
  /** The top-level packages and modules the distribution installs (egg_info's top_level.txt). */
  installedTopLevel: string[];
  /**
   * Set when egg_info fails with the declaration files alone but works over
   * the whole build context (setup.py imports its own package for the
   * version, say): the dependency stage then copies the whole context. The
   * tail of the error the declaration files alone gave, scratch paths made
   * relative.
   */
  declarationOnlyError?: string;
}

const DECLARATION_FILES = ["setup.py", "setup.cfg", "pyproject.toml"];
const MAX_EXTRA_FILES = 5;

/**
 * A setuptools requires.txt, read as templates/lock-converters/requires-txt.py
 * reads it in the image: the lines before any section are base requirements;
 * a `[:marker]` section holds base requirements for some environments only
 * (the marker is appended); `[extra]` and `[extra:marker]` hold an extra's.
 */
export function readRequiresTxt(requiresTxt: string): { base: string[]; extras: Record<string, string[]> } {
  const base: string[] = [];
  const extras: Record<string, string[]> = {};
  let into = base;
  let marker = "";
  for (const raw of requiresTxt.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      const [extra = "", ...rest] = line.slice(1, -1).split(":");
      marker = rest.join(":");
      into = extra === "" ? base : (extras[extra] ??= []);
    } else if (line !== "") {
      into.push(marker ? `${line}; ${marker}` : line);
    }
  }
  return { base, extras };
}

function pkgInfoField(pkgInfo: string, field: string): string | null {
  const match = new RegExp(`^${field}: *(.*)$`, "m").exec(pkgInfo);
  return match ? match[1]!.trim() : null;
}

/** A Python error with the scratch folder's paths made relative, so that it reads the same on every run. */
function errorTail(stderr: string, work: string): string {
  return tail(stderr.split(`${work}${sep}`).join("").split(work).join("."));
}

/** What src/python/setup_py_facts.py answers. */
interface SetupPyRun {
  exitCode: number;
  stderr: string;
  /** Files setup.py opened that were copied in from the project, relative. */
  addedFiles: string[];
  hasExtensions: boolean;
  /** What installing the project puts at the top level of site-packages; null when not run or setup.py failed there. */
  topLevel: string[] | null;
}

/**
 * Runs `setup.py egg_info` the way the Dockerfile's dependency stage will: in
 * a scratch folder holding only the declaration files (and the files
 * setup.py is seen to open, copied in one by one), with the egg-info written
 * to another scratch folder. The project's own tree is never touched. The
 * same Python process reads whether setup.py builds extensions and, since
 * the declaration files alone find no packages, what installing the project
 * puts at the top level of site-packages, from setup.py's configuration in
 * the project itself (empty when that fails: then nothing is assumed).
 *
 * When the declaration files alone are not enough (setup.py imports its own
 * package, setup.cfg reads `attr:` from it or lists packages by name), it
 * tries again in a scratch copy of the whole build context (the
 * .dockerignore that `dockerignore` gives applied, as `docker build` sends it): when that works, the dependency stage
 * copies the whole context too, and the result says why.
 */
export async function inspectSetupPy(
  python: Python | Promise<Python>,
  root: string,
  dockerignore: () => string,
): Promise<SetupPyFacts> {
  const declarationFiles = DECLARATION_FILES.filter((f) => existsSync(join(root, f)));
  const scratch = mkdtempSync(join(tmpdir(), "create-django-docker-"));
  const eggBase = join(scratch, "egg");
  const run = async (cwd: string, request: object): Promise<SetupPyRun> => {
    const answer = await runJob(python, "setup-py", { cwd, eggBase, ...request }, cwd);
    if (answer.ok) return answer.result as SetupPyRun;
    if (/No module named '?setuptools'?/.test(answer.output)) {
      const { command, version } = await python;
      throw new UserError(
        `setuptools is not installed for ${command} (Python ${version}), so setup.py cannot be read.`,
        `Install it with \`${command} -m pip install setuptools\`, ` +
          "or run create-django-docker inside your project's virtualenv.",
        tail(answer.output),
      );
    }
    throw new UserError(
      "Reading setup.py failed.",
      "This is a bug in create-django-docker; please report it with the output below.",
      tail(answer.output),
    );
  };
  try {
    const work = join(scratch, "src");
    for (const file of declarationFiles) {
      mkdirSync(dirname(join(work, file)), { recursive: true });
      cpSync(join(root, file), join(work, file));
    }
    const alone = await run(work, { copyFrom: root, maxExtraFiles: MAX_EXTRA_FILES, topLevelIn: root });
    declarationFiles.push(...alone.addedFiles);
    if (alone.exitCode === 0) {
      return {
        ...readEggInfo(eggBase, declarationFiles),
        hasExtensions: alone.hasExtensions,
        installedTopLevel: alone.topLevel ?? [],
      };
    }

    const context = join(scratch, "context");
    copyBuildContext(root, dockerignore(), context, contextCopyHow(root));
    const whole = await run(context, {});
    if (whole.exitCode === 0) {
      return {
        ...readEggInfo(eggBase, declarationFiles),
        hasExtensions: whole.hasExtensions,
        declarationOnlyError: errorTail(alone.stderr, work),
      };
    }
    throw new UserError(
      `\`python setup.py egg_info\` failed in ${root}, so the dependency list cannot be read.`,
      "Fix the error below (try `python setup.py egg_info` yourself). It fails both with only " +
        declarationFiles.join(", ") +
        " present and in a copy of the whole build context (what .dockerignore lets through), " +
        "as the Dockerfile's dependency stage would run it.",
      errorTail(whole.stderr, context),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readEggInfo(eggBase: string, declarationFiles: string[]): Omit<SetupPyFacts, "hasExtensions"> {
  const eggInfo = readdirSync(eggBase).find((d) => d.endsWith(".egg-info"));
  if (!eggInfo) {
    throw new UserError(
      "`setup.py egg_info` succeeded but wrote no .egg-info folder.",
      "Check that setup.py calls setup().",
    );
  }
  const dir = join(eggBase, eggInfo);
  const pkgInfo = readFileSync(join(dir, "PKG-INFO"), "utf8");
  const requiresPath = join(dir, "requires.txt");
  const requiresTxt = existsSync(requiresPath) ? readFileSync(requiresPath, "utf8") : "";
  const sections = readRequiresTxt(requiresTxt);
  const topLevelPath = join(dir, "top_level.txt");
  const installedTopLevel = existsSync(topLevelPath)
    ? readFileSync(topLevelPath, "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  return {
    kind: "setup.py",
    name: pkgInfoField(pkgInfo, "Name") ?? eggInfo.replace(/\.egg-info$/, ""),
    requirements: sections.base,
    optional: { extras: sections.extras, groups: {} },
    installedTopLevel,
    requiresPython: pkgInfoField(pkgInfo, "Requires-Python"),
    declarationFiles,
  };
}
