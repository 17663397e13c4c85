import { existsSync } from "node:fs";
import { relative, sep } from "node:path";
import type { SettingsModuleFacts } from "./django.js";
import { git } from "./git.js";

/** A folder the static files finders read (a STATICFILES_DIRS entry). */
export interface StaticDir {
  /** Relative to the root; may start with ".." when it lies outside the build context. */
  path: string;
  exists: boolean;
  /** git ignores it (built, not committed); false when there is no git to ask. */
  ignored: boolean;
  /** The setting's file:line, relative to manage.py's folder. */
  from: string;
}

/** The paths among `paths` (relative to root) that git ignores; none when git or a repository is missing. */
export async function gitIgnored(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const result = await git(["-C", root, "check-ignore", "--no-index", "--", ...paths], root);
  if (!result || (result.code !== 0 && result.code !== 1)) return new Set();
  return new Set(
    String(result.stdout)
      .split("\n")
      .filter(Boolean)
      .map((p) => p.replace(/\/$/, "")),
  );
}

/** Each settings module's STATICFILES_DIRS, as folders under the root: there or not, ignored by git or not. */
export async function inspectStaticDirs(
  root: string,
  modules: Record<string, SettingsModuleFacts>,
): Promise<Record<string, StaticDir[]>> {
  const byModule: Record<string, Array<Omit<StaticDir, "ignored">>> = {};
  for (const [module, facts] of Object.entries(modules)) {
    const setting = facts.names.STATICFILES_DIRS;
    byModule[module] = (setting?.paths ?? []).map((abs) => ({
      path: relative(root, abs).split(sep).join("/") || ".",
      exists: existsSync(abs),
      from: `${setting!.file}:${setting!.line}`,
    }));
  }
  const inside = [
    ...new Set(
      Object.values(byModule)
        .flat()
        .map((d) => d.path),
    ),
  ].filter((p) => !p.startsWith(".."));
  const ignored = await gitIgnored(root, inside);
  return Object.fromEntries(
    Object.entries(byModule).map(([m, dirs]) => [m, dirs.map((d) => ({ ...d, ignored: ignored.has(d.path) }))]),
  );
}
