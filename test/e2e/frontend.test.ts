import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers.js";
import { build, buildArgs, docker, dockerOk, freePort, layers, stepCached, waitForHttp } from "./docker.js";

// A Django project whose JavaScript and CSS are bundled by esbuild (from the
// npm registry) into static_build/, a folder git ignores and STATICFILES_DIRS
// reads. One image, rebuilt after three kinds of change.
const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
const run = `${process.pid}`;
const tag = `frontend-e2e-npm:${run}`;
const container = `frontend-e2e-npm-${run}`;
const INSTALL = /\[frontend \d\/\d\] RUN .*npm ci/;
const BUILD = /\[frontend \d\/\d\] RUN npm run build/;

/** A file under STATIC_ROOT whose name matches, with its content. */
const READ_COLLECTED =
  "import glob, os, sys; from django.conf import settings; " +
  "[print(os.path.relpath(p, settings.STATIC_ROOT) + '\\n' + open(p).read()) for p in glob.glob(os.path.join(settings.STATIC_ROOT, sys.argv[1]))]";

let dir = "";

async function collected(pattern: string, image = tag): Promise<string> {
  return dockerOk(["run", "--rm", image, "python", "-c", READ_COLLECTED, pattern]);
}

/** The front-end stage's layers: built again to its end, which the build before has cached. */
async function frontendLayers(context: string, extra: string[] = []): Promise<string[]> {
  const stageTag = `${tag}-frontend-stage`;
  await dockerOk([
    "build",
    "--network",
    "host",
    ...buildArgs(),
    ...extra,
    "--target",
    "frontend",
    "-t",
    stageTag,
    context,
  ]);
  return layers(stageTag);
}

async function generate(fixture: string, args: string[] = []): Promise<string> {
  const copy = copyFixture(fixture);
  const cli = await execa("node", [bin, copy, "--yes", ...args], { reject: false, all: true, env: { NO_COLOR: "1" } });
  if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
  return copy;
}

afterAll(async () => {
  await docker(["rm", "-f", container]);
  await docker(["rm", "-f", statsContainer]);
  await docker(["rmi", "-f", tag, pnpmTag, yarnTag, statsTag, `${tag}-frontend-stage`]);
});

describe("npm-esbuild: a front end built by npm in its own stage", () => {
  beforeAll(async () => {
    dir = await generate("npm-esbuild");
    await build(dir, tag);
  });

  it("serves a page linking the bundle, whose built content collectstatic collected", async () => {
    const port = await freePort();
    await dockerOk([
      "run",
      "-d",
      "--name",
      container,
      "--network",
      "host",
      "-e",
      `PORT=${port}`,
      "-e",
      "SQLITE_PATH=/app/db.sqlite3",
      tag,
    ]);
    const response = await waitForHttp(`http://127.0.0.1:${port}/`, container);
    const body = await response.text();
    expect(response.status, body).toBe(200);
    // ManifestStaticFilesStorage: the hashed names exist only if collectstatic saw the built files.
    const js = /src="\/static\/(js\/main\.[0-9a-f]{12}\.js)"/.exec(body)?.[1];
    const css = /href="\/static\/(css\/main\.[0-9a-f]{12}\.css)"/.exec(body)?.[1];
    expect(js, body).toBeTruthy();
    expect(css, body).toBeTruthy();
    const script = await collected(js!);
    // Bundled: the imported module's text is inlined in main.js.
    expect(script).toContain("bundled by esbuild");
    expect(script).not.toContain("import ");
    expect(await collected(css!)).toContain("rebeccapurple");
  });

  it("leaves Node, node_modules and the front-end sources out of the final image", async () => {
    expect(await dockerOk(["run", "--rm", tag, "sh", "-c", "command -v node npm || echo none"])).toBe("none");
    expect(await dockerOk(["run", "--rm", tag, "sh", "-c", "find / -xdev -name node_modules | wc -l"])).toBe("0");
    const tree = await dockerOk(["run", "--rm", tag, "ls", "/opt/project/src"]);
    expect(tree.split("\n")).toContain("manage.py");
    for (const source of ["assets", "package.json", "package-lock.json"])
      expect(tree.split("\n")).not.toContain(source);
  });

  it("keeps the install and the build cached across a Python-only change: the same layers", async () => {
    const stageBefore = await frontendLayers(dir);
    const imageBefore = await layers(tag);
    appendFileSync(join(dir, "pages/views.py"), `\n# a Python change ${Date.now()}\n`);
    const log = await build(dir, tag);
    expect(stepCached(log, INSTALL)).toBe(true);
    expect(stepCached(log, BUILD)).toBe(true);
    // The same layers, not only steps reported CACHED: node_modules and the bundle...
    expect(await frontendLayers(dir)).toEqual(stageBefore);
    // ...and, in the image, everything below its last three layers (the project, its collected
    // files, the working folder): the Python dependencies and the entrypoint.
    const imageAfter = await layers(tag);
    expect(imageAfter.length).toBe(imageBefore.length);
    expect(imageAfter.slice(0, -3)).toEqual(imageBefore.slice(0, -3));
    expect(imageAfter.at(-3)).not.toBe(imageBefore.at(-3));
  });

  it("reruns the build, not the install, when a JavaScript source changes", async () => {
    const stageBefore = await frontendLayers(dir);
    const file = join(dir, "assets/js/greeting.js");
    // Unique text: BuildKit's cache is shared by every run on the machine.
    const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    writeFileSync(file, readFileSync(file, "utf8").replace("bundled by esbuild", `rebundled by esbuild ${stamp}`));
    const log = await build(dir, tag);
    expect(stepCached(log, INSTALL)).toBe(true);
    expect(stepCached(log, BUILD)).toBe(false);
    expect(await collected("js/main.*.js")).toContain(`rebundled by esbuild ${stamp}`);
    // The installed node_modules layer is the one from before; the sources and the bundle are new.
    const stageAfter = await frontendLayers(dir);
    // Its last two layers: COPY assets, RUN npm run build.
    const install = stageBefore.length - 3;
    expect(stageAfter.slice(0, install + 1)).toEqual(stageBefore.slice(0, install + 1));
    expect(stageAfter.at(-1)).not.toBe(stageBefore.at(-1));
  });
});

/**
 * Builds a project whose yarn or pnpm comes through corepack. No build
 * argument: this machine's npm registry answers without the signatures
 * corepack checks a download against, but the fixtures pin a hash in
 * packageManager (as `corepack use` writes it), which corepack checks instead.
 */
async function buildWithCorepack(context: string, image: string): Promise<string> {
  return build(context, image);
}

/** pnpm's last progress line of a build log: how many packages it reused from the store and downloaded. */
function pnpmProgress(log: string): { reused: number; downloaded: number } {
  const found = [...log.matchAll(/Progress: resolved \d+, reused (\d+), downloaded (\d+), added \d+, done/g)].at(-1);
  if (!found) throw new Error(`no pnpm progress line in the build log:\n${log.slice(-3000)}`);
  return { reused: Number(found[1]), downloaded: Number(found[2]) };
}

// pnpm through corepack, in a frontend/ folder: Sass compiled into
// frontend/dist, and normalize.css served straight from node_modules.
const pnpmTag = `frontend-e2e-pnpm:${run}`;

let pnpmDir = "";
let pnpmFirst = { reused: 0, downloaded: 0 };

describe("pnpm-sass: a pnpm front end in its own folder, through corepack", () => {
  beforeAll(async () => {
    pnpmDir = await generate("pnpm-sass");
    // The store's cache mount is shared by every build on the machine: one of
    // this run's own, so that what pnpm downloads is what this run needed.
    const dockerfile = join(pnpmDir, "Dockerfile");
    const store = "--mount=type=cache,target=/root/.local/share/pnpm/store";
    expect(readFileSync(dockerfile, "utf8")).toContain(store);
    writeFileSync(
      dockerfile,
      readFileSync(dockerfile, "utf8").replace(store, store.replace("target=", `id=frontend-e2e-pnpm-${run},target=`)),
    );
    pnpmFirst = pnpmProgress(await buildWithCorepack(pnpmDir, pnpmTag));
  });

  it("collects the compiled Sass and the file served from node_modules, and ships neither Node nor the front end", async () => {
    const css = await collected("site.css", pnpmTag);
    // Compiled: the variable from the partial is resolved, the nested property flattened.
    expect(css).toContain("color:#1d3557");
    expect(css).toContain("margin-top:2rem");
    expect(await collected("vendor/normalize/normalize.css", pnpmTag)).toContain("normalize.css v8.0.1");
    expect(await dockerOk(["run", "--rm", pnpmTag, "sh", "-c", "command -v node pnpm || echo none"])).toBe("none");
    expect(await dockerOk(["run", "--rm", pnpmTag, "sh", "-c", "find / -xdev -name node_modules | wc -l"])).toBe("0");
    expect((await dockerOk(["run", "--rm", pnpmTag, "ls", "/opt/project/src"])).split("\n")).not.toContain("frontend");
  });

  it("a lockfile change reruns the install with the store warm: only the new package is downloaded", async () => {
    expect(pnpmFirst.downloaded).toBeGreaterThan(1);
    // is-number joins the dependencies, in package.json and in the lockfile.
    const manifest = join(pnpmDir, "frontend/package.json");
    writeFileSync(
      manifest,
      readFileSync(manifest, "utf8").replace(
        '"normalize.css": "8.0.1"',
        '"is-number": "7.0.0",\n    "normalize.css": "8.0.1"',
      ),
    );
    const lock = join(pnpmDir, "frontend/pnpm-lock.yaml");
    const integrity = "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==";
    writeFileSync(
      lock,
      `${readFileSync(lock, "utf8")
        .replace(
          "    dependencies:\n",
          "    dependencies:\n      is-number:\n        specifier: 7.0.0\n        version: 7.0.0\n",
        )
        .replace(
          "\nsnapshots:\n",
          `\n  is-number@7.0.0:\n    resolution: {integrity: ${integrity}}\n    engines: {node: '>=0.12.0'}\n\nsnapshots:\n`,
        )
        .trimEnd()}\n\n  is-number@7.0.0: {}\n`,
    );
    const log = await buildWithCorepack(pnpmDir, pnpmTag);
    expect(stepCached(log, /\[frontend \d\/\d\] RUN .*pnpm install/)).toBe(false);
    // Every package of the first install comes from the store; only is-number from the registry.
    expect(pnpmProgress(log)).toEqual({ reused: pnpmFirst.downloaded + pnpmFirst.reused, downloaded: 1 });
    expect(await collected("site.css", pnpmTag)).toContain("color:#1d3557");
  });
});

// Install only: no build script, a STATICFILES_DIRS entry in node_modules
// (Yarn 1 through corepack).
const yarnTag = `frontend-e2e-yarn:${run}`;

describe("yarn-node-modules: an install-only front end read from node_modules", () => {
  beforeAll(async () => {
    await buildWithCorepack(await generate("yarn-node-modules"), yarnTag);
  });

  it("collects the installed package's file, and ships no node_modules", async () => {
    expect(await collected("normalize/normalize.css", yarnTag)).toContain("normalize.css v8.0.1");
    expect(await dockerOk(["run", "--rm", yarnTag, "sh", "-c", "find / -xdev -name node_modules | wc -l"])).toBe("0");
    const tree = (await dockerOk(["run", "--rm", yarnTag, "ls", "-A", "/opt/project/src"])).split("\n");
    expect(tree).toContain("manage.py");
    expect(tree).not.toContain("package.json");
    expect(tree).not.toContain("yarn.lock");
  });
});

// A build whose output is named with --frontend-output: static/, a folder
// git holds (an image) that the build adds to; and a stats file the site
// reads on every page, as django-webpack-loader does (a view stands in for
// its template tag: the package is not in this machine's mirror).
const statsTag = `frontend-e2e-stats:${run}`;
const statsContainer = `frontend-e2e-stats-${run}`;

describe("npm-stats-file: the folder the settings read, and a file the site reads at run time", () => {
  beforeAll(async () => {
    await build(await generate("npm-stats-file", ["--frontend-output", "static"]), statsTag);
  });

  it("serves a page built from the stats file, with the built and the committed files collected", async () => {
    const port = await freePort();
    await dockerOk(["run", "-d", "--name", statsContainer, "--network", "host", "-e", `PORT=${port}`, statsTag]);
    const response = await waitForHttp(`http://127.0.0.1:${port}/`, statsContainer);
    const body = await response.text();
    expect(response.status, body).toBe(200);
    // The stats file the image's build wrote names the stylesheet the page links.
    expect(body).toContain('href="/static/gen/ledger.css"');
    const built = await collected("gen/ledger.css", statsTag);
    expect(built).toContain("/* built by tools/build.mjs */");
    expect(built).toContain("body { color: darkslategray; }");
    // The build added to static/; the committed image there is collected too.
    expect(await collected("img/logo.svg", statsTag)).toContain("<svg");
    expect(await dockerOk(["run", "--rm", statsTag, "sh", "-c", "command -v node || echo none"])).toBe("none");
  });
});
