import { UserError } from "../errors.js";

/**
 * What to do when the project already has Docker files the tool did not
 * write: replace them (theirs kept as *.orig), write ours beside them under
 * other names, or keep theirs and write nothing. "standard" is the usual
 * case: nothing of theirs is in the way.
 */
export type DockerFiles =
  | { kind: "standard" }
  | { kind: "replace" }
  | { kind: "keep" }
  | { kind: "beside"; dockerfile: string };

export const STANDARD: DockerFiles = { kind: "standard" };

/** Where our three files go. */
export interface DockerPaths {
  dockerfile: string;
  entrypoint: string;
  dockerignore: string;
}

export const STANDARD_PATHS: DockerPaths = {
  dockerfile: "Dockerfile",
  entrypoint: "docker-entrypoint.sh",
  dockerignore: ".dockerignore",
};

export const BESIDE_DEFAULT = "Dockerfile.django";

/**
 * Beside theirs: our Dockerfile under its own name, with its own ignore
 * file (BuildKit reads NAME.dockerignore for `-f NAME`, so their build keeps
 * theirs) and an entrypoint that cannot clobber theirs.
 */
function besidePaths(dockerfile: string): DockerPaths {
  const suffix = dockerfile.replace(/^Dockerfile[.-]?/, "").replace(/\.?Dockerfile$/, "") || "django";
  return { dockerfile, entrypoint: `docker-entrypoint.${suffix}.sh`, dockerignore: `${dockerfile}.dockerignore` };
}

/** The paths our files take for this choice; null when nothing of ours is written. */
export function dockerPaths(choice: DockerFiles): DockerPaths | null {
  if (choice.kind === "keep") return null;
  return choice.kind === "beside" ? besidePaths(choice.dockerfile) : STANDARD_PATHS;
}

/** A Dockerfile name for "beside": a plain file name in the project's root, not one of the standard names. */
export function validBesideName(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return "A file name in the project's root, e.g. Dockerfile.django";
  if (Object.values(STANDARD_PATHS).includes(name)) return `${name} is the name of the file it would stand beside`;
  if (name.endsWith(".dockerignore") || name.endsWith(".orig"))
    return "Not an ignore file or a backup name: e.g. Dockerfile.django";
  return undefined;
}

export function dockerFilesText(choice: DockerFiles): string {
  return choice.kind === "beside" ? `beside ${choice.dockerfile}` : choice.kind;
}

export function parseDockerFiles(text: string): DockerFiles {
  const [kind, name, ...rest] = text.trim().split(/\s+/);
  if (kind === "standard" || kind === "replace" || kind === "keep") {
    if (name === undefined) return { kind };
  } else if (kind === "beside" && rest.length === 0) {
    const dockerfile = name ?? BESIDE_DEFAULT;
    const invalid = validBesideName(dockerfile);
    if (invalid) throw new UserError(`${dockerfile}: ${invalid}.`);
    return { kind, dockerfile };
  }
  throw new UserError(`"${text}" is not one of replace, beside [NAME], keep.`);
}
