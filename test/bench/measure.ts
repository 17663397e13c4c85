import { execa } from "execa";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildArgs, docker, env } from "../e2e/docker.js";

export interface Timed {
  ms: number;
  log: string;
}

/** One `docker build`, timed from the outside, with its plain-progress log. */
export async function buildTimed(context: string, tag: string, dockerfile: string): Promise<Timed> {
  const start = performance.now();
  const result = await docker(["build", "--progress=plain", "--network", "host", ...buildArgs(), "-f", join(context, dockerfile), "-t", tag, context]);
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

export { env };
