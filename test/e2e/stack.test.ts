import { execa } from "execa";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copyFixture } from "../helpers.js";
import { docker, env, freePort } from "./docker.js";

// The whole stack from one command: the tool with --yes on a project with a
// Procfile worker fed through Redis and a PostgreSQL database, then
// `compose up --build` with no edits (the test's own override only lets the
// build reach this machine's package index). One build serves every check.

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
const project = `stack-e2e-${process.pid}`;
const image = `stack-e2e-img:${process.pid}`;
const compose = (process.env.COMPOSE || "docker compose").split(" ");
const composeEnv = () => ({ IMAGE: image, WEB_PORT: String(port), DOCKER_BUILDKIT: "1" });
let dir = "";
let port = 0;

async function composeRun(args: string[], timeout = 10 * 60_000) {
  const [command, ...first] = compose;
  const result = await execa(command!, [...first, "-p", project, "-f", "compose.yaml", "-f", "test-override.yaml", ...args], {
    cwd: dir,
    env: composeEnv(),
    reject: false,
    all: true,
    timeout,
  });
  if (result.exitCode !== 0) throw new Error(`compose ${args.join(" ")} failed (${result.exitCode}):\n${String(result.all).slice(-5000)}`);
  return String(result.stdout);
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Host: "localhost" }, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: await response.text() };
}

/** Polls until `check` holds for the page's JSON, or fails with what it last saw and the services' logs. */
async function until<T>(path: string, check: (value: T) => boolean, seconds = 90): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown = null;
  for (;;) {
    try {
      const page = await get(path);
      last = page.body;
      if (page.status === 200 && check(JSON.parse(page.body) as T)) return JSON.parse(page.body) as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${path}: never as expected; last: ${String(last)}\n${(await composeRun(["logs", "--no-color", "--tail", "40"])).slice(-5000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function leftovers(): Promise<string[]> {
  const label = `label=com.docker.compose.project=${project}`;
  const found = await Promise.all([
    docker(["ps", "-aq", "--filter", label]),
    docker(["volume", "ls", "-q", "--filter", label]),
    docker(["network", "ls", "-q", "--filter", label]),
  ]);
  return found.flatMap((r) => String(r.stdout).split("\n").filter(Boolean));
}

describe("compose.yaml: web, a Redis-fed worker and PostgreSQL from one command", () => {
  beforeAll(async () => {
    dir = copyFixture("stack-redis-worker");
    port = await freePort();
    const tool = await execa("node", [bin, dir, "--yes"], { reject: false, all: true });
    if (tool.exitCode !== 0) throw new Error(`create-django-docker failed:\n${tool.all}`);
    const build = { context: ".", network: "host", args: { PYTHON_IMAGE: env.pythonImage, ...(env.pipIndexUrl ? { PIP_INDEX_URL: env.pipIndexUrl } : {}) } };
    writeFileSync(join(dir, "test-override.yaml"), JSON.stringify({ services: { migrate: { build }, web: { build }, worker: { build } } }, null, 2));
    await composeRun(["up", "-d", "--build"], 12 * 60_000);
  });

  afterAll(async () => {
    if (!dir) return;
    await composeRun(["down", "-v", "--remove-orphans"]).catch(() => {});
    await docker(["rmi", "-f", image]);
  });

  it("writes compose.yaml, stack.yaml, .env.example and a working .env", () => {
    for (const file of ["compose.yaml", "stack.yaml", ".env.example", ".env"]) expect(existsSync(join(dir, file)), file).toBe(true);
    const envFile = readFileSync(join(dir, ".env"), "utf8");
    expect(envFile).toMatch(/^DATABASE_URL=postgres:\/\/app:[0-9a-f]{32}@db:5432\/app$/m);
    expect(envFile).toMatch(/^REDIS_URL=redis:\/\/redis:6379\/0$/m);
    expect(envFile).not.toContain("change-me");
    const composeFile = parse(readFileSync(join(dir, "compose.yaml"), "utf8"), { merge: true }) as { services: Record<string, { image?: string }> };
    expect(Object.keys(composeFile.services).sort()).toEqual(["db", "migrate", "redis", "web", "worker"]);
  });

  it("serves the site", async () => {
    await until<unknown>("/stats/", () => true);
    expect(await get("/")).toEqual({ status: 200, body: "job board is up" });
  });

  it("runs a job the web process enqueues in the worker", async () => {
    const { id } = JSON.parse((await get("/enqueue/")).body) as { id: number };
    const job = await until<{ runs: number; done_by: string }>(`/jobs/${id}/`, (j) => j.runs > 0);
    expect(job.runs).toBe(1);
  });

  it("with the worker scaled to 2, runs each job exactly once", async () => {
    await composeRun(["up", "-d", "--no-build", "--scale", "worker=2"]);
    const workers = (await composeRun(["ps", "-q", "worker"])).split("\n").filter(Boolean);
    expect(workers).toHaveLength(2);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((JSON.parse((await get("/enqueue/")).body) as { id: number }).id);
    for (const id of ids) await until<{ runs: number }>(`/jobs/${id}/`, (j) => j.runs > 0);
    // A moment for a second run to land, were a job ever handed out twice.
    await new Promise((r) => setTimeout(r, 2000));
    for (const id of ids) expect((JSON.parse((await get(`/jobs/${id}/`)).body) as { runs: number }).runs, `job ${id}`).toBe(1);
  });

  it("applied the migrations once, in the migrate service", async () => {
    expect(await until<{ jobs_migration_rows: number }>("/stats/", () => true)).toEqual({ jobs_migration_rows: 1 });
    const logs = await composeRun(["logs", "--no-color"]);
    expect(logs.match(/Applying jobs\.0001_initial/g)).toHaveLength(1);
    expect(logs).toMatch(/migrate[_-]1\s+\|\s+ {2}Applying jobs\.0001_initial/);
  });

  it("is a stack file `docker stack config` accepts, every service with an image", async () => {
    // Debian's docker 20.10 ($DOCKER) refuses a file without `version:`; the newer client on PATH reads it.
    const which = await execa("sh", ["-c", "command -v docker"], { reject: false });
    const client = String(which.stdout).trim() || "docker";
    const result = await execa(client, ["stack", "config", "-c", "stack.yaml"], { cwd: dir, env: { IMAGE: image }, reject: false, all: true });
    expect(result.exitCode, String(result.all)).toBe(0);
    const stack = parse(String(result.stdout)) as { services: Record<string, { image?: string; deploy?: { replicas?: number } }> };
    for (const [name, service] of Object.entries(stack.services)) expect(service.image, name).toBeTruthy();
    expect(stack.services.web?.image).toBe(image);
    expect(stack.services.worker?.deploy?.replicas).toBe(2);
  });

  it("leaves nothing behind after `down -v`", async () => {
    await composeRun(["down", "-v"]);
    expect(await leftovers()).toEqual([]);
  });
});
