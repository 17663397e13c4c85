/**
 * The front-end part of npm run bench: the npm/esbuild fixture built by the
 * generated Dockerfile against a naive one that puts Node in the Python
 * image and runs `npm ci && npm run build` after `COPY . .`: a cold build
 * of each (--no-cache, empty cache mounts), then three rebuilds: a
 * Python-only change, a JavaScript change, a lockfile change (the naive
 * one's rebuild after the first stands for all three: every step after
 * COPY . . reruns whatever changed). (Node comes with the node image's certificates,
 * as its own stage has them: a registry behind a proxy with its own CA works
 * for both.)
 */

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { docker } from "../e2e/docker.js";
import { buildTimed, type Timed, withOwnCacheMounts } from "./measure.js";

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const NAIVE = `ARG PYTHON_IMAGE=python:3.12-slim
FROM node:22-slim AS node
FROM \${PYTHON_IMAGE}
ARG PIP_INDEX_URL
COPY --from=node /usr/local/ /usr/local/
COPY --from=node /etc/ssl/certs/ /etc/ssl/certs/
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
ENV PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=shop.settings
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt gunicorn
RUN npm ci && npm run build
RUN python manage.py collectstatic --noinput
CMD ["gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000"]
`;

/** Printed under the front-end table: where its naive rebuild figures come from. */
export const NAIVE_REBUILD_NOTE =
  "front end, naive: its rebuild after the Python-only change stands for the other two (every step after COPY . . reruns).";

/** A step's rerun or CACHED, from a plain-progress log. */
function reran(log: string, pattern: RegExp): boolean {
  const header = log.split("\n").find((l) => /^#\d+ \[/.test(l) && pattern.test(l));
  if (!header) return false;
  return !log.split("\n").includes(`${header.split(" ")[0]} CACHED`);
}

export async function frontendBench(root: string): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), "cdd-bench-frontend-"));
  cpSync(join(root, "test/fixtures/npm-esbuild"), dir, { recursive: true });
  const cli = await execa("node", [join(root, "bin/create-django-docker.js"), dir, "--yes"], {
    reject: false,
    all: true,
    env: { NO_COLOR: "1" },
  });
  if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
  writeFileSync(join(dir, "Dockerfile.naive"), NAIVE);
  const images: string[] = [];
  // Cache mounts of this run's own (npm's and pip's): the cold builds start with none.
  writeFileSync(
    join(dir, "Dockerfile.bench"),
    withOwnCacheMounts(readFileSync(join(dir, "Dockerfile"), "utf8"), `cdd-bench-${Date.now()}-frontend`),
  );
  const build = async (kind: "naive" | "generated", step: string, noCache = false): Promise<Timed> => {
    const tag = `cdd-bench-frontend-${kind}:${step}`;
    images.push(tag);
    return buildTimed(dir, tag, kind === "naive" ? "Dockerfile.naive" : "Dockerfile.bench", { noCache });
  };
  const change = (file: string, edit: (text: string) => string) =>
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), "utf8")));
  const rows: string[][] = [];
  try {
    process.stderr.write("bench: front end, cold builds (--no-cache, empty cache mounts)\n");
    const naiveCold = await build("naive", "cold", true);
    const oursCold = await build("generated", "cold", true);
    rows.push([
      "front end: cold build",
      fmtS(naiveCold.ms),
      fmtS(oursCold.ms),
      `${(oursCold.ms / naiveCold.ms).toFixed(2)}x`,
      "all ran",
    ]);
    const steps: Array<[string, () => void]> = [
      [
        "front end: rebuild after a Python-only change",
        () => change("pages/views.py", (t) => `${t}\n# a Python change ${Date.now()}\n`),
      ],
      [
        "front end: rebuild after a JavaScript change",
        () => change("assets/js/greeting.js", (t) => `${t}\n// a JavaScript change ${Date.now()}\n`),
      ],
      [
        "front end: rebuild after a lockfile change",
        () => {
          // A version no earlier build on this machine has cached.
          const version = `1.0.${Date.now()}`;
          for (const file of ["package.json", "package-lock.json"])
            change(file, (t) => t.replace(/"version": "1\.0\.0"/g, `"version": "${version}"`));
        },
      ],
    ];
    // The naive Dockerfile reruns every step after COPY . . whatever changed:
    // its rebuild after the first change stands for the other two.
    let naive: Timed | undefined;
    for (const [label, edit] of steps) {
      process.stderr.write(`bench: ${label}\n`);
      edit();
      naive ??= await build("naive", label.split(" ").at(-2)!);
      const ours = await build("generated", label.split(" ").at(-2)!);
      const what = `install ${reran(ours.log, /\[frontend .*npm ci/) ? "reran" : "cached"}, build ${reran(ours.log, /\[frontend .*npm run build/) ? "reran" : "cached"}`;
      rows.push([label, fmtS(naive.ms), fmtS(ours.ms), `${(ours.ms / naive.ms).toFixed(2)}x`, what]);
    }
  } finally {
    if (images.length) await docker(["rmi", "-f", ...new Set(images)]);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
