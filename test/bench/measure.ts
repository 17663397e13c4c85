import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { buildArgs, docker, dockerOk, env } from "../e2e/docker.js";

export interface Timed {
  ms: number;
  log: string;
}

export interface BuildOptions {
  /** Run every step (docker build --no-cache): a cold build that keeps the machine's cache. */
  noCache?: boolean;
  /** The package index for this build (the bench's proxy), instead of PIP_INDEX_URL. */
  indexUrl?: string;
}

/** One `docker build`, timed from the outside, with its plain-progress log. */
export async function buildTimed(
  context: string,
  tag: string,
  dockerfile: string,
  options: BuildOptions = {},
): Promise<Timed> {
  const args = options.indexUrl
    ? ["--build-arg", `PYTHON_IMAGE=${env.pythonImage}`, "--build-arg", `PIP_INDEX_URL=${options.indexUrl}`]
    : buildArgs();
  if (options.noCache) args.push("--no-cache");
  const start = performance.now();
  const result = await docker([
    "build",
    "--progress=plain",
    "--network",
    "host",
    ...args,
    "-f",
    join(context, dockerfile),
    "-t",
    tag,
    context,
  ]);
  const ms = performance.now() - start;
  const log = String(result.all);
  // Kept for reading where the time went: .bench/<image>.log
  mkdirSync(".bench", { recursive: true });
  writeFileSync(join(".bench", `${tag.replace(/[:/]/g, "-")}.log`), log);
  if (result.exitCode !== 0) throw new Error(`docker build -f ${dockerfile} failed:\n${log.slice(-6000)}`);
  return { ms, log };
}

/** Uncompressed size of each layer of an image, by diff ID, read from `docker save`. */
export async function layerSizes(image: string): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "cdd-save-"));
  try {
    const archive = join(dir, "image.tar");
    const saved = await docker(["save", "-o", archive, image]);
    if (saved.exitCode !== 0) throw new Error(`docker save ${image} failed: ${saved.all}`);
    await execa("tar", ["-xf", archive, "-C", dir, "manifest.json"]);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Array<{ Layers: string[] }>;
    const listing = (await execa("tar", ["-tvf", archive])).stdout.split("\n");
    const sizeOf = new Map<string, number>();
    for (const line of listing) {
      const fields = line.trim().split(/\s+/);
      const name = fields.at(-1)!;
      if (name.endsWith("layer.tar") || name.startsWith("blobs/")) sizeOf.set(name, Number(fields[2]));
    }
    const diffIds = JSON.parse(
      String((await docker(["image", "inspect", "-f", "{{json .RootFS.Layers}}", image])).stdout),
    ) as string[];
    const sizes = new Map<string, number>();
    for (const [i, layer] of manifest[0]!.Layers.entries()) sizes.set(diffIds[i]!, sizeOf.get(layer) ?? 0);
    return sizes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Dockerfile with its own cache mounts (an `id` unique to `run`): a
 * --no-cache build of it starts with an empty pip wheelhouse and npm cache,
 * as on a fresh machine, without pruning the caches other builds rely on.
 * Nothing else changes: same steps, same layers.
 */
export function withOwnCacheMounts(dockerfile: string, run: string): string {
  return dockerfile.replace(
    /--mount=type=cache,(?:id=([^,\s]+),)?target=([^,\s]+)/g,
    (_all, id: string | undefined, target: string) => `--mount=type=cache,id=${run}${id ?? target},target=${target}`,
  );
}

interface CacheRecord {
  ID: string;
  CacheType: string;
}

/** IDs of the build cache's cache-mount records. */
export async function cacheMountIds(): Promise<Set<string>> {
  const json = await dockerOk(["system", "df", "-v", "--format", "{{json .BuildCache}}"]);
  const records = JSON.parse(json || "[]") as CacheRecord[] | null;
  return new Set((records ?? []).filter((r) => r.CacheType === "exec.cachemount").map((r) => r.ID));
}

/** Prunes the cache mounts that appeared since `before` (the bench's own), and nothing else. */
export async function pruneNewCacheMounts(before: Set<string>): Promise<void> {
  for (const id of await cacheMountIds())
    if (!before.has(id)) await docker(["builder", "prune", "-f", "--filter", `id=${id}`]);
}

export { env };
