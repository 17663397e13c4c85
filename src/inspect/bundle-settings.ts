import { existsSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import type { SettingsModuleFacts, SettingValue } from "./django.js";
import type { Fact } from "./frontend.js";
import { gitIgnored, type StaticDir } from "./static-dirs.js";

/**
 * What the settings of a bundle loader (django-webpack-loader, django-vite)
 * say about the front end's build: the folders it writes, and the files the
 * site reads at run time (the stats file, the manifest), which must be in
 * the final image, not only collected.
 */
export interface BundleSettings {
  /** Folders the build writes into, relative to the root. */
  outputs: Fact<string>[];
  /** Files the build writes that the running site reads, relative to the root; `committed`: git holds one. */
  runtimeFiles: Array<Fact<string> & { committed: boolean }>;
}

interface Found {
  outputs: Array<{ abs: string; from: string }>;
  files: Array<{ abs: string; from: string }>;
  /** Folder names relative to a STATICFILES_DIRS entry (BUNDLE_DIR_NAME, static_url_prefix). */
  inStaticDirs: Array<{ name: string; from: string }>;
}

interface Loader {
  /** The settings it reads. */
  settings: string[];
  read: (names: Record<string, SettingValue>, manageDir: string) => Found;
}

const where = (value: SettingValue, setting: string) => `${setting}, ${value.file}:${value.line}`;

/** One entry per bundle loader. */
const LOADERS: Loader[] = [
  {
    // django-webpack-loader: STATS_FILE (default webpack-stats.json, in the folder Django runs in) is read
    // on every page; the bundles are static files under BUNDLE_DIR_NAME (default webpack_bundles/).
    settings: ["WEBPACK_LOADER"],
    read: (names, manageDir) => {
      const found: Found = { outputs: [], files: [], inStaticDirs: [] };
      const setting = names.WEBPACK_LOADER;
      if (!setting) return found;
      const from = where(setting, "WEBPACK_LOADER");
      for (const config of setting.configs ?? []) {
        found.files.push({
          abs: config.STATS_FILE ?? join(manageDir, "webpack-stats.json"),
          from: `${from} STATS_FILE`,
        });
        found.inStaticDirs.push({
          name: config.BUNDLE_DIR_NAME ?? "webpack_bundles/",
          from: `${from} BUNDLE_DIR_NAME`,
        });
      }
      return found;
    },
  },
  {
    // django-vite: manifest_path (DJANGO_VITE_MANIFEST_PATH before 3.0) is read when dev_mode is off; the
    // build writes it in its outDir (Vite 5: outDir/.vite/). DJANGO_VITE_ASSETS_PATH (before 3.0) is the outDir.
    settings: ["DJANGO_VITE", "DJANGO_VITE_ASSETS_PATH", "DJANGO_VITE_MANIFEST_PATH"],
    read: (names) => {
      const found: Found = { outputs: [], files: [], inStaticDirs: [] };
      const manifests: Array<{ abs: string; from: string }> = [];
      const vite = names.DJANGO_VITE;
      for (const config of vite?.configs ?? []) {
        if (config.manifest_path)
          manifests.push({ abs: config.manifest_path, from: `${where(vite!, "DJANGO_VITE")} manifest_path` });
        else if (config.static_url_prefix)
          found.inStaticDirs.push({
            name: config.static_url_prefix,
            from: `${where(vite!, "DJANGO_VITE")} static_url_prefix`,
          });
      }
      const legacy = names.DJANGO_VITE_MANIFEST_PATH;
      if (legacy?.paths?.[0])
        manifests.push({ abs: legacy.paths[0], from: where(legacy, "DJANGO_VITE_MANIFEST_PATH") });
      const assets = names.DJANGO_VITE_ASSETS_PATH;
      if (assets?.paths?.[0])
        found.outputs.push({ abs: assets.paths[0], from: where(assets, "DJANGO_VITE_ASSETS_PATH") });
      for (const manifest of manifests) {
        found.files.push(manifest);
        const folder = dirname(manifest.abs);
        found.outputs.push({ abs: posix.basename(folder) === ".vite" ? dirname(folder) : folder, from: manifest.from });
      }
      return found;
    },
  },
];

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Each settings module's bundle loader facts. */
export async function inspectBundleSettings(
  root: string,
  manageDir: string,
  modules: Record<string, SettingsModuleFacts>,
  staticDirs: Record<string, StaticDir[]>,
): Promise<Record<string, BundleSettings>> {
  const rel = (abs: string) => relative(root, abs).split(sep).join("/") || ".";
  const byModule: Record<string, { found: Found; staticRoot: string | null }> = {};
  for (const [module, facts] of Object.entries(modules)) {
    const found: Found = { outputs: [], files: [], inStaticDirs: [] };
    for (const loader of LOADERS) {
      if (!loader.settings.some((s) => facts.names[s])) continue;
      const read = loader.read(facts.names, manageDir);
      found.outputs.push(...read.outputs);
      found.files.push(...read.files);
      found.inStaticDirs.push(...read.inStaticDirs);
    }
    const staticRoot = facts.names.STATIC_ROOT?.paths?.[0];
    byModule[module] = { found, staticRoot: staticRoot ? rel(staticRoot) : null };
  }
  // A file committed to git is in the image already; one the build writes is git-ignored or missing.
  const underStaticDirs = (module: string, name: string) => {
    const clean = name.replace(/^\/+|\/+$/g, "");
    const dirs = (staticDirs[module] ?? []).filter((d) => !d.path.startsWith("..") && !d.path.includes("node_modules"));
    return clean ? dirs.map((d) => `${d.path === "." ? "" : `${d.path}/`}${clean}`) : [];
  };
  const candidates = Object.entries(byModule).flatMap(([module, { found }]) => [
    ...found.files.map((f) => rel(f.abs)),
    ...found.inStaticDirs.flatMap((d) => underStaticDirs(module, d.name)),
  ]);
  const ignored = await gitIgnored(
    root,
    [...new Set(candidates)].filter((p) => !p.startsWith("..")),
  );
  const result: Record<string, BundleSettings> = {};
  for (const [module, { found, staticRoot }] of Object.entries(byModule)) {
    const outputs: Fact<string>[] = [];
    const add = (path: string, from: string) => {
      // STATIC_ROOT is where collectstatic writes, never what a build writes for it.
      if (
        path.startsWith("..") ||
        path === "." ||
        (staticRoot && within(path, staticRoot)) ||
        outputs.some((o) => o.value === path)
      )
        return;
      outputs.push({ value: path, from });
    };
    for (const o of found.outputs) add(rel(o.abs), o.from);
    // A folder named relative to the static folders: in the STATICFILES_DIRS entries where it is built
    // (git-ignored or missing), else in the only entry.
    for (const { name, from } of found.inStaticDirs) {
      const paths = underStaticDirs(module, name);
      const built = paths.filter((p) => ignored.has(p) || !existsSync(join(root, p)));
      for (const p of built.length > 0 ? built : paths.length === 1 ? paths : []) add(p, from);
    }
    // A committed one too: the image's build replaces the bundles, so their stats must be the new ones.
    const runtimeFiles = found.files
      .map((f) => ({ value: rel(f.abs), from: f.from, committed: !ignored.has(rel(f.abs)) && existsSync(f.abs) }))
      .filter((f) => !f.value.startsWith("..") && !(staticRoot && within(f.value, staticRoot)));
    result[module] = { outputs, runtimeFiles };
  }
  return result;
}
