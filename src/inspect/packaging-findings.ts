import { posix } from "node:path";
import type { ConfigFile, InstalledFiles } from "./installed-files.js";

const { dirname } = posix;

export type FindingKind =
  | "not-a-package"
  | "unlisted-package"
  | "not-built"
  | "package-data"
  | "messages"
  | "include-package-data"
  | "excluded-data"
  | "outside-packages";

/** One way files are lost, with what fixes it. Paths are relative to the project root. */
export interface Finding {
  kind: FindingKind;
  /** What the image would lack: files, or folders where a whole folder is lost. */
  paths: string[];
  /** __init__.py files whose creation fixes it: safe, made by --yes. */
  initFiles: string[];
  /** MANIFEST.in lines whose addition fixes it: safe, made by --yes. */
  manifestLines: string[];
  /** A change to setup.py / setup.cfg or to the layout: shown, never made. */
  byHand: string | null;
}

/** The additive fixes the tool may make itself. */
export interface SafeFixes {
  initFiles: string[];
  manifestLines: string[];
}

const SETTINGS: Record<ConfigFile, { includePackageData: string; findPackages: string; excludeData: string }> = {
  "setup.py": {
    includePackageData: "set include_package_data=True in the setup() call in setup.py",
    findPackages: "list them in packages= in setup.py, or find them all with packages=find_packages()",
    excludeData: "exclude_package_data in setup.py excludes them: remove the patterns that match them",
  },
  "setup.cfg": {
    includePackageData: "set include_package_data = True under [options] in setup.cfg",
    findPackages: "list them under packages in [options] of setup.cfg, or find them all with packages = find:",
    excludeData: "[options.exclude_package_data] in setup.cfg excludes them: remove the patterns that match them",
  },
};

/** Where Django reads each conventional folder from, for the advice on moving one into a package. */
const CONVENTIONAL_SETTING: Record<string, string> = {
  templates: "TEMPLATES' DIRS",
  static: "STATICFILES_DIRS",
  locale: "LOCALE_PATHS",
};

/** Folders whose Python files are data (a template for generated code, say), never modules. */
const DATA_FOLDERS = new Set(["templates", "static", "locale"]);

const TEST_FOLDER = /^(tests?|testing|test_.*)$/;

/** `path` relative to `dir`, or null when it is not inside it. */
function inside(path: string, dir: string): string | null {
  if (dir === ".") return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : null;
}

/** Gettext catalogues: the image compiles a shipped .po itself, so only a catalogue with neither is lost. */
const CATALOGUE = /(^|\/)locale\/[^/]+\/LC_MESSAGES\/[^/]+\.(po|mo)$/;

/**
 * Every way installing the project loses a file the running site needs,
 * grouped, each with its fix. Pure: the facts come from setuptools.
 */
export function findLosses(facts: InstalledFiles): Finding[] {
  const installed = new Set(facts.installed);
  const inManifest = new Set(facts.manifest);
  const onDisk = new Set(facts.packageFiles);
  const settings = SETTINGS[facts.configFile];
  const packages = Object.entries(facts.packages)
    .map(([name, dir]) => ({ name, dir }))
    .sort((a, b) => b.dir.length - a.dir.length);
  // Listed files are under a package folder (that is where they were listed
  // from); a path outside every one is read as relative to the root.
  const ownerOf = (path: string) => packages.find((p) => inside(path, p.dir) !== null);
  const below = (path: string) => {
    const owner = ownerOf(path);
    return owner ? (inside(path, owner.dir) ?? path) : path;
  };
  const folderParts = (path: string) => dirname(below(path)).split("/");
  const isListed = (dir: string) => packages.some((p) => p.dir === dir);
  const isTopFolder = (dir: string) =>
    packages.some((p) => p.dir === dir) && !packages.some((p) => inside(dir, p.dir) !== null);
  const hasInit = (dir: string) => onDisk.has(`${dir}/__init__.py`);

  const notPackages = new Map<string, string[]>();
  const unlisted = new Map<string, string[]>();
  const notBuilt: string[] = [];
  const data: string[] = [];
  const messages: string[] = [];
  const add = (groups: Map<string, string[]>, path: string) =>
    groups.set(dirname(path), [...(groups.get(dirname(path)) ?? []), path]);

  for (const path of facts.packageFiles) {
    // Test suites are left out of packages on purpose, and the site never runs them.
    if (folderParts(path).some((part) => TEST_FOLDER.test(part))) continue;
    const isModule = path.endsWith(".py") && !folderParts(path).some((part) => DATA_FOLDERS.has(part));
    // Reported even when its modules ship as data (MANIFEST.in selecting
    // them): Django ignores a migrations folder that is not a package.
    if (isModule && !hasInit(dirname(path))) add(notPackages, path);
    else if (installed.has(path)) continue;
    // A module of a package setuptools ships is always built: one missing
    // was made during the build (a step in a custom build_py), or the build
    // stopped part way. Either way, not a packages= problem.
    else if (isModule && isListed(dirname(path))) notBuilt.push(path);
    else if (isModule) add(unlisted, path);
    else if (CATALOGUE.test(path)) {
      const stem = path.replace(/\.(po|mo)$/, "");
      if (!installed.has(`${stem}.po`) && !installed.has(`${stem}.mo`)) messages.push(path);
    } else data.push(path);
  }

  const findings: Finding[] = [];
  const finding = (kind: FindingKind, paths: string[], fix: Partial<Omit<Finding, "kind" | "paths">>) =>
    findings.push({ kind, paths, initFiles: [], manifestLines: [], byHand: null, ...fix });

  if (notPackages.size > 0) {
    const initFiles = new Set<string>();
    // find_packages() looks only inside packages: every folder from the top
    // package down needs one (management/ as well as management/commands/).
    for (const dir of notPackages.keys()) {
      for (let d = dir; d !== "." && !isTopFolder(d) && !hasInit(d); d = dirname(d)) initFiles.add(`${d}/__init__.py`);
    }
    finding("not-a-package", [...notPackages.values()].flat(), { initFiles: [...initFiles].sort() });
  }
  if (unlisted.size > 0) {
    const names = [...unlisted.keys()].map((dir) => {
      const owner = ownerOf(`${dir}/__init__.py`);
      const rest = owner ? inside(dir, owner.dir) : null;
      return owner && rest ? [owner.name, ...rest.split("/")].join(".") : dir.split("/").join(".");
    });
    finding("unlisted-package", [...unlisted.values()].flat(), {
      byHand: `${settings.findPackages}: ${names.join(", ")}`,
    });
  }

  if (notBuilt.length > 0) {
    finding("not-built", notBuilt, {
      byHand:
        "run `python setup.py build_py` and look for them in build/lib: " +
        "if a build step writes them, have it write them before the modules are copied",
    });
  }

  // Selected by MANIFEST.in with include_package_data on, and still not installed.
  const isExcluded = (path: string) => facts.includePackageData && inManifest.has(path);
  const linesFor = (paths: string[]) =>
    unique(paths.filter((p) => !inManifest.has(p)).map((p) => manifestLine(p, ownerOf(p)?.dir ?? ".")));
  const lostData = data.filter((p) => !isExcluded(p));
  const lostMessages = messages.filter((p) => !isExcluded(p));
  if (lostData.length > 0) finding("package-data", lostData, { manifestLines: linesFor(lostData) });
  if (lostMessages.length > 0) finding("messages", lostMessages, { manifestLines: linesFor(lostMessages) });
  if (!facts.includePackageData && (facts.manifestIn || lostData.length + lostMessages.length > 0)) {
    finding("include-package-data", [facts.configFile], { byHand: settings.includePackageData });
  }
  const excluded = [...data, ...messages].filter(isExcluded);
  if (excluded.length > 0) finding("excluded-data", excluded, { byHand: settings.excludeData });

  if (facts.outsidePackages.length > 0) {
    const read = unique(
      facts.outsidePackages.map((dir) => CONVENTIONAL_SETTING[posix.basename(dir)] ?? `the setting that names ${dir}`),
    );
    const example = packages.find((p) => isTopFolder(p.dir));
    finding("outside-packages", facts.outsidePackages, {
      byHand:
        `move ${facts.outsidePackages.join(", ")} into a package` +
        (example && facts.outsidePackages[0]
          ? ` (${example.dir}/${posix.basename(facts.outsidePackages[0])}, say)`
          : "") +
        `, point ${read.join(" / ")} at the new place, and include it in MANIFEST.in`,
    });
  }
  return findings;
}

/**
 * A folder inside the package is included whole, so files added to it later
 * ship too; a file directly in the package is included by name.
 */
function manifestLine(path: string, packageDir: string): string {
  const [first, ...rest] = (inside(path, packageDir) ?? path).split("/");
  return rest.length > 0 ? `recursive-include ${packageDir}/${first} *` : `include ${path}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Everything the tool may fix itself, across findings. */
export function safeFixes(findings: Finding[]): SafeFixes {
  return {
    initFiles: unique(findings.flatMap((f) => f.initFiles)).sort(),
    manifestLines: unique(findings.flatMap((f) => f.manifestLines)),
  };
}
