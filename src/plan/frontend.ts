import { relative, sep } from "node:path";
import type { Facts } from "../inspect/index.js";
import type { FrontendPackage, Manager } from "../inspect/frontend.js";
import type { StaticDir } from "../inspect/static-dirs.js";

/** What the user said about the front end (flags or remembered); undefined: detect it. */
export interface FrontendChoice {
  /** The folder of the package.json to build, or "none". */
  frontend?: string;
  /** The script to run; "" for install only. */
  frontendScript?: string;
  nodeVersion?: string;
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
  /** Why this package.json, and where the outputs came from: for the summary. */
  why: string;
  outputsFrom: string;
}

interface ManagerRecipe {
  /** The install, lockfile enforced (null: no lockfile to enforce). */
  install: (lockfile: boolean, berry: boolean) => string;
  /** Where the store or download cache lives, for a BuildKit cache mount. */
  cache: (berry: boolean) => string;
  run: string;
  /** Comes through corepack (yarn, pnpm). */
  corepack: boolean;
  /** The image when Node's does not carry it. */
  image?: string;
}

/** One entry per package manager. */
const MANAGERS: Record<Manager, ManagerRecipe> = {
  npm: {
    install: (lock) => (lock ? "npm ci --no-audit --no-fund" : "npm install --no-audit --no-fund"),
    cache: () => "/root/.npm",
    run: "npm run",
    corepack: false,
  },
  yarn: {
    install: (lock, berry) => (!lock ? "yarn install" : berry ? "yarn install --immutable" : "yarn install --frozen-lockfile"),
    cache: (berry) => (berry ? "/root/.yarn/berry/cache" : "/usr/local/share/.cache/yarn"),
    run: "yarn run",
    corepack: true,
  },
  pnpm: {
    install: (lock) => (lock ? "pnpm install --frozen-lockfile" : "pnpm install"),
    cache: () => "/root/.local/share/pnpm/store",
    run: "pnpm run",
    corepack: true,
  },
  bun: {
    install: (lock) => (lock ? "bun install --frozen-lockfile" : "bun install"),
    cache: () => "/root/.bun/install/cache",
    run: "bun run",
    corepack: false,
    image: "oven/bun:1-slim",
  },
};

const within = (path: string, folder: string) => folder === "." || path === folder || path.startsWith(`${folder}/`);

/** Finders that serve files straight out of node_modules (django-npm). */
const NODE_MODULES_FINDER = /npm|node_?modules/i;

/** Whether the settings read node_modules: a STATICFILES_DIRS entry under it, or an npm finder. */
function readsNodeModules(facts: Facts, settingsModule: string, pkg: FrontendPackage, dirs: StaticDir[]): string | null {
  const modules = pkg.dir === "." ? "node_modules" : `${pkg.dir}/node_modules`;
  const entry = dirs.find((d) => within(d.path, modules));
  if (entry) return `STATICFILES_DIRS reads ${entry.path} (${entry.from})`;
  const finders = facts.django.modules[settingsModule]?.names.STATICFILES_FINDERS;
  const finder = finders?.known && Array.isArray(finders.value) ? finders.value.find((f) => typeof f === "string" && NODE_MODULES_FINDER.test(f.split(".").pop() ?? "")) : undefined;
  if (!finder) return null;
  // django-npm reads NPM_ROOT_PATH/node_modules: by default in the folder Django runs in, manage.py's.
  const npmRoot = facts.django.modules[settingsModule]?.names.NPM_ROOT_PATH?.paths?.[0];
  const reads = npmRoot ? relative(facts.root, npmRoot).split(sep).join("/") || "." : facts.appDir;
  return reads === pkg.dir ? `the static finder ${finder} reads node_modules (${finders!.file}:${finders!.line})` : null;
}

/** How strongly the Django static settings read what this package builds. */
function relation(pkg: FrontendPackage, dirs: StaticDir[], nodeModules: string | null): { score: number; why: string } {
  if (nodeModules) return { score: 3, why: nodeModules };
  const output = pkg.outputs.find((o) => dirs.some((d) => within(o.value, d.path) || within(d.path, o.value)));
  if (output) return { score: 3, why: `it builds ${output.value}, which STATICFILES_DIRS reads` };
  const inside = dirs.find((d) => pkg.dir !== "." && within(d.path, pkg.dir));
  if (inside) return { score: 2, why: `STATICFILES_DIRS reads ${inside.path}, in its folder` };
  if (pkg.dir === "." && pkg.script) return { score: 1, why: "package.json at the project root" };
  return { score: 0, why: pkg.script ? "the nearest package.json with a build script" : "" };
}

/** The outputs the static stage takes from the front-end stage, and where that list comes from. */
function outputsOf(pkg: FrontendPackage, script: string | null, dirs: StaticDir[], nodeModules: string | null): { outputs: string[]; from: string } {
  const outputs: string[] = [];
  const from: string[] = [];
  if (nodeModules) {
    outputs.push(pkg.dir === "." ? "node_modules" : `${pkg.dir}/node_modules`);
    from.push(nodeModules);
  }
  if (script) {
    const configured = script === pkg.script?.value ? pkg.outputs : [];
    if (configured.length > 0) {
      // Several outputs in one folder the settings read and git ignores: that folder, once.
      const built = dirs.filter((d) => d.ignored || !d.exists);
      outputs.push(...configured.map((o) => built.find((d) => within(o.value, d.path))?.path ?? o.value));
      from.push(...new Set(configured.map((o) => o.from)));
    } else {
      // Not in git or not there yet: the build makes them.
      const built = dirs.filter((d) => !d.path.startsWith("..") && !d.path.includes("node_modules") && (d.ignored || !d.exists));
      outputs.push(...built.map((d) => d.path));
      if (built.length > 0) from.push(`STATICFILES_DIRS entries that ${built.every((d) => !d.exists) ? "do not exist yet" : "git ignores"} (${built[0]!.from})`);
    }
  }
  return { outputs: [...new Set(outputs)], from: from.join("; ") };
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
        return { f, modules, ...relation(f, dirs, modules) };
      })
      .filter((r) => r.f.script || r.modules)
      .sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best) return null;
    ({ f: pkg, why, modules: nodeModules } = best);
  }
  const script = choice.frontendScript !== undefined ? choice.frontendScript || null : (pkg.script?.value ?? null);
  if (!script && !nodeModules) return null;
  const { outputs, from } = outputsOf(pkg, script, dirs, nodeModules);
  return {
    pkg,
    dir: pkg.dir,
    manager: pkg.manager.value,
    script,
    nodeVersion: choice.nodeVersion ?? pkg.nodeVersion.value,
    outputs,
    why,
    outputsFrom: from,
  };
}

/**
 * The front end's own files in the copied project, which the final image
 * does not need: the manifest, lockfile and build config, and the folders
 * the build reads unless Django reads them too (templates, a STATICFILES_DIRS
 * entry). A front end in its own folder goes whole.
 */
export function frontendSources(chosen: ChosenFrontend, dirs: StaticDir[]): string[] {
  const { pkg } = chosen;
  // Its folder goes whole unless Django reads a folder in it that the front-end stage does not provide.
  if (pkg.dir !== ".") return dirs.some((d) => within(d.path, pkg.dir) && !chosen.outputs.some((o) => within(d.path, o))) ? [] : [pkg.dir];
  const djangoReads = (folder: string) => folder.split("/").includes("templates") || dirs.some((d) => within(d.path, folder) || within(folder, d.path));
  return [
    "package.json",
    ...(pkg.lockfile ? [pkg.lockfile] : []),
    ...pkg.installFiles,
    ...pkg.installDirs,
    ...pkg.configFiles,
    ...(chosen.script ? pkg.referenced.filter((r) => !djangoReads(r)) : []),
  ];
}

/**
 * The outputs kept out of the build context (a local build must not reach
 * the image): not node_modules (already out), nor a folder that holds what
 * the build reads.
 */
export function contextlessOutputs(chosen: ChosenFrontend): string[] {
  const inputs = [...chosen.pkg.referenced, ...chosen.pkg.configFiles, chosen.pkg.dir];
  return chosen.outputs.filter((o) => !o.split("/").includes("node_modules") && o !== "." && !inputs.some((i) => within(i, o)));
}

/** The Dockerfile's front-end stage, ready for the template. */
export interface FrontendStage {
  nodeImage: string;
  /** The stage's working folder: package.json's. */
  workdir: string;
  corepack: boolean;
  manager: Manager;
  /** `COPY` arguments for the manifest, lockfile and what the install reads. */
  manifestCopies: string[];
  cache: string;
  install: string;
  /** `COPY` arguments for what the build reads. */
  inputCopies: string[];
  /** The build command; null for install only. */
  run: string | null;
  /** Bind mounts of the outputs into the static stage: source in the front-end stage, target in the static stage. */
  mounts: Array<{ source: string; target: string }>;
  /** The mount targets, space-separated, removed once empty. */
  mountPoints: string;
  outputs: string;
}

/** Under /src as in the build context, so the scripts' relative paths (../templates) hold. */
const STAGE_ROOT = "/src";

/**
 * `projectDir` is where the static stage holds the project's root; a mount
 * target is relative to `workdir`, the static stage's working folder, when
 * that is the root (shorter lines).
 */
export function frontendStage(chosen: ChosenFrontend, projectDir: string, workdir: string): { stage: FrontendStage; warnings: string[] } {
  const { pkg } = chosen;
  const recipe = MANAGERS[chosen.manager];
  const warnings: string[] = [];
  const at = (path: string) => (pkg.dir === "." ? path : `${pkg.dir}/${path}`);
  const files = [at("package.json"), ...(pkg.lockfile ? [pkg.lockfile] : []), ...pkg.installFiles];
  const inPackage = (path: string) => (pkg.dir === "." ? path : path.slice(pkg.dir.length + 1));
  const manifestCopies = [`${files.join(" ")} ./`, ...pkg.installDirs.map((d) => `${d} ${inPackage(d)}/`)];
  if (!pkg.lockfile) warnings.push(`${at("package.json")} has no lockfile: the image installs whatever versions are newest at build time. Commit the lockfile ${chosen.manager} writes.`);
  const inputs = chosen.script
    ? pkg.dir === "."
      ? [...pkg.configFiles, ...pkg.referenced]
      : [pkg.dir, ...pkg.referenced.filter((r) => !within(r, pkg.dir))]
    : [];
  if (chosen.script && pkg.dir === "." && pkg.referenced.length === 0) {
    warnings.push(`Nothing says which folders ${at("package.json")}'s ${chosen.script} script reads: the front-end stage copies the whole project, so any change reruns the build.`);
    inputs.push(".");
  }
  if (chosen.script && chosen.outputs.length === 0) {
    warnings.push(`Where ${at("package.json")}'s ${chosen.script} script writes is unknown (no --outdir, no build tool config, no git-ignored STATICFILES_DIRS entry): its output does not reach the image. Point STATICFILES_DIRS at the folder it builds into.`);
  }
  const configFiles = inputs.filter((i) => pkg.configFiles.includes(i));
  const folders = inputs.filter((i) => !configFiles.includes(i));
  const inputCopies = [
    ...(configFiles.length > 0 ? [`${configFiles.join(" ")} ${STAGE_ROOT}/`] : []),
    ...folders.map((f) => (f === "." ? `. ${STAGE_ROOT}/` : `${f} ${STAGE_ROOT}/${f}/`)),
  ];
  const mounts = chosen.outputs.map((o) => ({ source: `${STAGE_ROOT}/${o}`, target: workdir === projectDir ? o : `${projectDir}/${o}` }));
  return {
    stage: {
      nodeImage: recipe.image ?? `node:${chosen.nodeVersion}-slim`,
      workdir: pkg.dir === "." ? STAGE_ROOT : `${STAGE_ROOT}/${pkg.dir}`,
      corepack: recipe.corepack,
      manager: chosen.manager,
      manifestCopies,
      cache: recipe.cache(pkg.yarnBerry),
      install: recipe.install(!!pkg.lockfile, pkg.yarnBerry),
      inputCopies,
      run: chosen.script ? `${recipe.run} ${chosen.script}` : null,
      mounts,
      mountPoints: mounts.map((m) => m.target).join(" "),
      outputs: chosen.outputs.join(", "),
    },
    warnings,
  };
}
