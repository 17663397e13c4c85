import { posix } from "node:path";
import { type ChosenFrontend, within } from "../ask/frontend-choice.js";
import type { Manager } from "../inspect/frontend.js";
import type { StaticDir } from "../inspect/static-dirs.js";

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
  /** Settings for every step of the stage, with the comment that says why. */
  env?: { line: string; why: string };
}

/** One entry per package manager. */
const MANAGERS: Record<Manager, ManagerRecipe> = {
  npm: {
    install: (lock) => (lock ? "npm ci --no-audit --no-fund" : "npm install --no-audit --no-fund"),
    cache: () => "/root/.npm",
    run: "npm run",
    corepack: false,
    // Each npm start (npm ci, npm run, each npm run inside a script) would otherwise ask the registry.
    env: {
      line: "NPM_CONFIG_UPDATE_NOTIFIER=false",
      why: "No request to the registry for a newer npm at each npm start.",
    },
  },
  yarn: {
    install: (lock, berry) =>
      !lock ? "yarn install" : berry ? "yarn install --immutable" : "yarn install --frozen-lockfile",
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

/**
 * The front end's own files in the copied project, which the final image
 * does not need: the manifest, lockfile and build config, and the folders
 * the build reads unless Django reads them too (templates, a STATICFILES_DIRS
 * entry). A front end in its own folder goes whole.
 */
export function frontendSources(chosen: ChosenFrontend, dirs: StaticDir[]): string[] {
  const { pkg } = chosen;
  // Its folder goes whole unless Django reads a folder in it that the front-end stage does not provide.
  if (pkg.dir !== ".")
    return dirs.some((d) => within(d.path, pkg.dir) && !chosen.outputs.some((o) => within(d.path, o))) ? [] : [pkg.dir];
  const djangoReads = (folder: string) =>
    folder.split("/").includes("templates") || dirs.some((d) => within(d.path, folder) || within(folder, d.path));
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
  return chosen.outputs.filter(
    (o) =>
      !o.split("/").includes("node_modules") &&
      o !== "." &&
      !chosen.seeded.includes(o) &&
      !inputs.some((i) => within(i, o)),
  );
}

/** The Dockerfile's front-end stage, ready for the template. */
export interface FrontendStage {
  nodeImage: string;
  /** The stage's working folder: package.json's. */
  workdir: string;
  corepack: boolean;
  /** The Node image ships without corepack (Node 25 and later): install it with npm. */
  corepackFromNpm: boolean;
  manager: Manager;
  /** The manager's settings for the stage (an ENV line) and why; null for none. */
  env: { line: string; why: string } | null;
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
  /** `COPY --from=frontend` arguments for the files the site reads at run time (a stats file, a manifest). */
  runtimeCopies: string[];
  outputs: string;
}

/** Under /src as in the build context, so the scripts' relative paths (../templates) hold. */
const STAGE_ROOT = "/src";

/**
 * `projectDir` is where the static stage holds the project's root; a mount
 * target is relative to `workdir`, the static stage's working folder, when
 * that is the root (shorter lines).
 */
export function frontendStage(
  chosen: ChosenFrontend,
  projectDir: string,
  workdir: string,
): { stage: FrontendStage; warnings: string[] } {
  const { pkg } = chosen;
  const recipe = MANAGERS[chosen.manager];
  const warnings: string[] = [];
  const at = (path: string) => (pkg.dir === "." ? path : `${pkg.dir}/${path}`);
  const files = [at("package.json"), ...(pkg.lockfile ? [pkg.lockfile] : []), ...pkg.installFiles];
  const inPackage = (path: string) => (pkg.dir === "." ? path : path.slice(pkg.dir.length + 1));
  const manifestCopies = [`${files.join(" ")} ./`, ...pkg.installDirs.map((d) => `${d} ${inPackage(d)}/`)];
  if (!pkg.lockfile)
    warnings.push(
      `${at("package.json")} has no lockfile: the image installs whatever versions are newest at build time. ` +
        `Commit the lockfile ${chosen.manager} writes.`,
    );
  const inputs = chosen.script
    ? pkg.dir === "."
      ? [...pkg.configFiles, ...pkg.referenced]
      : [pkg.dir, ...pkg.referenced.filter((r) => !within(r, pkg.dir))]
    : [];
  if (chosen.script && pkg.dir === "." && pkg.referenced.length === 0) {
    warnings.push(
      `Nothing says which folders ${at("package.json")}'s ${chosen.script} script reads: ` +
        "the front-end stage copies the whole project, so any change reruns the build.",
    );
    inputs.push(".");
  }
  if (chosen.script && chosen.outputs.length === 0) {
    warnings.push(
      `Where ${at("package.json")}'s ${chosen.script} script writes is unknown (no --outdir, ` +
        "no build tool config, no git-ignored STATICFILES_DIRS entry): its output does not reach the image. " +
        "Name the folders with --frontend-output, or point STATICFILES_DIRS at the folder it builds into.",
    );
  }
  if (chosen.script && chosen.outputsUnknown && chosen.outputs.length > 0 && chosen.outputsFrom !== "your answer") {
    warnings.push(
      `Nothing says where ${at("package.json")}'s ${chosen.script} script writes: ` +
        `the image takes ${chosen.outputs.join(", ")} (the folders the settings read) from the front-end stage ` +
        "after the build. Name others with --frontend-output.",
    );
  }
  // Folders the settings read that git holds: in the stage before the build, so the build adds to them.
  for (const seed of chosen.seeded) if (!inputs.some((i) => within(seed, i))) inputs.push(seed);
  const configFiles = inputs.filter((i) => pkg.configFiles.includes(i));
  const folders = inputs.filter((i) => !configFiles.includes(i));
  // A committed stats file or manifest the build rewrites: there before it, unless a copied folder holds it
  // or it lies in an output (kept out of the build context).
  const contextless = contextlessOutputs(chosen);
  const committed = chosen.script
    ? chosen.committedRuntimeFiles.filter(
        (f) => !inputs.some((i) => i === "." || within(f, i)) && !contextless.some((o) => within(f, o)),
      )
    : [];
  const inputCopies = [
    ...(configFiles.length > 0 ? [`${configFiles.join(" ")} ${STAGE_ROOT}/`] : []),
    ...folders.map((f) => (f === "." ? `. ${STAGE_ROOT}/` : `${f} ${STAGE_ROOT}/${f}/`)),
    ...committed.map((f) => `${f} ${STAGE_ROOT}/${posix.dirname(f) === "." ? "" : `${posix.dirname(f)}/`}`),
  ];
  const mounts = chosen.outputs.map((o) => ({
    source: `${STAGE_ROOT}/${o}`,
    target: workdir === projectDir ? o : `${projectDir}/${o}`,
  }));
  return {
    stage: {
      nodeImage: recipe.image ?? `node:${chosen.nodeVersion}-slim`,
      workdir: pkg.dir === "." ? STAGE_ROOT : `${STAGE_ROOT}/${pkg.dir}`,
      corepack: recipe.corepack,
      corepackFromNpm: recipe.corepack && !recipe.image && Number(chosen.nodeVersion) >= 25,
      manager: chosen.manager,
      env: recipe.env ?? null,
      manifestCopies,
      cache: recipe.cache(pkg.yarnBerry),
      install: recipe.install(!!pkg.lockfile, pkg.yarnBerry),
      inputCopies,
      run: chosen.script ? `${recipe.run} ${chosen.script}` : null,
      mounts,
      mountPoints: mounts.map((m) => m.target).join(" "),
      // Into the folder (the name stays), relative to the working folder when that is the root: shorter lines.
      runtimeCopies: chosen.runtimeFiles.map((f) => {
        const folder = posix.dirname(f);
        const target = folder === "." ? "./" : `${folder}/`;
        return `${STAGE_ROOT}/${f} ${workdir === projectDir ? target : `${projectDir}/${target}`}`;
      }),
      outputs: chosen.outputs.join(", "),
    },
    warnings,
  };
}

/** Shell words on continued lines of at most `width` columns, the first line `first` columns in already. */
export function continuedLines(words: string[], first: number, width = 98, indent = "      "): string {
  const lines: string[] = [];
  let line = "";
  let room = width - first;
  for (const word of words) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = "";
      room = width - indent.length;
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(` \\\n${indent}`);
}

/**
 * STATICFILES_DIRS entries outside the build context (a front end beside
 * the Django project, `../frontend/dist`): nothing there reaches the image.
 */
export function outsideContext(dirs: StaticDir[], root: string): string[] {
  const outside = dirs.filter((d) => d.path.startsWith(".."));
  if (outside.length === 0) return [];
  const names = outside.map((d) => `${d.path} (${d.from})`).join(", ");
  return [
    `STATICFILES_DIRS reads ${names}, outside the build context (${root}): the image has none of its files, ` +
      "and no front end there is built. Move the front end into the project's folder, " +
      "or build it into a folder inside it.",
  ];
}
