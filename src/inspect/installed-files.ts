import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Python, runJob, tail } from "../python/run.js";

/** Where a setuptools project's settings are written. */
export type ConfigFile = "setup.py" | "setup.cfg";

/** What setuptools would install, beside what the packages hold; paths relative to the project root. */
export interface InstalledFiles {
  /** Shipped packages: dotted name -> folder. */
  packages: Record<string, string>;
  includePackageData: boolean;
  manifestIn: boolean;
  configFile: ConfigFile;
  /** Project files that installing copies into site-packages. */
  installed: string[];
  /** egg_info's SOURCES.txt: what MANIFEST.in (and setuptools' defaults) select. */
  manifest: string[];
  /** Every file under the shipped packages' folders. */
  packageFiles: string[];
  /** templates/static/locale folders with files, outside every package. */
  outsidePackages: string[];
}

export type Listing = { ok: true; files: InstalledFiles } | { ok: false; detail: string };

/**
 * Runs setuptools' egg_info and build_py in `context` (a scratch copy of the
 * project: they write there), building into folders under `scratch`.
 */
export async function listInstalledFiles(python: Python, context: string, scratch: string): Promise<Listing> {
  const buildLib = join(scratch, "lib");
  const eggBase = join(scratch, "egg");
  mkdirSync(eggBase, { recursive: true });
  const answer = await runJob(python, "installed-files", { buildLib, eggBase }, context);
  return answer.ok ? { ok: true, files: answer.result as InstalledFiles } : { ok: false, detail: tail(answer.output) };
}
