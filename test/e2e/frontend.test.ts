import { execa } from "execa";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers.js";
import { build, buildArgs, docker, dockerOk, freePort, stepCached, waitForHttp } from "./docker.js";

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

async function generate(fixture: string): Promise<string> {
  const copy = copyFixture(fixture);
  const cli = await execa("node", [bin, copy, "--yes"], { reject: false, all: true, env: { NO_COLOR: "1" } });
  if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
  return copy;
}

afterAll(async () => {
  await docker(["rm", "-f", container]);
  await docker(["rmi", "-f", tag, pnpmTag, yarnTag]);
});

describe("npm-esbuild: a front end built by npm in its own stage", () => {
  beforeAll(async () => {
    dir = await generate("npm-esbuild");
    await build(dir, tag);
  });

  it("serves a page linking the bundle, whose built content collectstatic collected", async () => {
    const port = await freePort();
    await dockerOk(["run", "-d", "--name", container, "--network", "host", "-e", `PORT=${port}`, "-e", "SQLITE_PATH=/app/db.sqlite3", tag]);
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
    for (const source of ["assets", "package.json", "package-lock.json"]) expect(tree.split("\n")).not.toContain(source);
  });

  it("keeps the install and the build cached across a Python-only change", async () => {
    appendFileSync(join(dir, "pages/views.py"), `\n# a Python change ${Date.now()}\n`);
    const log = await build(dir, tag);
    expect(stepCached(log, INSTALL)).toBe(true);
    expect(stepCached(log, BUILD)).toBe(true);
  });

  it("reruns the build, not the install, when a JavaScript source changes", async () => {
    const file = join(dir, "assets/js/greeting.js");
    // Unique text: BuildKit's cache is shared by every run on the machine.
    const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    writeFileSync(file, readFileSync(file, "utf8").replace("bundled by esbuild", `rebundled by esbuild ${stamp}`));
    const log = await build(dir, tag);
    expect(stepCached(log, INSTALL)).toBe(true);
    expect(stepCached(log, BUILD)).toBe(false);
    expect(await collected("js/main.*.js")).toContain(`rebundled by esbuild ${stamp}`);
  });

  it("reruns the install when the lockfile changes", async () => {
    // A new version of the project itself: a lockfile npm ci accepts, with
    // different bytes (a version no earlier run on this machine has cached).
    const version = `1.0.${Date.now()}`;
    for (const file of ["package.json", "package-lock.json"]) {
      const path = join(dir, file);
      writeFileSync(path, readFileSync(path, "utf8").replace(/"version": "1\.0\.0"/g, `"version": "${version}"`));
    }
    const log = await build(dir, tag);
    expect(stepCached(log, INSTALL)).toBe(false);
  });
});

/** Builds a generated project with the argument this machine's registry needs for corepack (see below). */
async function buildWithCorepack(context: string, image: string): Promise<void> {
  // This machine's npm registry answers without the signatures corepack
  // checks a package manager's download against: the build argument the
  // Dockerfile offers for such mirrors turns the check off, for these tests only.
  const result = await docker(["build", "--progress=plain", "--network", "host", ...buildArgs(), "--build-arg", "COREPACK_INTEGRITY_KEYS=0", "-t", image, context]);
  if (result.exitCode !== 0) throw new Error(`docker build failed:\n${String(result.all).slice(-6000)}`);
}

// pnpm through corepack, in a frontend/ folder: Sass compiled into
// frontend/dist, and normalize.css served straight from node_modules.
const pnpmTag = `frontend-e2e-pnpm:${run}`;

describe("pnpm-sass: a pnpm front end in its own folder, through corepack", () => {
  beforeAll(async () => {
    await buildWithCorepack(await generate("pnpm-sass"), pnpmTag);
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
