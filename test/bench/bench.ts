/**
 * npm run bench: the generated Dockerfile against the naive one (COPY . .,
 * then pip install) on a realistic project, in the same run, on the same
 * machine, in two network modes: loopback (the package index as this
 * machine serves it) and realistic (through a proxy adding 40 ms a request
 * and a 20 MB/s link: BENCH_LATENCY_MS, BENCH_BANDWIDTH_MB). Per mode: a
 * cold build, a code-only change, a dependency change (one package added);
 * times, ratios, packages downloaded; then the bytes a registry push would
 * send and image sizes, and the front-end fixture's builds (loopback).
 *
 * Cold builds are `docker build --no-cache` with cache mounts of their own
 * (empty wheelhouse), so they are cold without pruning the build cache that
 * other builds (the end-to-end suite) rely on; the bench prunes only the
 * cache mounts it made. The naive Dockerfile reruns every step after
 * COPY . . on any change, so one rebuild of it (after the code change)
 * is its time for both kinds of change, and in the modes after the first
 * its cold build stands for that rebuild too.
 *
 * Then a fresh machine importing the cache CI run N pushed (test/bench/fresh.ts),
 * in the realistic mode, from that mode's project and index proxy.
 *
 * A benchmark, not a test: it fails only if a build fails. Reads DOCKER,
 * E2E_PYTHON_IMAGE and PIP_INDEX_URL like the end-to-end suite; BENCH_MODES
 * (default "loopback,realistic,fresh") picks the parts: BENCH_MODES=fresh
 * runs the fresh machine alone (naive built there too); BENCH_FRESH_CACHE=image
 * imports the generated image alone, without its stages.
 */

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { docker, dockerOk, env, layers } from "../e2e/docker.js";
import { type FreshBuild, type FreshFigures, freshBench, type ProjectState } from "./fresh.js";
import { frontendBench, NAIVE_REBUILD_NOTE } from "./frontend.js";
import {
  buildTimed,
  cacheMountIds,
  layerSizes,
  pruneNewCacheMounts,
  type Timed,
  withOwnCacheMounts,
} from "./measure.js";
import { describeLink, IndexProxy, type Link, LOOPBACK, realisticLink } from "./proxy.js";
import { printTable } from "./table.js";

// npm run bench runs from the package root (this file runs bundled in .bench/).
const root = process.cwd();
const projectSource = join(root, "test/bench/project");
const bin = join(root, "bin/create-django-docker.js");

// The Dockerfile a Django team copies from a blog post: one stage, the whole
// tree copied, then everything installed. (--no-cache-dir keeps pip's cache
// out of its image, so the size comparison is not flattering to us.)
const NAIVE = `ARG PYTHON_IMAGE=python:3.12-slim
FROM \${PYTHON_IMAGE}
ARG PIP_INDEX_URL
ENV PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=benchsite.settings
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . gunicorn
RUN python manage.py collectstatic --noinput
CMD ["gunicorn", "benchsite.wsgi:application", "--bind", "0.0.0.0:8000"]
`;

const MB = 1024 * 1024;
const fmtMB = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function imageSize(image: string): Promise<number> {
  return Number(await dockerOk(["image", "inspect", "-f", "{{.Size}}", image]));
}

/** Bytes of the layers in `after` that `before` does not have: what a push sends. */
async function changedBytes(before: string, after: string): Promise<number> {
  const known = new Set(await layers(before));
  const sizes = await layerSizes(after);
  let total = 0;
  for (const [diffId, size] of sizes) if (!known.has(diffId)) total += size;
  return total;
}

interface Mode {
  name: string;
  link: Link;
}

interface Figures {
  cold: { naive: Timed; ours: Timed };
  code: { naive: Timed; ours: Timed };
  deps: { ours: Timed };
  /** Package files downloaded: naive on any rebuild, ours after the dependency change. */
  downloads: { naive: number; ours: number; oursNames: string[] };
}

const fmtCount = (n: number) => String(n);

/** What a mode runs: the bench's network figures, the fresh-machine scenario (test/bench/fresh.ts), or both. */
interface Parts {
  network: boolean;
  fresh: boolean;
}

interface ModeResult {
  figures?: Figures;
  fresh?: FreshFigures | { missing: string };
}

/** One mode: cold builds, a code change, a dependency change; images are tagged cdd-bench-<kind>:<mode>-<step>. */
async function runMode(mode: Mode, first: boolean, images: string[], parts: Parts): Promise<ModeResult> {
  const proxy = env.pipIndexUrl.startsWith("http://") ? await IndexProxy.start(env.pipIndexUrl, mode.link) : undefined;
  const dir = mkdtempSync(join(tmpdir(), `cdd-bench-${mode.name}-`));
  try {
    cpSync(projectSource, dir, { recursive: true });
    const cli = await execa("node", [bin, dir, "--yes"], { reject: false, all: true, env: { NO_COLOR: "1" } });
    if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
    writeFileSync(join(dir, "Dockerfile.naive"), NAIVE);
    // Cache mounts of this run's own: the cold build starts with none.
    writeFileSync(
      join(dir, "Dockerfile.bench"),
      withOwnCacheMounts(readFileSync(join(dir, "Dockerfile"), "utf8"), `cdd-bench-${Date.now()}-${mode.name}`),
    );
    // The two changes: a line of code, one package added to the list.
    const view = join(dir, "reports/views.py");
    const setup = join(dir, "setup.py");
    const viewBefore = readFileSync(view, "utf8");
    const setupBefore = readFileSync(setup, "utf8");
    const viewChanged = `${viewBefore}\n# a code change ${Date.now()}\n`;
    const setupChanged = setupBefore.replace('"openpyxl",', '"openpyxl",\n        "Markdown",');
    const indexUrl = proxy?.indexUrl;
    const downloads = (log: string) => (proxy ? [...proxy.files] : downloadsInLog(log));
    const result: ModeResult = {};
    let naive: { timed: Timed; files: string[] } | undefined;
    if (parts.network) {
      const build = async (kind: "naive" | "generated", step: string, noCache = false) => {
        const tag = `cdd-bench-${kind}:${mode.name}-${step}`;
        images.push(tag);
        proxy?.reset();
        const timed = await buildTimed(dir, tag, kind === "naive" ? "Dockerfile.naive" : "Dockerfile.bench", {
          noCache,
          indexUrl,
        });
        return { timed, files: downloads(timed.log) };
      };
      const say = (what: string) => process.stderr.write(`bench (${mode.name}): ${what}\n`);

      say("cold builds (--no-cache, empty cache mounts)");
      const naiveCold = await build("naive", "cold", true);
      const oursCold = await build("generated", "cold", true);

      say("code-only change");
      writeFileSync(view, viewChanged);
      const oursCode = await build("generated", "code");
      // The naive Dockerfile reruns the same steps as its cold build: measured
      // again in the first mode only (whose images give the push sizes).
      const naiveCode = first ? await build("naive", "code") : naiveCold;

      say("dependency change (one package added)");
      writeFileSync(setup, setupChanged);
      const oursDeps = await build("generated", "deps");
      naive = naiveCode;
      result.figures = {
        cold: { naive: naiveCold.timed, ours: oursCold.timed },
        code: { naive: naiveCode.timed, ours: oursCode.timed },
        deps: { ours: oursDeps.timed },
        downloads: {
          naive: naiveCode.files.length,
          ours: oursDeps.files.length,
          oursNames: oursDeps.files.map((f) => f.split("/").at(-1)!),
        },
      };
    }
    if (parts.fresh)
      result.fresh = await freshBench({
        dir,
        write: (state: ProjectState) => {
          writeFileSync(view, state === "code" ? viewChanged : viewBefore);
          writeFileSync(setup, state === "deps" ? setupChanged : setupBefore);
        },
        indexUrl,
        link: mode.link,
        downloads,
        resetDownloads: () => proxy?.reset(),
        images,
        naive,
      });
    return result;
  } finally {
    await proxy?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Package files pip says it downloads, when no proxy counted them (an https index). */
function downloadsInLog(log: string): string[] {
  return log.split("\n").filter((l) => /Downloading \S+\.(whl|tar\.gz|zip)/.test(l));
}

async function main(): Promise<void> {
  const names = (process.env.BENCH_MODES || "loopback,realistic,fresh")
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  const modes: Mode[] = names
    .filter((name) => name !== "fresh")
    .map((name) => {
      if (name === "loopback") return { name, link: LOOPBACK };
      if (name === "realistic") return { name, link: realisticLink() };
      throw new Error(`BENCH_MODES: unknown mode ${name} (loopback, realistic, fresh)`);
    });
  if (!env.pipIndexUrl.startsWith("http://") && modes.some((m) => m.name === "realistic")) {
    process.stderr.write(
      "bench: PIP_INDEX_URL is not a local http:// index: the realistic mode is left out (the builds use the real network)\n",
    );
    modes.splice(
      modes.findIndex((m) => m.name === "realistic"),
      1,
    );
  }
  // The fresh machine runs in the realistic mode (else the last one), on its
  // project and proxy: CI run N is then cached from that mode's builds.
  const network = modes.length > 0;
  if (names.includes("fresh") && !network) modes.push({ name: "realistic", link: realisticLink() });
  const freshMode = names.includes("fresh") ? (modes.find((m) => m.name === "realistic") ?? modes.at(-1)) : undefined;
  const images: string[] = [];
  const cacheMountsBefore = await cacheMountIds();
  const started = performance.now();
  try {
    const rows: string[][] = [["measure", "mode", "naive", "generated", "ratio", "target"]];
    let fresh: ModeResult["fresh"];
    for (const mode of modes) {
      const result = await runMode(mode, mode === modes[0], images, { network, fresh: mode === freshMode });
      if (mode === freshMode) fresh = result.fresh;
      const f = result.figures;
      if (!f) continue;
      const label = mode.name === "loopback" ? "loopback" : describeLink(mode.link);
      const realistic = mode.name === "realistic";
      rows.push(
        [
          "cold build",
          label,
          fmtS(f.cold.naive.ms),
          fmtS(f.cold.ours.ms),
          ratio(f.cold.ours.ms, f.cold.naive.ms),
          "<= 1.00x",
        ],
        [
          "rebuild after a code change",
          label,
          fmtS(f.code.naive.ms),
          fmtS(f.code.ours.ms),
          ratio(f.code.ours.ms, f.code.naive.ms),
          realistic ? "<= 0.10x" : "",
        ],
        [
          "rebuild after adding one dependency",
          label,
          fmtS(f.code.naive.ms),
          fmtS(f.deps.ours.ms),
          ratio(f.deps.ours.ms, f.code.naive.ms),
          realistic ? "<= 0.50x" : "",
        ],
        [
          "packages downloaded after adding one",
          label,
          fmtCount(f.downloads.naive),
          `${f.downloads.ours} (${f.downloads.oursNames.join(", ") || "none"})`,
          "",
          "1",
        ],
      );
    }
    if (network) await networkTables(rows, modes);
    if (freshMode) printFresh(fresh, freshMode.link);
    console.log(
      `\nbench: ${((performance.now() - started) / 60_000).toFixed(1)} min; modes: ${modes.map((mode) => `${mode.name} (${describeLink(mode.link)})`).join(", ")}`,
    );
  } finally {
    if (images.length) await docker(["rmi", "-f", ...new Set(images)]);
    await pruneNewCacheMounts(cacheMountsBefore);
  }
}

/** The network modes' table with the push sizes and image sizes, then the front-end fixture's table. */
async function networkTables(rows: string[][], modes: Mode[]): Promise<void> {
  // Sizes do not depend on the network: from the first mode's images.
  const m = modes[0]!.name;
  const tag = (kind: string, step: string) => `cdd-bench-${kind}:${m}-${step}`;
  const base = await imageSize(env.pythonImage);
  const size = {
    naive: (await imageSize(tag("naive", "cold"))) - base,
    ours: (await imageSize(tag("generated", "cold"))) - base,
  };
  const pushed = {
    naive: await changedBytes(tag("naive", "cold"), tag("naive", "code")),
    ours: await changedBytes(tag("generated", "cold"), tag("generated", "code")),
  };
  const ownBytes = Number(
    (
      await dockerOk([
        "run",
        "--rm",
        "--network",
        "none",
        tag("generated", "code"),
        "sh",
        "-c",
        'du -sb /opt/project "$(python -c "from django.conf import settings; print(settings.STATIC_ROOT)")" | awk \'{ s += $1 } END { print s }\'',
      ])
    ).trim(),
  );
  rows.push(
    [
      "layers to push after a code change",
      "any",
      fmtMB(pushed.naive),
      fmtMB(pushed.ours),
      ratio(pushed.ours, pushed.naive),
      `<= ${fmtMB(ownBytes + MB)} (code + static + 1 MB)`,
    ],
    [
      "image size over the base image",
      "any",
      fmtMB(size.naive),
      fmtMB(size.ours),
      ratio(size.ours, size.naive),
      "<= 1.00x",
    ],
  );
  printTable(rows);
  if (modes.length > 1)
    console.log(
      `\nnaive rebuilds: measured in the ${modes[0]!.name} mode; in the others its one cold build stands for them (every step after COPY . . reruns either way).`,
    );
  console.log("");
  printTable([["measure", "naive", "generated", "ratio", "front-end stage"], ...(await frontendBench(root))]);
  console.log(`\n${NAIVE_REBUILD_NOTE}`);
}

/** The fresh-machine table (test/bench/fresh.ts), or why it is missing. */
function printFresh(fresh: ModeResult["fresh"], link: Link): void {
  console.log("");
  if (!fresh) return;
  if ("missing" in fresh) {
    console.log(`fresh machine, imported cache: not measured here: ${fresh.missing}`);
    return;
  }
  const { code, deps } = fresh;
  const install = (b: FreshBuild) => (b.installRan ? "ran" : "imported");
  const files = (b: FreshBuild) => `${b.files.length}`;
  printTable([
    ["fresh machine, imported cache", "naive", "generated", "ratio", "dependency install", "registry pull"],
    [
      "rebuild after a code change",
      fmtS(code.naive.timed.ms),
      fmtS(code.ours.timed.ms),
      ratio(code.ours.timed.ms, code.naive.timed.ms),
      `naive ${install(code.naive)}, generated ${install(code.ours)}`,
      `${fresh.naiveOnFresh ? fmtMB(code.naive.pulled) : "-"} / ${fmtMB(code.ours.pulled)}`,
    ],
    [
      "rebuild after adding one dependency",
      fmtS(code.naive.timed.ms),
      fmtS(deps.ours.timed.ms),
      ratio(deps.ours.timed.ms, code.naive.timed.ms),
      `generated ${install(deps.ours)}`,
      `- / ${fmtMB(deps.ours.pulled)}`,
    ],
    [
      "packages downloaded (code change / one added)",
      files(code.naive),
      `${files(code.ours)} / ${files(deps.ours)}`,
      "",
      "",
      "",
    ],
  ]);
  const naive = fresh.naiveOnFresh
    ? "The naive Dockerfile is pushed and built on the fresh machine too; its rebuild after a code change stands for both changes (every step after COPY . . reruns)."
    : "Naive: its rebuild in the same mode (above) stands for both changes: on a fresh machine its inline cache holds only the layers before COPY . ., and every step after reruns (BENCH_MODES=fresh alone builds it there).";
  console.log(
    `\nfresh machine: a second dockerd (empty build cache and cache mounts, the base image loaded); cache imported with --cache-from from a local registry (inline cache; generated: ${fresh.cacheImages.join(", ")}); package index and registry each through ${describeLink(link)}. ${naive} This part took ${fmtS(fresh.ms)}, ${fmtS(fresh.runNMs)} of it CI run N's builds and pushes.`,
  );
}

function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
