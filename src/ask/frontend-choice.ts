import { relative, sep } from "node:path";
import { UserError } from "../errors.js";
import type { BundleSettings } from "../inspect/bundle-settings.js";
import type { FrontendPackage, Manager } from "../inspect/frontend.js";
import type { Facts } from "../inspect/index.js";
import type { StaticDir } from "../inspect/static-dirs.js";

/** What the user said about the front end (flags or remembered); undefined: detect it. */
export interface FrontendChoice {
  /** The folder of the package.json to build, or "none". */
  frontend?: string;
  /** The script to run; "" for install only. */
  frontendScript?: string;
  nodeVersion?: string;
  /** Folders the build writes (relative to the root); [] for none. */
  frontendOutputs?: string[];
}

/** The front end the image builds, as the plan JSON and the summary show it. */
export interface ChosenFrontend {
  pkg: FrontendPackage;
  dir: string;
  manager: Manager;
  script: string | null;
  nodeVersion: string;
  /** Folders the build (or the install) writes that the static stage reads, relative to the root. */
  outputs: string[];
  /**
   * Outputs that are also committed STATICFILES_DIRS entries: copied into the stage before the
   * build, so that the build adds to them.
   */
  seeded: string[];
  /**
   * Files the build writes that the site reads at run time (webpack-loader's stats, django-vite's
   * manifest), relative to the root.
   */
  runtimeFiles: string[];
  /**
   * Those of them git holds: copied into the stage before the build, so that the file is there even
   * if the build writes none.
   */
  committedRuntimeFiles: string[];
  /**
   * Nothing says where the build writes: the outputs are the settings' folders (a default to
   * confirm), or the user's answer.
   */
  outputsUnknown: boolean;
  /** Why this package.json, and where the outputs came from: for the summary. */
  why: string;
  outputsFrom: string;
}

/** "static/dist ./assets/" -> ["static/dist", "assets"]: folders as the plan names them. */
export function splitFolders(text: string): string[] {
  const folders = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((f) => f.replace(/^\.\/(?=.)/, "").replace(/\/+$/, "") || ".");
  const bad = folders.find((f) => f.startsWith("/") || f.split("/").includes(".."));
  if (bad !== undefined)
    throw new UserError(
      `${bad} is not a folder inside the project.`,
      "Give it relative to the project root, e.g. static/dist.",
    );
  return [...new Set(folders)];
}

export const within = (path: string, folder: string) =>
  folder === "." || path === folder || path.startsWith(`${folder}/`);

/** Finders that serve files straight out of node_modules (django-npm). */
const NODE_MODULES_FINDER = /npm|node_?modules/i;

/** Whether the settings read node_modules: a STATICFILES_DIRS entry under it, or an npm finder. */
function readsNodeModules(
  facts: Facts,
  settingsModule: string,
  pkg: FrontendPackage,
  dirs: StaticDir[],
): string | null {
  const modules = pkg.dir === "." ? "node_modules" : `${pkg.dir}/node_modules`;
  const entry = dirs.find((d) => within(d.path, modules));
  if (entry) return `STATICFILES_DIRS reads ${entry.path} (${entry.from})`;
  const finders = facts.django.modules[settingsModule]?.names.STATICFILES_FINDERS;
  const finder =
    finders?.known && Array.isArray(finders.value)
      ? finders.value.find((f) => typeof f === "string" && NODE_MODULES_FINDER.test(f.split(".").pop() ?? ""))
      : undefined;
  if (!finder) return null;
  // django-npm reads NPM_ROOT_PATH/node_modules: by default in the folder Django runs in, manage.py's.
  const npmRoot = facts.django.modules[settingsModule]?.names.NPM_ROOT_PATH?.paths?.[0];
  const reads = npmRoot ? relative(facts.root, npmRoot).split(sep).join("/") || "." : facts.appDir;
  return reads === pkg.dir
    ? `the static finder ${finder} reads node_modules (${finders!.file}:${finders!.line})`
    : null;
}

/** How strongly the Django static settings read what this package builds. */
function relation(
  pkg: FrontendPackage,
  dirs: StaticDir[],
  nodeModules: string | null,
  bundles: BundleSettings | undefined,
): { score: number; why: string } {
  if (nodeModules) return { score: 3, why: nodeModules };
  const bundled = bundles?.outputs.find(
    (o) => within(o.value, pkg.dir) || pkg.referenced.some((r) => within(r, o.value)),
  );
  if (pkg.script && pkg.outputs.length === 0 && bundled)
    return { score: 3, why: `it builds ${bundled.value}, which ${bundled.from.split(",")[0]} reads` };
  const output = pkg.outputs.find((o) => dirs.some((d) => within(o.value, d.path) || within(d.path, o.value)));
  if (output) return { score: 3, why: `it builds ${output.value}, which STATICFILES_DIRS reads` };
  const inside = dirs.find((d) => pkg.dir !== "." && within(d.path, pkg.dir));
  if (inside) return { score: 2, why: `STATICFILES_DIRS reads ${inside.path}, in its folder` };
  if (pkg.dir === "." && pkg.script) return { score: 1, why: "package.json at the project root" };
  return { score: 0, why: pkg.script ? "the nearest package.json with a build script" : "" };
}

/** The outputs the static stage takes from the front-end stage, and where that list comes from. */
function outputsOf(
  pkg: FrontendPackage,
  script: string | null,
  dirs: StaticDir[],
  nodeModules: string | null,
  bundles: BundleSettings | undefined,
): { outputs: string[]; from: string; unknown: boolean } {
  const outputs: string[] = [];
  const from: string[] = [];
  if (nodeModules) {
    outputs.push(pkg.dir === "." ? "node_modules" : `${pkg.dir}/node_modules`);
    from.push(nodeModules);
  }
  if (script) {
    const ownConfig = script === pkg.script?.value ? pkg.outputs : [];
    // The bundle loader's settings (django-webpack-loader, django-vite) when the build's own config says nothing.
    const configured = ownConfig.length > 0 ? ownConfig : (bundles?.outputs ?? []);
    if (configured.length > 0) {
      // Several outputs in one folder the settings read and git ignores: that folder, once.
      const built = dirs.filter((d) => d.ignored || !d.exists);
      outputs.push(...configured.map((o) => built.find((d) => within(o.value, d.path))?.path ?? o.value));
      from.push(...new Set(configured.map((o) => o.from)));
    } else {
      // Not in git or not there yet: the build makes them.
      const built = dirs.filter(
        (d) => !d.path.startsWith("..") && !d.path.includes("node_modules") && (d.ignored || !d.exists),
      );
      outputs.push(...built.map((d) => d.path));
      if (built.length > 0)
        from.push(
          `STATICFILES_DIRS entries that ${built.every((d) => !d.exists) ? "do not exist yet" : "git ignores"} ` +
            `(${built[0]!.from})`,
        );
      else {
        // Unknown: by default the build's results in the folders the settings read replace them.
        const read = settingsFolders(dirs);
        outputs.push(...read);
        if (read.length > 0)
          from.push(`nothing says where it writes; the folders STATICFILES_DIRS names (${dirs[0]!.from})`);
        return { outputs: [...new Set(outputs)], from: from.join("; "), unknown: true };
      }
    }
  }
  return { outputs: [...new Set(outputs)], from: from.join("; "), unknown: false };
}

/**
 * The STATICFILES_DIRS entries inside the project, outside node_modules: where a build of unknown
 * output is taken from.
 */
export function settingsFolders(dirs: StaticDir[]): string[] {
  return dirs
    .filter((d) => !d.path.startsWith("..") && d.path !== "." && !d.path.split("/").includes("node_modules"))
    .map((d) => d.path);
}

/** The package.json the image builds, for this settings module, or null (none, or nothing to build). */
export function chooseFrontend(facts: Facts, settingsModule: string, choice: FrontendChoice): ChosenFrontend | null {
  if (choice.frontend === "none" || facts.frontends.length === 0) return null;
  const dirs = facts.staticDirs[settingsModule] ?? [];
  let pkg: FrontendPackage | undefined;
  let why: string;
  let nodeModules: string | null;
  if (choice.frontend !== undefined) {
    pkg = facts.frontends.find((f) => f.dir === choice.frontend);
    if (!pkg) return null;
    nodeModules = readsNodeModules(facts, settingsModule, pkg, dirs);
    why = "your choice";
  } else {
    const ranked = facts.frontends
      .map((f) => {
        const modules = readsNodeModules(facts, settingsModule, f, dirs);
        return { f, modules, ...relation(f, dirs, modules, facts.bundleSettings?.[settingsModule]) };
      })
      .filter((r) => r.f.script || r.modules)
      .sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best) return null;
    ({ f: pkg, why, modules: nodeModules } = best);
  }
  const script = choice.frontendScript !== undefined ? choice.frontendScript || null : (pkg.script?.value ?? null);
  if (!script && !nodeModules) return null;
  const bundles = facts.bundleSettings?.[settingsModule];
  const detected = outputsOf(pkg, script, dirs, nodeModules, bundles);
  const built = detected.outputs.filter((o) => !o.split("/").includes("node_modules"));
  const sameAsDetected =
    choice.frontendOutputs?.length === built.length && built.every((o) => choice.frontendOutputs!.includes(o));
  const chosenOutputs =
    choice.frontendOutputs !== undefined && script && !sameAsDetected ? choice.frontendOutputs : null;
  const outputs = chosenOutputs
    ? [
        ...new Set([
          ...(nodeModules ? detected.outputs.filter((o) => o.endsWith("node_modules")) : []),
          ...chosenOutputs,
        ]),
      ]
    : detected.outputs;
  const from = chosenOutputs ? "your answer" : detected.from;
  return {
    pkg,
    dir: pkg.dir,
    manager: pkg.manager.value,
    script,
    nodeVersion: choice.nodeVersion ?? pkg.nodeVersion.value,
    outputs,
    seeded: outputs.filter((o) => dirs.some((d) => d.path === o && d.exists && !d.ignored)),
    runtimeFiles: script ? (bundles?.runtimeFiles.map((f) => f.value) ?? []) : [],
    committedRuntimeFiles: script ? (bundles?.runtimeFiles.filter((f) => f.committed).map((f) => f.value) ?? []) : [],
    outputsUnknown: !!script && detected.unknown,
    why,
    outputsFrom: from,
  };
}
