import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";
import { runPython, tail, type Python, type PythonResult } from "../python/run.js";
import { copyBuildContext } from "./build-context.js";
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

// Looks for ext_modules=, Extension(...) or cythonize(...) in setup.py's syntax tree.
const EXTENSIONS_PROBE = `
import ast, sys
tree = ast.parse(open("setup.py", "rb").read())
names = {"Extension", "cythonize", "Pybind11Extension"}
def called(node):
    f = node.func
    return getattr(f, "id", None) in names or getattr(f, "attr", None) in names
found = any(
    isinstance(n, ast.Call) and (called(n) or any(k.arg == "ext_modules" for k in n.keywords))
    for n in ast.walk(tree)
)
print("yes" if found else "no")
`;

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

/**
 * A file setup.py tried to open and the project has: the dependency stage
 * must copy it too, or `setup.py egg_info` fails there just as it did here.
 */
function missingProjectFile(stderr: string, root: string, work: string): string | null {
  const match = /FileNotFoundError: \[Errno 2\] No such file or directory: '([^']+)'/.exec(stderr);
  if (!match) return null;
  const asked = resolve(work, match[1]!);
  const rel = relative(work, asked);
  if (rel.startsWith("..") || rel.startsWith(sep) || rel === "") return null;
  return existsSync(join(root, rel)) ? rel.split(sep).join("/") : null;
}

/**
 * What installing the project puts at the top level of site-packages: the
 * declaration files alone find no packages, so egg_info runs once more in
 * the project itself, its egg-info written to the scratch folder (nothing
 * lands in the project). Empty when that fails: then nothing is assumed.
 */
async function topLevelOf(python: Python, root: string, scratch: string): Promise<string[]> {
  const eggBase = join(scratch, "egg-top-level");
  mkdirSync(eggBase);
  const result = await runPython(python, ["setup.py", "--quiet", "egg_info", "--egg-base", eggBase], { cwd: root });
  const eggInfo = result.exitCode === 0 ? readdirSync(eggBase).find((d) => d.endsWith(".egg-info")) : undefined;
  const file = eggInfo ? join(eggBase, eggInfo, "top_level.txt") : null;
  return file && existsSync(file) ? readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter(Boolean) : [];
}

/** A Python error with the scratch folder's paths made relative, so that it reads the same on every run. */
function errorTail(result: PythonResult, work: string): string {
  return tail(result.stderr.split(`${work}${sep}`).join("").split(work).join("."));
}

/**
 * Runs `setup.py egg_info` the way the Dockerfile's dependency stage will: in
 * a scratch folder holding only the declaration files, with the egg-info
 * written to another scratch folder. The project's own tree is never touched.
 *
 * When the declaration files alone are not enough (setup.py imports its own
 * package, setup.cfg reads `attr:` from it or lists packages by name), it
 * tries again in a scratch copy of the whole build context (the
 * .dockerignore that `dockerignore` gives applied, as `docker build` sends it): when that works, the dependency stage
 * copies the whole context too, and the result says why.
 */
export async function inspectSetupPy(python: Python, root: string, dockerignore: () => string): Promise<SetupPyFacts> {
  const declarationFiles = DECLARATION_FILES.filter((f) => existsSync(join(root, f)));
  const scratch = mkdtempSync(join(tmpdir(), "create-django-docker-"));
  const eggBase = join(scratch, "egg");
  const eggInfo = async (cwd: string) => {
    rmSync(eggBase, { recursive: true, force: true });
    mkdirSync(eggBase);
    return runPython(python, ["setup.py", "--quiet", "egg_info", "--egg-base", eggBase], { cwd });
  };
  const facts = async (cwd: string) => {
    const probe = await runPython(python, ["-c", EXTENSIONS_PROBE], { cwd });
    return { ...readEggInfo(eggBase, declarationFiles), hasExtensions: probe.stdout.trim() === "yes" };
  };
  try {
    const work = join(scratch, "src");
    mkdirSync(work);
    for (let attempt = 0; ; attempt++) {
      for (const file of declarationFiles) {
        mkdirSync(dirname(join(work, file)), { recursive: true });
        cpSync(join(root, file), join(work, file));
      }
      const result = await eggInfo(work);
      if (result.exitCode === 0) return { ...(await facts(work)), installedTopLevel: await topLevelOf(python, root, scratch) };

      if (/No module named '?setuptools'?/.test(result.stderr)) {
        throw new UserError(
          `setuptools is not installed for ${python.command} (Python ${python.version}), so setup.py cannot be read.`,
          `Install it with \`${python.command} -m pip install setuptools\`, or run create-django-docker inside your project's virtualenv.`,
          tail(result.stderr),
        );
      }
      const extra = missingProjectFile(result.stderr, root, work);
      if (extra && !declarationFiles.includes(extra) && attempt < MAX_EXTRA_FILES) {
        declarationFiles.push(extra);
        continue;
      }

      const context = join(scratch, "context");
      copyBuildContext(root, dockerignore(), context);
      const whole = await eggInfo(context);
      if (whole.exitCode === 0) return { ...(await facts(context)), declarationOnlyError: errorTail(result, work) };
      throw new UserError(
        `\`python setup.py egg_info\` failed in ${root}, so the dependency list cannot be read.`,
        "Fix the error below (try `python setup.py egg_info` yourself). It fails both with only " +
          declarationFiles.join(", ") +
          " present and in a copy of the whole build context (what .dockerignore lets through), as the Dockerfile's dependency stage would run it.",
        errorTail(whole, context),
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readEggInfo(eggBase: string, declarationFiles: string[]): Omit<SetupPyFacts, "hasExtensions"> {
  const eggInfo = readdirSync(eggBase).find((d) => d.endsWith(".egg-info"));
  if (!eggInfo) {
    throw new UserError("`setup.py egg_info` succeeded but wrote no .egg-info folder.", "Check that setup.py calls setup().");
  }
  const dir = join(eggBase, eggInfo);
  const pkgInfo = readFileSync(join(dir, "PKG-INFO"), "utf8");
  const requiresPath = join(dir, "requires.txt");
  const requiresTxt = existsSync(requiresPath) ? readFileSync(requiresPath, "utf8") : "";
  const sections = readRequiresTxt(requiresTxt);
  const topLevelPath = join(dir, "top_level.txt");
  const installedTopLevel = existsSync(topLevelPath) ? readFileSync(topLevelPath, "utf8").split("\n").map((l) => l.trim()).filter(Boolean) : [];
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
