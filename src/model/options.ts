import type { DockerFiles } from "./docker-files.js";

export interface CliOptions {
  dir: string;
  yes: boolean;
  settings?: string;
  pythonVersion?: string;
  /** A dependency source kind or file that overrides the detected one. */
  dependencies?: string;
  /** Extras / dependency groups to install ([] for none). */
  extras?: string[];
  groups?: string[];
  buildPackages?: string[];
  runtimePackages?: string[];
  healthcheck?: string;
  /** --frontend: the folder of the package.json to build, or "none". */
  frontend?: string;
  /** --frontend-script: the script to run ("" for install only). */
  frontendScript?: string;
  nodeVersion?: string;
  /** --frontend-output, repeatable: the folders the build writes ([] for none). */
  frontendOutputs?: string[];
  /** --build-step, repeatable: management commands run at build before collectstatic. */
  buildSteps?: string[];
  /** --existing / --dockerfile: what to do beside Docker files the project already has. */
  dockerFiles?: DockerFiles;
  /** --compose / --no-compose; undefined: asked, or the default. */
  compose?: boolean;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  check: boolean;
  debug: boolean;
}
