/**
 * npm run bench: the generated Dockerfile against the naive one (COPY . .,
 * then pip install) on a realistic project, in the same run, on the same
 * machine: cold build, code-only change, dependency change. Prints times,
 * ratios, the bytes a registry push would send, and image sizes.
 *
 * A benchmark, not a test: it fails only if a build fails. Reads DOCKER,
 * E2E_PYTHON_IMAGE and PIP_INDEX_URL like the end-to-end suite.
 */
import { execa } from "execa";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, dockerOk, env, layers } from "../e2e/docker.js";
import { buildTimed, layerSizes, type Timed } from "./measure.js";
import { printTable } from "./table.js";
import { frontendBench } from "./frontend.js";

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

async function pruneBuildCache(): Promise<void> {
  await dockerOk(["builder", "prune", "-af"]);
}

/** Bytes of the layers in `after` that `before` does not have: what a push sends. */
async function changedBytes(before: string, after: string): Promise<number> {
  const known = new Set(await layers(before));
  const sizes = await layerSizes(after);
  let total = 0;
  for (const [diffId, size] of sizes) if (!known.has(diffId)) total += size;
  return total;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cdd-bench-"));
  cpSync(projectSource, dir, { recursive: true });
  const cli = await execa("node", [bin, dir, "--yes"], { reject: false, all: true, env: { NO_COLOR: "1" } });
  if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
  writeFileSync(join(dir, "Dockerfile.naive"), NAIVE);

  const tag = (kind: string, step: string) => `cdd-bench-${kind}:${step}`;
  const naive = (step: string) => buildTimed(dir, tag("naive", step), "Dockerfile.naive");
  const ours = (step: string) => buildTimed(dir, tag("generated", step), "Dockerfile");
  const images: string[] = [];
  const results: Record<string, { naive: Timed; ours: Timed }> = {};

  try {
    process.stderr.write("bench: cold builds, twice each, alternating (build cache pruned before each)\n");
    // Alternating, and the faster of two runs each, so that load that comes
    // and goes (other builds on the machine) does not favour either side.
    // Ours runs last, leaving its cache warm for the rebuilds below; the
    // naive Dockerfile's only cacheable steps come before COPY . . anyway.
    const cold = async (build: () => Promise<Timed>) => {
      await pruneBuildCache();
      return build();
    };
    const naiveCold1 = await cold(() => naive("cold"));
    const oursCold1 = await cold(() => ours("cold"));
    const naiveCold2 = await cold(() => naive("cold"));
    const oursCold2 = await cold(() => ours("cold"));
    const faster = (a: Timed, b: Timed) => (a.ms <= b.ms ? a : b);
    results.cold = { naive: faster(naiveCold1, naiveCold2), ours: faster(oursCold1, oursCold2) };
    images.push(tag("naive", "cold"), tag("generated", "cold"));

    process.stderr.write("bench: code-only change\n");
    const view = join(dir, "reports/views.py");
    writeFileSync(view, `${readFileSync(view, "utf8")}\n# a code change ${Date.now()}\n`);
    results.code = { naive: await naive("code"), ours: await ours("code") };
    images.push(tag("naive", "code"), tag("generated", "code"));

    process.stderr.write("bench: dependency change (one package added)\n");
    const setup = join(dir, "setup.py");
    writeFileSync(setup, readFileSync(setup, "utf8").replace('"openpyxl",', '"openpyxl",\n        "Markdown",'));
    results.deps = { naive: await naive("deps"), ours: await ours("deps") };
    images.push(tag("naive", "deps"), tag("generated", "deps"));

    const base = await imageSize(env.pythonImage);
    const size = { naive: (await imageSize(tag("naive", "cold"))) - base, ours: (await imageSize(tag("generated", "cold"))) - base };
    const pushed = {
      naive: await changedBytes(tag("naive", "cold"), tag("naive", "code")),
      ours: await changedBytes(tag("generated", "cold"), tag("generated", "code")),
    };
    const ownBytes = Number(
      (
        await dockerOk([
          "run", "--rm", tag("generated", "code"), "sh", "-c",
          'du -sb /opt/project "$(python -c "from django.conf import settings; print(settings.STATIC_ROOT)")" | awk \'{ s += $1 } END { print s }\'',
        ])
      ).trim(),
    );
    const depsDownloads = results.deps.ours.log.split("\n").filter((l) => /Downloading \S+\.whl/.test(l) && !/Markdown|markdown/.test(l)).length;

    const rows: string[][] = [
      ["measure", "naive", "generated", "ratio", "target"],
      ["cold build", fmtS(results.cold.naive.ms), fmtS(results.cold.ours.ms), ratio(results.cold.ours.ms, results.cold.naive.ms), "<= 1.30x"],
      ["rebuild after a code change", fmtS(results.code.naive.ms), fmtS(results.code.ours.ms), ratio(results.code.ours.ms, results.code.naive.ms), "<= 0.25x"],
      ["rebuild after a dependency change", fmtS(results.deps.naive.ms), fmtS(results.deps.ours.ms), ratio(results.deps.ours.ms, results.deps.naive.ms), ""],
      ["layers to push after a code change", fmtMB(pushed.naive), fmtMB(pushed.ours), ratio(pushed.ours, pushed.naive), `<= ${fmtMB(ownBytes + MB)} (code + static + 1 MB)`],
      ["image size over the base image", fmtMB(size.naive), fmtMB(size.ours), ratio(size.ours, size.naive), "<= 1.00x"],
      ["other wheels downloaded again on a dependency change", "all", String(depsDownloads), "", "0"],
    ];
    printTable(rows);
    console.log("");
    printTable([["measure", "naive", "generated", "ratio", "front-end stage"], ...(await frontendBench(root))]);
  } finally {
    if (images.length) await docker(["rmi", "-f", ...new Set(images)]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
