import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, normalize, posix, relative, resolve, sep } from "node:path";
import { walkDirs } from "./walk.js";

/** A fact and where it came from, shown beside it in the summary. */
export interface Fact<T> {
  value: T;
  from: string;
}

export type Manager = "npm" | "yarn" | "pnpm" | "bun";

/** One package.json the project holds, and how its front end installs and builds. */
export interface FrontendPackage {
  /** Folder of package.json relative to the root, "." for the root. */
  dir: string;
  manager: Fact<Manager>;
  /** The version `packageManager` pins ("9.12.0"), which corepack then uses; null when none. */
  managerVersion: string | null;
  /** The lockfile relative to the root; null when there is none. */
  lockfile: string | null;
  /** Yarn 2+ (`yarn install --immutable`) rather than Yarn 1. */
  yarnBerry: boolean;
  /** The Node major version. */
  nodeVersion: Fact<string>;
  scripts: Record<string, string>;
  /** The script that builds the assets; null when only lint/test/dev scripts exist. */
  script: Fact<string> | null;
  /** Folders the build writes to, relative to the root, read from its config and scripts. */
  outputs: Fact<string>[];
  /** Files the install reads beside the manifest and lockfile (.npmrc, .yarnrc.yml...), relative to the root. */
  installFiles: string[];
  /** Folders the install reads (.yarn/releases, patches/), relative to the root. */
  installDirs: string[];
  /** Config files beside package.json the build reads (vite.config.js, tailwind.config.js...), relative to the root. */
  configFiles: string[];
  /** Paths the scripts and config files name, that exist, relative to the root. */
  referenced: string[];
}

/** The Node version when nothing says one: the current LTS line. */
export const NODE_LTS = "22";
/** LTS codenames (.nvmrc "lts/iron") to their major version. */
const LTS_NAMES: Record<string, string> = {
  argon: "4",
  boron: "6",
  carbon: "8",
  dubnium: "10",
  erbium: "12",
  fermium: "14",
  gallium: "16",
  hydrogen: "18",
  iron: "20",
  jod: "22",
  krypton: "24",
};

/** Lockfiles and the package manager each one means, in order of preference. */
const LOCKFILES: Array<[file: string, manager: Manager]> = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
];

/** Files and folders the install reads, when present beside package.json. */
const INSTALL_FILES = [
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".yarn/releases",
  ".yarn/plugins",
  ".yarn/patches",
  "patches",
  "pnpm-workspace.yaml",
  ".pnpmfile.cjs",
  "bunfig.toml",
];

/** A word of a script's name (between `:`, `_` or `-`), one of the alternatives given. */
function scriptWord(...args: [...string[], string]): RegExp {
  const flags = args.pop()!;
  return new RegExp(`(^|[:_-])(${args.join("|")})([:_-]|$)`, flags);
}

/** Scripts that never build: checks, servers, watchers. */
const NOT_A_BUILD = scriptWord(
  "lint|test|tests|format|fmt|fix|prettier|eslint|stylelint|check|typecheck",
  "watch|dev|serve|start|storybook|styleguide|docs|clean|prepare|postinstall|preinstall|e2e|cypress|playwright",
  "i",
);
/**
 * A command that only checks or fixes sources, whatever the script's name: one checker and
 * nothing after it (`tsc --noEmit && vite build` still builds).
 */
const CHECKER_COMMAND = /^(npx\s+)?(eslint|stylelint|prettier|jest|vitest|mocha|tsc\s+--noEmit)\b[^&;|]*$/;

const BUILD_WORD = scriptWord(
  "build|compile|bundle|dist|assets|css|js|scss|sass|styles",
  "webpack|vite|tailwind|gulp|esbuild|rollup",
  "",
);
const PRODUCTION_WORD = scriptWord("prod|production|release", "");

/** Script names that say they build assets, most telling first: a production build before any other. */
const BUILD_NAMES: Array<(name: string) => boolean> = [
  (name) => name === "build",
  (name) => /^build[:_-](prod|production|assets|static|all)$/.test(name),
  (name) => /^(prod|production|dist|compile|bundle)$/.test(name),
  (name) => BUILD_WORD.test(name) && PRODUCTION_WORD.test(name),
  (name) => BUILD_WORD.test(name),
];

/** Folder names that hold tests or examples, never the project's front end. */
const NOT_PROJECT_DIR = /^(tests?|__tests__|fixtures?|__fixtures__|e2e|spec|examples?|samples?|docs?|cypress)$/i;
const PACKAGE_DEPTH = 3;
/** Config files the build reads, beside package.json. */
const CONFIG_FILE = new RegExp(
  String.raw`^(?!package(-lock)?\.json$)[\w.-]*\.(js|cjs|mjs|ts|cts|mts|json|jsonc)$` +
    String.raw`|^\.(babelrc|browserslistrc|postcssrc|swcrc)(\.\w+)?$`,
);
/** Config files of checks and hosting, which no build reads; a build's stats file or manifest, which it writes. */
const NOT_BUILD_CONFIG = new RegExp(
  String.raw`^\.?(eslint|prettier|stylelint|jest|vitest|playwright|cypress|commitlint|lint-?staged|renovate` +
    String.raw`|markdownlint|lighthouserc|app\.json|composer\.json|vercel\.json|netlify)` +
    String.raw`|stats[\w.-]*\.json$|^manifest\.json$`,
  "i",
);
/** Folders a build conventionally reads, when nothing names them. */
const CONVENTIONAL_SOURCES = ["src", "assets", "frontend", "static_src", "js", "css", "scss", "sass", "styles"];

/** A word in a config or script that reads as a path: a/b, ./x, or a source file name. */
const PATH_LIKE = new RegExp(
  String.raw`^(\.{1,2}\/)?[\w@.-]+\/[\w@.*{}/,-]*$|^\.{1,2}\/[\w@.*{}-]+$` +
    String.raw`|^[\w-]+\.(js|ts|jsx|tsx|css|scss|sass|less|vue|svelte)$`,
);

function readJson(path: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A path relative to the root, with forward slashes ("." for the root). */
function rel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join("/") || ".";
}

/** Folders with a package.json under the root, nearest first; not in node_modules, tests or examples. */
export function findPackageDirs(root: string): string[] {
  const found: string[] = [];
  walkDirs(root, PACKAGE_DEPTH, (dir, children) => {
    if (dir !== "." && dir.split(/[\\/]/).some((part) => NOT_PROJECT_DIR.test(part) || part.startsWith("."))) return;
    if (children.some((c) => c.isFile() && c.name === "package.json")) found.push(dir.split(sep).join("/"));
  });
  return found;
}

/** The major version a version-ish text names ("v20.11.0", "lts/iron", "18"), or null. */
export function majorOf(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  const lts = /^lts\/(\w+)$/.exec(trimmed);
  if (lts) return lts[1] === "*" ? NODE_LTS : (LTS_NAMES[lts[1]!] ?? null);
  if (trimmed === "lts/*" || trimmed === "node" || trimmed === "stable" || trimmed === "latest") return NODE_LTS;
  const match = /^v?(\d+)(\.[\dx*]+)*$/.exec(trimmed);
  return match ? String(Number(match[1])) : null;
}

/** Whether some version of Node `major` satisfies one comparator ("^18", ">=16.14", "20.x"). */
function comparatorAllows(comparator: string, major: number): boolean {
  const match = /^(>=|<=|>|<|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(comparator);
  if (!match) return true;
  const [, op = "=", m, minor, patch] = match;
  const wanted = Number(m);
  const exactMajor = minor === undefined || minor === "x" || minor === "*";
  const zeroRest = (minor === undefined || minor === "0") && (patch === undefined || patch === "0");
  switch (op) {
    case ">=":
      return major >= wanted;
    case ">":
      return exactMajor ? major > wanted : major >= wanted;
    case "<":
      return zeroRest ? major < wanted : major <= wanted;
    case "<=":
      return major <= wanted;
    default:
      return major === wanted;
  }
}

/** The Node major an engines.node range allows: the LTS when it may, else the newest LTS it allows. */
export function majorForRange(range: string): string | null {
  // The LTS lines, and any major the range names itself ("26.5", ">=25"): a table cannot know newer ones.
  const named = [...range.matchAll(/(?<![\d.])v?(\d+)/g)].map((m) => Number(m[1]));
  const majors = [...new Set([24, 22, 20, 18, 16, 14, 12, 10, ...named])].sort((a, b) => b - a);
  const allows = (major: number) =>
    range.split("||").some((set) => {
      const comparators = set
        .trim()
        .replace(/([<>=^~]+)\s+/g, "$1")
        .split(/\s+/)
        .filter(Boolean);
      if (comparators.length === 3 && comparators[1] === "-") {
        return comparatorAllows(`>=${comparators[0]}`, major) && comparatorAllows(`<=${comparators[2]}`, major);
      }
      return comparators.every((c) => c === "*" || c === "x" || comparatorAllows(c, major));
    });
  if (range.trim() === "" || range.trim() === "*") return NODE_LTS;
  if (allows(Number(NODE_LTS))) return NODE_LTS;
  const found = majors.find(allows);
  return found === undefined ? null : String(found);
}

/**
 * The Node version: .nvmrc or .node-version (beside package.json or above it), engines.node,
 * volta.node, else the LTS.
 */
function nodeVersionOf(root: string, dir: string, manifest: Record<string, unknown>): Fact<string> {
  for (let cur = resolve(root, dir); ; cur = dirname(cur)) {
    for (const file of [".nvmrc", ".node-version"]) {
      const text = readText(join(cur, file)).split("\n")[0] ?? "";
      const major = majorOf(text.replace(/#.*/, ""));
      if (major) return { value: major, from: rel(root, join(cur, file)) };
    }
    if (cur === root || dirname(cur) === cur) break;
  }
  const pkg = dir === "." ? "package.json" : `${dir}/package.json`;
  const engines = manifest.engines as Record<string, unknown> | undefined;
  if (typeof engines?.node === "string") {
    const major = majorForRange(engines.node);
    if (major) return { value: major, from: `${pkg} engines.node "${engines.node}"` };
  }
  const volta = manifest.volta as Record<string, unknown> | undefined;
  if (typeof volta?.node === "string") {
    const major = majorOf(volta.node);
    if (major) return { value: major, from: `${pkg} volta.node` };
  }
  return { value: NODE_LTS, from: "nothing pins one; the current LTS" };
}

/** The scripts `name` runs, itself first, following `npm run x`, `yarn x`, `pnpm x`, run-s/run-p/npm-run-all. */
export function scriptsRunBy(scripts: Record<string, string>, name: string): string[] {
  const seen: string[] = [];
  const visit = (current: string) => {
    if (seen.includes(current) || scripts[current] === undefined) return;
    seen.push(current);
    const body = scripts[current]!;
    for (const match of body.matchAll(
      /\b(?:npm|pnpm|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)|\byarn\s+(?:run\s+)?([\w:.-]+)/g,
    )) {
      visit((match[1] ?? match[2])!);
    }
    for (const match of body.matchAll(/\b(?:run-s|run-p|npm-run-all)((?:\s+(?:--?[\w-]+|[\w:.*-]+))+)/g)) {
      for (const word of match[1]!.trim().split(/\s+/)) {
        if (word.startsWith("-")) continue;
        const pattern = new RegExp(`^${word.replace(/[.]/g, "\\.").replace(/\*\*?/g, ".*")}$`);
        for (const other of Object.keys(scripts)) if (pattern.test(other)) visit(other);
      }
    }
  };
  visit(name);
  return seen;
}

/** The script that builds the assets: `build`, else one whose name says it builds; none among checks and servers. */
export function buildScript(scripts: Record<string, string>, pkg: string): Fact<string> | null {
  const names = Object.keys(scripts).filter(
    (name) => name === "build" || (!NOT_A_BUILD.test(name) && !CHECKER_COMMAND.test(scripts[name]!.trim())),
  );
  for (const says of BUILD_NAMES) {
    const found = names.find(says);
    if (found)
      return { value: found, from: found === "build" ? `${pkg} scripts` : `${pkg} scripts: its name says it builds` };
  }
  return null;
}

/** Folders a command line writes to: --outdir, --out-dir, --outfile, -o, sass's in:out, --dest. */
export function scriptOutputs(command: string): string[] {
  const found: string[] = [];
  const path = "['\"]?([^\\s'\"&|;]+)['\"]?";
  for (const match of command.matchAll(
    new RegExp(`(?:--outdir|--out-dir|--output-path|--dest|--output|--outfile|--out-file|-o|-d)(?:=|\\s+)${path}`, "g"),
  )) {
    const target = match[1]!;
    found.push(/\.\w+$/.test(target) ? posix.dirname(target) : target);
  }
  // sass in.scss:out.css, and sass dir:dir.
  for (const match of command.matchAll(/\bsass\b[^&|;]*?\s[^\s:&|;]+:([^\s&|;]+)/g)) {
    const target = match[1]!;
    found.push(/\.css$/.test(target) ? posix.dirname(target) : target);
  }
  // cpx (copy files from node_modules): cpx "src/**" dest.
  for (const match of command.matchAll(/\bcpx\s+(?:"[^"]*"|'[^']*'|[^\s&|;]+)\s+["']?([^\s"'&|;]+)/g))
    found.push(match[1]!);
  // sass in.scss out.css.
  for (const match of command.matchAll(/\bsass\b[^&|;]*?\s\S+\.s[ac]ss\s+([^\s&|;]+\.css)\b/g))
    found.push(posix.dirname(match[1]!));
  return found.filter((p) => !p.startsWith("-") && !p.includes("$"));
}

/** String literals in a piece of JavaScript (not template literals that interpolate). */
function literals(code: string): string[] {
  return [...code.matchAll(/(['"`])([^'"`\n]*?)\1/g)].map((m) => m[2]!).filter((text) => !text.includes("${"));
}

/** The expression after `key:` in JavaScript, up to the comma or brace that ends it (brackets balanced). */
function valueAfterKey(text: string, key: string): string | undefined {
  const start = new RegExp(`\\b${key}\\s*:\\s*`).exec(text);
  if (!start) return undefined;
  let depth = 0;
  let i = start.index + start[0].length;
  const from = i;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if ((c === "," || c === "\n") && depth === 0) break;
  }
  return text.slice(from, i);
}

/** The arguments of a call, split at its top-level commas. */
function callArguments(inside: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inside.length; i++) {
    const c = inside[i]!;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      args.push(inside.slice(from, i).trim());
      from = i + 1;
    }
  }
  return [...args, inside.slice(from).trim()].filter(Boolean);
}

/**
 * path.resolve(dir, "js") where `const dir = path.resolve(__dirname, "../app/static")` earlier
 * in the file: the names followed to their values. Null when a name's value cannot be read
 * (rather than a path built from the literals alone, which would be wrong).
 */
function namedConfigPath(expression: string, base: string, text: string, depth: number): string | null | undefined {
  const call = /^\s*(?:path\.)?(resolve|join)\(([\s\S]*)\)\s*$/.exec(expression);
  if (!call) return undefined;
  const args = callArguments(call[2]!);
  const names = args.filter((arg) => /^[A-Za-z_$][\w$]*$/.test(arg) && arg !== "__dirname");
  if (names.length === 0) return undefined;
  if (depth > 3) return null;
  let at = base;
  for (const arg of args) {
    const literal = /^(['"])([^'"]*)\1$/.exec(arg);
    if (arg === "__dirname") at = base;
    else if (literal) at = call[1] === "resolve" ? resolve(at, literal[2]!) : join(at, literal[2]!);
    else if (names.includes(arg)) {
      const value = new RegExp(`\\b(?:const|let|var)\\s+${arg.replace(/\$/g, "\\$")}\\s*=\\s*([^;\\n]+)`).exec(text);
      const assigned = value?.[1]?.trim() ?? "";
      const string = /^(['"])([^'"]*)\1$/.exec(assigned);
      // A string, or a path.resolve/join call; anything else (require(...)) is not read.
      const path = string
        ? resolve(base, string[2]!)
        : /^(?:path\.)?(?:resolve|join)\(/.test(assigned)
          ? configPath(assigned, base, text, depth + 1)
          : null;
      if (!path) return null;
      at = path;
    } else return null;
  }
  return normalize(at);
}

/** A path a config expression builds: path.resolve(__dirname, "a", "b") or "a/b", relative to `base`. */
function configPath(expression: string, base: string, text = "", depth = 0): string | null {
  const named = namedConfigPath(expression, base, text, depth);
  if (named !== undefined) return named;
  const parts = literals(expression);
  if (parts.length === 0) return null;
  return normalize(join(base, ...parts));
}

/** Angular's build outputPath: the default configuration's (production) over the options'. */
function angularOutput(text: string): string | null {
  let config: { projects?: Record<string, { architect?: Record<string, unknown>; targets?: Record<string, unknown> }> };
  try {
    config = JSON.parse(text);
  } catch {
    return null;
  }
  type Build = {
    options?: { outputPath?: unknown };
    configurations?: Record<string, { outputPath?: unknown }>;
    defaultConfiguration?: string;
  };
  const pathOf = (value: unknown) =>
    typeof value === "string"
      ? value
      : typeof (value as { base?: unknown })?.base === "string"
        ? (value as { base: string }).base
        : null;
  for (const project of Object.values(config.projects ?? {})) {
    const build = (project.architect ?? project.targets)?.build as Build | undefined;
    if (!build) continue;
    const chosen = build.configurations?.[build.defaultConfiguration ?? "production"]?.outputPath;
    const path = pathOf(chosen) ?? pathOf(build.options?.outputPath);
    if (path) return path;
  }
  return null;
}

interface ConfigOutput {
  file: RegExp;
  /** The output folder the config names, absolute, or null. */
  read: (text: string, configDir: string) => string | null;
  /** Where the tool writes when the config says nothing (vite: dist). */
  fallback?: string;
  /** The config names its output, in a way that cannot be read: no fallback then. */
  names?: RegExp;
}

/** Build tools whose config names the output folder. */
const CONFIG_OUTPUTS: ConfigOutput[] = [
  {
    file: /^vite\.config\.(js|cjs|mjs|ts|mts|cts)$/,
    read: (text, configDir) => {
      const outDir = valueAfterKey(text, "outDir");
      if (!outDir) return null;
      // A plain string is relative to Vite's root; path.resolve(__dirname, ...) to the config's folder.
      const viteRoot = /\broot\s*:\s*(['"`])([^'"`]+)\1/.exec(text)?.[2];
      const base =
        /__dirname|import\.meta|resolve\(|join\(/.test(outDir) || !viteRoot ? configDir : join(configDir, viteRoot);
      return configPath(outDir, base);
    },
    fallback: "dist",
    names: /\boutDir\s*:/,
  },
  {
    file: /^webpack\.(config|prod|production)(\.[\w-]+)?\.(js|cjs|mjs|ts)$/,
    read: (text, configDir) => {
      const output = valueAfterKey(text, "output");
      const path = output ? valueAfterKey(output, "path") : undefined;
      return path ? configPath(path, configDir, text) : null;
    },
    fallback: "dist",
    names: /\boutput\s*:\s*\{[^}]*\bpath\s*:/,
  },
  {
    // Vue CLI (vue-cli-service build): outputDir, relative to the project's folder.
    file: /^vue\.config\.(js|cjs|mjs|ts)$/,
    read: (text, configDir) => {
      const outputDir = valueAfterKey(text, "outputDir");
      return outputDir ? configPath(outputDir, configDir, text) : null;
    },
    fallback: "dist",
    names: /\boutputDir\s*:/,
  },
  {
    file: /^rollup\.config\.(js|cjs|mjs|ts)$/,
    read: (text, configDir) => {
      const output = valueAfterKey(text, "output");
      const dir = output ? valueAfterKey(output, "dir") : undefined;
      const file = output ? valueAfterKey(output, "file") : undefined;
      if (dir) return configPath(dir, configDir);
      const path = file ? configPath(file, configDir) : null;
      return path ? dirname(path) : null;
    },
  },
  {
    file: /^angular\.json$/,
    read: (text, configDir) => {
      const path = angularOutput(text);
      return path ? join(configDir, path) : null;
    },
  },
];

/** Top-level files beside package.json whose name matches. */
function filesIn(dir: string, pattern: RegExp): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** JavaScript files in a folder and its subfolders (two levels), relative to it. */
function jsFilesUnder(dir: string): string[] {
  const found: string[] = [];
  walkDirs(dir, 2, (relDir, children) => {
    for (const child of children)
      if (child.isFile() && /\.[cm]?[jt]s$/.test(child.name))
        found.push(relDir === "." ? child.name : `${relDir.split(sep).join("/")}/${child.name}`);
  });
  return found.sort();
}

/** Whether a folder holds Python code directly (a Django app or package). */
function holdsPython(dir: string): boolean {
  return filesIn(dir, /\.py$/).length > 0;
}

/**
 * The folder to copy for a path the build names: the named folder (a
 * file's folder), widened up to the first folder holding Python code, so
 * that sibling sources it imports come too, and Python edits do not rerun it.
 */
function sourceFolder(root: string, pkgAbs: string, named: string): string | null {
  const clean = named.replace(/^\.\//, "").split(/[*{[]/)[0]!.replace(/\/+$/, "");
  if (!clean || clean.startsWith("-") || /^[a-z]+:/.test(clean) || clean.includes("node_modules")) return null;
  let abs = resolve(pkgAbs, clean);
  // A path that is not there is one the build writes, not one it reads.
  if (!existsSync(abs) || !abs.startsWith(root) || abs === root || abs === pkgAbs) return null;
  if (!isDir(abs)) abs = dirname(abs);
  for (;;) {
    const parent = dirname(abs);
    if (parent === pkgAbs || parent === root || !parent.startsWith(root) || holdsPython(parent)) break;
    abs = parent;
  }
  // A glob over a Python package (Tailwind's content) is read for real: copied, Python and all.
  if (abs === root || abs === pkgAbs || (holdsPython(abs) && !/[*{]/.test(named))) return null;
  return rel(root, abs);
}

/** Build tools whose config file a script names with --config / -c. */
const CONFIG_FLAG = /\b(webpack|vite|rollup)\b[^&|;]*?\s(?:--config|-c)(?:=|\s+)['"]?([^\s'"&|;]+)/g;

/**
 * Config files the scripts name (`webpack --config webpack/prod.config.js`),
 * relative to package.json's folder, and the local files they require or
 * import (a common config merged into it), one level deep.
 */
function namedConfigs(pkgAbs: string, commands: string[]): Array<{ tool: string; file: string }> {
  const found: Array<{ tool: string; file: string }> = [];
  const add = (tool: string, abs: string) => {
    const file = relative(pkgAbs, abs).split(sep).join("/");
    if (!file.startsWith("..") && existsSync(abs) && !isDir(abs) && !found.some((f) => f.file === file))
      found.push({ tool, file });
  };
  for (const command of commands) {
    for (const match of command.matchAll(CONFIG_FLAG)) {
      const abs = resolve(pkgAbs, match[2]!);
      add(match[1]!, abs);
      for (const required of readText(abs).matchAll(/(?:require\(\s*|\bfrom\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = resolve(dirname(abs), required[1]!);
        add(
          match[1]!,
          existsSync(target)
            ? target
            : (["js", "cjs", "mjs", "ts"].map((ext) => `${target}.${ext}`).find((t) => existsSync(t)) ?? target),
        );
      }
    }
  }
  return found;
}

/** Reads one package.json folder: manager, Node version, script, outputs and inputs. */
export function readPackage(root: string, dir: string): FrontendPackage {
  const abs = resolve(root, dir);
  const pkg = dir === "." ? "package.json" : `${dir}/package.json`;
  const manifest = readJson(join(abs, "package.json")) ?? {};
  const scripts = Object.fromEntries(
    Object.entries((manifest.scripts as Record<string, unknown> | undefined) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  const lock = LOCKFILES.find(([file]) => existsSync(join(abs, file)));
  const pinned =
    typeof manifest.packageManager === "string"
      ? /^(npm|yarn|pnpm|bun)@(\d[\w.+-]*)/.exec(manifest.packageManager)
      : null;
  const manager: Fact<Manager> = pinned
    ? { value: pinned[1] as Manager, from: `${pkg} packageManager` }
    : lock
      ? { value: lock[1], from: rel(root, join(abs, lock[0])) }
      : { value: "npm", from: "no lockfile; npm" };
  const lockfile = LOCKFILES.find(([file, m]) => m === manager.value && existsSync(join(abs, file)))?.[0];
  const yarnBerry =
    manager.value === "yarn" &&
    (pinned
      ? Number(pinned[2]!.split(".")[0]) >= 2
      : existsSync(join(abs, ".yarnrc.yml")) || readText(join(abs, "yarn.lock")).includes("__metadata:"));

  const script = buildScript(scripts, pkg);
  const commands = script ? scriptsRunBy(scripts, script.value).map((name) => scripts[name]!) : [];
  const configFiles = filesIn(abs, CONFIG_FILE).filter((f) => !NOT_BUILD_CONFIG.test(f));
  // gulp's tasks: gulpfile.js, or a gulpfile.js/ folder of modules.
  const gulpFolder = isDir(join(abs, "gulpfile.js")) ? "gulpfile.js" : null;
  const gulpFiles = [
    ...configFiles.filter((f) => /^gulpfile\./.test(f)),
    ...(gulpFolder ? jsFilesUnder(join(abs, gulpFolder)).map((f) => `${gulpFolder}/${f}`) : []),
  ];
  const named = namedConfigs(abs, commands);
  const outputs: Fact<string>[] = [];
  const addOutput = (path: string, from: string) => {
    const relPath = rel(root, resolve(abs, path));
    if (relPath.startsWith("..") || relPath.includes("node_modules") || outputs.some((o) => o.value === relPath))
      return;
    outputs.push({ value: relPath, from });
  };
  if (script) {
    for (const command of commands)
      for (const out of scriptOutputs(command)) addOutput(out, `${pkg} scripts.${script.value}`);
    // A build written as a Node program (node bundle.js calling esbuild's API): its outdir/outfile.
    for (const command of commands) {
      for (const match of command.matchAll(/\bnode\s+([\w./-]+\.[cm]?js)\b/g)) {
        const program = readText(join(abs, match[1]!));
        for (const key of ["outdir", "outfile"]) {
          const value = valueAfterKey(program, key);
          const path = value && /^\s*['"`]/.test(value) ? literals(value)[0] : undefined;
          if (path) addOutput(key === "outfile" ? posix.dirname(path) : path, rel(root, join(abs, match[1]!)));
        }
      }
    }
    for (const file of gulpFiles) {
      for (const match of readText(join(abs, file)).matchAll(/\.dest\(\s*(['"`])([^'"`]+)\1/g))
        addOutput(match[2]!, rel(root, join(abs, file)));
    }
    const usesTool = (name: string) => commands.some((c) => new RegExp(`\\b${name}\\b`).test(c));
    for (const config of CONFIG_OUTPUTS) {
      // Beside package.json under the usual name, or named by --config (webpack/prod.config.js), with what it requires.
      const files = [
        ...configFiles.filter((f) => config.file.test(f)),
        ...named.filter((n) => config.file.test(`${n.tool}.config.js`)).map((n) => n.file),
      ];
      let found = false;
      for (const file of files) {
        const read = config.read(readText(join(abs, file)), dirname(join(abs, file)));
        if (read) {
          addOutput(read, rel(root, join(abs, file)));
          found = true;
        }
      }
      const first = files[0];
      const unreadable = config.names && files.some((f) => config.names!.test(readText(join(abs, f))));
      if (
        !found &&
        !unreadable &&
        first &&
        config.fallback &&
        usesTool(named.find((n) => n.file === first)?.tool ?? basename(first).split(".")[0]!)
      )
        addOutput(config.fallback, `${rel(root, join(abs, first))}: the default`);
    }
  }

  // One folder for outputs nested in another (gulp copying into static/ and compiling into static/css/).
  const nested = outputs.filter((o) => outputs.some((other) => other !== o && o.value.startsWith(`${other.value}/`)));
  for (const o of nested) outputs.splice(outputs.indexOf(o), 1);

  const referenced = new Set<string>(gulpFolder && script ? [rel(root, join(abs, gulpFolder))] : []);
  const texts = [
    ...commands,
    ...configFiles.filter((f) => !/^(tsconfig|jsconfig)/.test(f)).map((f) => readText(join(abs, f))),
    ...gulpFiles.filter((f) => f.includes("/")).map((f) => readText(join(abs, f))),
  ];
  // What a config in a folder names is relative to that folder.
  const nestedTexts = named
    .filter((n) => n.file.includes("/"))
    .map((n) => ({ text: readText(join(abs, n.file)), base: dirname(join(abs, n.file)) }));
  for (const text of texts) {
    for (const word of [...literals(text), ...text.split(/[\s'"`=,]+/)]) {
      if (!PATH_LIKE.test(word)) continue;
      const folder = sourceFolder(root, abs, word);
      if (folder && !outputs.some((o) => o.value === folder || folder.startsWith(`${o.value}/`)))
        referenced.add(folder);
    }
  }
  for (const { text, base } of nestedTexts) {
    for (const word of literals(text)) {
      if (!/^\.{0,2}\/?[\w@.-]+\/[\w@.*{}/,-]*$/.test(word)) continue;
      // An entry point names its module without the extension.
      const target = [
        resolve(base, word),
        ...["js", "ts", "jsx", "tsx"].map((ext) => resolve(base, `${word}.${ext}`)),
      ].find((t) => existsSync(t));
      const folder = target?.startsWith(root)
        ? sourceFolder(root, abs, relative(abs, target).split(sep).join("/"))
        : null;
      if (folder && !outputs.some((o) => o.value === folder || folder.startsWith(`${o.value}/`)))
        referenced.add(folder);
    }
  }
  if (referenced.size === 0 && script) {
    for (const name of CONVENTIONAL_SOURCES) if (isDir(join(abs, name))) referenced.add(rel(root, join(abs, name)));
  }
  return {
    dir,
    manager,
    managerVersion: pinned?.[2] ?? null,
    lockfile: lockfile ? rel(root, join(abs, lockfile)) : null,
    yarnBerry,
    nodeVersion: nodeVersionOf(root, dir, manifest),
    scripts,
    script,
    outputs,
    installFiles: INSTALL_FILES.filter((f) => existsSync(join(abs, f)) && !isDir(join(abs, f))).map((f) =>
      rel(root, join(abs, f)),
    ),
    installDirs: INSTALL_FILES.filter((f) => isDir(join(abs, f))).map((f) => rel(root, join(abs, f))),
    configFiles: configFiles.map((f) => rel(root, join(abs, f))),
    referenced: [...referenced].sort(),
  };
}

/** Every package.json's front end under the root. */
export function inspectFrontend(root: string): FrontendPackage[] {
  return findPackageDirs(root).map((dir) => readPackage(root, dir));
}

/** Management commands and Makefile targets whose name says they build assets. */
const ASSET_BUILDER = new RegExp(
  "^(build|compile|bundle|generate|collect)[_-]?" +
    "(assets|static|statics|css|js|scss|sass|styles|icons|frontend|bundles?)$" +
    "|^(assets|static|frontend)[_-]?(build|compile)$",
);

/** Candidates for --build-step: `<app>/management/commands/<name>.py` and Makefile targets, named like asset builds. */
export function findAssetCommands(root: string): string[] {
  const found: string[] = [];
  walkDirs(root, 5, (dir, children) => {
    if (!/(^|[\\/])management[\\/]commands$/.test(dir)) return;
    for (const child of children) {
      const name = child.name.replace(/\.py$/, "");
      if (child.isFile() && child.name.endsWith(".py") && ASSET_BUILDER.test(name)) found.push(`manage.py ${name}`);
    }
  });
  for (const line of readText(join(root, "Makefile")).split("\n")) {
    const target = /^([\w-]+):/.exec(line)?.[1];
    if (target && ASSET_BUILDER.test(target)) found.push(`make ${target}`);
  }
  return [...new Set(found)].sort();
}
