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
  /** --existing / --dockerfile: what to do beside Docker files the project already has. */
  dockerFiles?: DockerFiles;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  check: boolean;
  debug: boolean;
}
