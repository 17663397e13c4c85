import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers.js";
import { build, docker, dockerOk, freePort, waitForHttp } from "./docker.js";

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));

/**
 * One build for three shapes public projects have (test/fixtures/uv-git-index-asgi):
 * an ASGI entry point written as a package, a uv.lock package from git
 * pinned at a commit, and one from a second package index. Nothing comes
 * from the network: the git repository and the second index are served
 * here, over HTTP, on ports written into the copy's lock. One build, two
 * runs: about 2.5 minutes on the shared two-core machine with a warm apt
 * and pip cache (3 to 4 cold), most of it pip building the git package.
 */
const FIXTURE = "uv-git-index-asgi";
const LOCKED_COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const tag = `real-a-shapes-${process.pid}`;
const servers: ResultPromise[] = [];
const containers: string[] = [];

const git = (cwd: string, ...args: string[]) =>
  execa("git", args, {
    cwd,
    env: {
      GIT_AUTHOR_NAME: "e2e",
      GIT_AUTHOR_EMAIL: "e2e@example.invalid",
      GIT_COMMITTER_NAME: "e2e",
      GIT_COMMITTER_EMAIL: "e2e@example.invalid",
    },
  });

/** A bare repository of a small setuptools package, served over git's plain ("dumb") HTTP; returns its commit. */
async function gitRepository(root: string): Promise<string> {
  const work = join(root, "work");
  mkdirSync(join(work, "greeting_cards"), { recursive: true });
  writeFileSync(
    join(work, "pyproject.toml"),
    '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "greeting-cards"\nversion = "0.1.0"\n',
  );
  writeFileSync(
    join(work, "greeting_cards", "__init__.py"),
    'def greet(name):\n    return "Hello, %s, from git." % name\n',
  );
  await git(work, "init", "-q", "-b", "main");
  await git(work, "add", ".");
  await git(work, "commit", "-q", "-m", "greeting cards");
  const commit = (await git(work, "rev-parse", "HEAD")).stdout.trim();
  await git(root, "clone", "-q", "--bare", work, join(root, "served", "greeting-cards.git"));
  await git(join(root, "served", "greeting-cards.git"), "update-server-info");
  return commit;
}

/** A simple/ index holding one hand-made wheel (a wheel is a zip with its metadata). */
async function secondIndex(root: string): Promise<void> {
  const dir = join(root, "simple", "board-stamps");
  mkdirSync(dir, { recursive: true });
  const wheel = "board_stamps-1.0.0+local-py3-none-any.whl";
  const program = [
    "import sys, zipfile",
    "info = 'board_stamps-1.0.0+local.dist-info/'",
    "files = {",
    "  'board_stamps/__init__.py': 'def stamp():\\n    return \"Stamped by the second index.\"\\n',",
    "  info + 'METADATA': 'Metadata-Version: 2.1\\nName: board-stamps\\nVersion: 1.0.0+local\\n',",
    "  info + 'WHEEL': 'Wheel-Version: 1.0\\nGenerator: e2e\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n',",
    "}",
    "files[info + 'RECORD'] = ''.join(n + ',,\\n' for n in list(files) + [info + 'RECORD'])",
    "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
    "    [z.writestr(n, c) for n, c in files.items()]",
  ].join("\n");
  await execa("python3", ["-c", program, join(dir, wheel)]);
  writeFileSync(
    join(dir, "index.html"),
    `<html><body><a href="${encodeURIComponent(wheel)}">${wheel}</a></body></html>\n`,
  );
}

async function serve(dir: string, port: number): Promise<void> {
  const server = execa("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1"], {
    cwd: dir,
    reject: false,
  });
  servers.push(server);
  for (let i = 0; i < 50; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`python -m http.server on ${port} did not start`);
}

let project = "";
let commit = "";
let buildLog = "";

beforeAll(async () => {
  const served = mkdtempSync(join(tmpdir(), "cdd-e2e-served-"));
  commit = await gitRepository(served);
  await secondIndex(served);
  const [gitPort, indexPort] = [await freePort(), await freePort()];
  await serve(join(served, "served"), gitPort);
  await serve(served, indexPort);

  project = copyFixture(FIXTURE);
  for (const file of ["uv.lock", "pyproject.toml"]) {
    const text = readFileSync(join(project, file), "utf8")
      .split(LOCKED_COMMIT)
      .join(commit)
      .split("127.0.0.1:8767")
      .join(`127.0.0.1:${gitPort}`)
      .split("127.0.0.1:8766")
      .join(`127.0.0.1:${indexPort}`);
    writeFileSync(join(project, file), text);
  }
  const generated = await execa("node", [bin, project, "--yes"], { reject: false, all: true });
  expect(generated.all).not.toContain("Unexpected error");
  expect(generated.exitCode, String(generated.all)).toBe(0);
  buildLog = await build(project, tag);
});

afterAll(async () => {
  if (containers.length) await docker(["rm", "-f", ...containers]);
  await docker(["rmi", "-f", tag]);
  for (const server of servers) server.kill();
});

describe(`${FIXTURE}: git, a second index and an ASGI package in one image`, () => {
  it("installs git in the dependency install stage only, and keeps the locked commit", async () => {
    const dockerfile = readFileSync(join(project, "Dockerfile"), "utf8");
    expect(dockerfile.match(/apt-get install -y --no-install-recommends git$/gm)).toHaveLength(1);
    expect(buildLog).toContain(commit);
    const direct = await dockerOk([
      "run",
      "--rm",
      tag,
      "python",
      "-c",
      "import importlib.metadata as m; print(m.distribution('greeting-cards').read_text('direct_url.json'))",
    ]);
    expect(JSON.parse(direct)).toMatchObject({ vcs_info: { vcs: "git", commit_id: commit } });
    expect(await docker(["run", "--rm", tag, "sh", "-c", "command -v git"]).then((r) => r.exitCode)).not.toBe(0);
  });

  it("serves over ASGI the page that imports both packages", async () => {
    const port = await freePort();
    const name = `${tag}-web`;
    containers.push(name);
    // The fixture has no database (DATABASES = {}): the entrypoint neither waits for one nor migrates.
    await dockerOk(["run", "-d", "--name", name, "-p", `127.0.0.1:${port}:8000`, tag]);
    const response = await waitForHttp(`http://127.0.0.1:${port}/`, name);
    expect(await response.text()).toBe("Hello, board, from git. Stamped by the second index.");
    const logs = await docker(["logs", name]);
    expect(String(logs.all)).toMatch(/uvicorn|Uvicorn/);
  });
});
