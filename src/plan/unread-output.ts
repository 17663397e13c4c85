import { type ChosenFrontend, within } from "../ask/frontend-choice.js";
import type { BundleSettings } from "../inspect/bundle-settings.js";
import type { SettingValue } from "../inspect/django.js";
import type { StaticDir } from "../inspect/static-dirs.js";

/** An app's own static folder (documents/static/...): AppDirectoriesFinder reads it without a setting. */
export const inAppStatic = (path: string) => path.split("/").slice(1).includes("static");

/**
 * A warning when the build's output, as its own config names it, lies where
 * nothing Django reads: no STATICFILES_DIRS entry, no app's static folder,
 * no bundle loader's setting. The image would build it and serve none of it.
 */
export function unreadOutputWarning(
  chosen: ChosenFrontend,
  setting: SettingValue | undefined,
  dirs: StaticDir[],
  bundles: BundleSettings | undefined,
): string | null {
  if (!chosen.script || chosen.outputsUnknown || chosen.outputsFrom === "your answer") return null;
  // STATICFILES_DIRS built in a way not read (a helper: path("dist")) may well hold it.
  if (setting && !setting.pathsComplete) return null;
  const read = (output: string) =>
    inAppStatic(output) ||
    dirs.some((d) => within(output, d.path) || within(d.path, output)) ||
    (bundles?.outputs ?? []).some((o) => within(output, o.value) || within(o.value, output)) ||
    chosen.runtimeFiles.some((f) => within(f, output));
  const unread = chosen.outputs.filter((o) => !o.split("/").includes("node_modules") && !read(o));
  if (unread.length === 0) return null;
  const pkg = chosen.dir === "." ? "package.json" : `${chosen.dir}/package.json`;
  return (
    `${pkg}'s ${chosen.script} script writes ${unread.join(", ")} (${chosen.outputsFrom}), which neither ` +
    "STATICFILES_DIRS nor an app's static folder holds: collectstatic will not find it, and the image " +
    "serves none of it. Make the build write into a folder the settings read (or, if it already does, " +
    "name that folder with --frontend-output)."
  );
}
