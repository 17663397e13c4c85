import { posix, resolve } from "node:path";
import { findPython, type Python } from "../python/run.js";
import { leftOutByOwnDockerignore } from "./build-context.js";
import type { RequiredEnv } from "./build-env.js";
import { type BundleSettings, inspectBundleSettings } from "./bundle-settings.js";
import { type DependencyFacts, inspectDependencies } from "./dependency-sources.js";
import { type DjangoFacts, inspectDjango } from "./django.js";
import { foreignComposeFile, foreignDockerFiles } from "./existing-docker.js";
import { type FrontendPackage, findAssetCommands, inspectFrontend } from "./frontend.js";
import { findLocaleDirs } from "./locale.js";
import { inspectStack, type StackFacts } from "./processes.js";
import { findProjects, locateProject, severalProjectsError } from "./project.js";
import { type PythonVersionFact, readPythonVersion } from "./python-version.js";
import { inspectStaticDirs, type StaticDir } from "./static-dirs.js";
import { trackedLocalState } from "./tracked-files.js";

/** Everything the tool knows about the project, read once, before any question. */
export interface Facts {
  /** Absolute path of the build context, where the generated files go. */
  root: string;
  /** manage.py's folder relative to root; "." when it is root. */
  appDir: string;
  python: Python;
  django: DjangoFacts;
  /**
   * Where the requirements come from (--dependencies, else detected), and whether the project is
   * installed or copied.
   */
  packaging: DependencyFacts;
  /**
   * Every dependency source found that can be read (packaging among them), and the one detected
   * without --dependencies.
   */
  dependencies: { sources: DependencyFacts[]; detected: string };
  /** Folders named locale holding .po files, relative to root. */
  localeDirs: string[];
  pythonVersion: PythonVersionFact | null;
  /** Per settings module: variables it cannot be imported without (build steps get throwaway values). */
  requiredEnv: Record<string, RequiredEnv[]>;
  /** Every package.json under the root, nearest first, with how it installs and builds. */
  frontends: FrontendPackage[];
  /** Per settings module: its STATICFILES_DIRS folders. */
  staticDirs: Record<string, StaticDir[]>;
  /** Per settings module: what django-webpack-loader / django-vite settings say the build writes. */
  bundleSettings: Record<string, BundleSettings>;
  /** Management commands and Makefile targets named like asset builds: candidates for --build-step. */
  assetCommands: string[];
  /** Dockerfile, docker-entrypoint.sh, .dockerignore that exist and that create-django-docker did not write. */
  foreignDockerFiles: string[];
  /** Files git tracks that the .dockerignore's local-state patterns would leave out: kept by name. */
  trackedLocalState: string[];
  /**
   * Files the image copies (manage.py, the dependency declarations) that the project's own
   * .dockerignore leaves out of the build context: then ours is written as Dockerfile.dockerignore.
   */
  leftOutByOwnDockerignore: string[];
  /** Procfile, Celery apps and settings text: what the processes and backing services are detected from. */
  stack: StackFacts;
}

export interface InspectHints {
  /** A settings module named on the command line: read it even if the search missed it. */
  settingsModule?: string;
  /** The folder of the manage.py chosen among several (see findProjects). */
  project?: string;
  /** --dependencies: a dependency source kind or file that overrides the choice. */
  dependencies?: string;
  /** Files the state file says the tool generated (never the project's own). */
  recorded?: string[];
}

/** Without a chosen project there must be exactly one under `dir`. */
function onlyProject(dir: string): string {
  const found = findProjects(dir);
  if (found.dirs.length > 1) throw severalProjectsError(found);
  return found.dirs[0]!;
}

export async function inspect(dir: string, hints: InspectHints = {}): Promise<Facts> {
  const { root, appDir } = locateProject(resolve(dir), hints.project ?? onlyProject(dir));
  // Python starts (or was started by the binary) while Node reads the tree:
  // each reader waits for it only when it has a question for it.
  const python = findPython();
  python.catch(() => {}); // Awaited below; a reader's own error may come first.
  const appAbs = resolve(root, appDir);
  const [{ django, requiredEnv }, dependencies, tracked] = await Promise.all([
    inspectDjango(python, appAbs, hints.settingsModule ? [hints.settingsModule] : []),
    inspectDependencies(python, root, hints.dependencies),
    trackedLocalState(root),
  ]);
  const staticDirs = await inspectStaticDirs(root, django.modules);
  return {
    root,
    appDir,
    python: await python,
    django,
    packaging: dependencies.chosen,
    dependencies: { sources: dependencies.sources, detected: dependencies.detected },
    localeDirs: findLocaleDirs(root),
    pythonVersion: readPythonVersion(root, dependencies.chosen.requiresPython),
    requiredEnv,
    frontends: inspectFrontend(root),
    staticDirs,
    bundleSettings: await inspectBundleSettings(root, appAbs, django.modules, staticDirs),
    assetCommands: findAssetCommands(root),
    foreignDockerFiles: foreignDockerFiles(root, hints.recorded ?? []),
    trackedLocalState: tracked,
    leftOutByOwnDockerignore: leftOutByOwnDockerignore(root, [
      posix.join(appDir, "manage.py"),
      ...dependencies.chosen.declarationFiles,
    ]),
    stack: withOwnCompose(inspectStack(root, appDir, django, requiredEnv), root, hints.recorded ?? []),
  };
}

/** The project's own compose.yaml counts among its compose files: ours is never written over it. */
function withOwnCompose(stack: StackFacts, root: string, recorded: string[]): StackFacts {
  return { ...stack, ownComposeFiles: [...foreignComposeFile(root, recorded), ...stack.ownComposeFiles] };
}
