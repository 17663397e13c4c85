import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, execaSync } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copyFixture } from "../helpers.js";
import { docker, env, freePort } from "./docker.js";

// The whole stack from one command: the tool with --yes on a project with a
// Procfile worker fed through Redis and a PostgreSQL database, then
// `compose up --build` with no edits (the test's own override only lets the
// build reach this machine's package index). One build serves every check.

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
const compose = (process.env.COMPOSE || "docker compose").split(" ");

/** One compose project made from a clean copy of a fixture: the tool with --yes, then compose. */
class Stack {
  dir = "";
  port = 0;
  readonly project: string;
  readonly image: string;

  constructor(name: string) {
    this.project = `stack-e2e-${name}-${process.pid}`;
    this.image = `stack-e2e-${name}:${process.pid}`;
  }

  async create(
    fixture: string,
    built: string[],
    edit: (dir: string) => void = () => {},
    flags: string[] = [],
  ): Promise<void> {
    this.dir = copyFixture(fixture);
    edit(this.dir);
    this.port = await freePort();
    const tool = await execa("node", [bin, this.dir, "--yes", ...flags], { reject: false, all: true });
    if (tool.exitCode !== 0) throw new Error(`create-django-docker failed:\n${tool.all}`);
    // Only what this machine needs to build: the host network and the local package index.
    const build = {
      context: ".",
      network: "host",
      args: { PYTHON_IMAGE: env.pythonImage, ...(env.pipIndexUrl ? { PIP_INDEX_URL: env.pipIndexUrl } : {}) },
    };
    // Two gunicorn workers rather than one per core and more: the machine is shared.
    const services = Object.fromEntries(
      built.map((name) => [name, name === "web" ? { build, environment: { GUNICORN_WORKERS: "2" } } : { build }]),
    );
    writeFileSync(join(this.dir, "test-override.yaml"), JSON.stringify({ services }, null, 2));
    await this.compose(["config", "-q"]);
    await this.compose(["up", "-d", "--build"], 12 * 60_000);
  }

  async compose(args: string[], timeout = 10 * 60_000): Promise<string> {
    const [command, ...first] = compose;
    const result = await execa(
      command!,
      [...first, "-p", this.project, "-f", "compose.yaml", "-f", "test-override.yaml", ...args],
      {
        cwd: this.dir,
        env: { IMAGE: this.image, WEB_PORT: String(this.port), DOCKER_BUILDKIT: "1" },
        reject: false,
        all: true,
        timeout,
      },
    );
    if (result.exitCode !== 0)
      throw new Error(`compose ${args.join(" ")} failed (${result.exitCode}):\n${String(result.all).slice(-5000)}`);
    return String(result.stdout);
  }

  async get(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      headers: { Host: "localhost" },
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await response.text() };
  }

  /** Polls until `check` holds for the page, or fails with what it last saw and the services' logs. */
  async until(path: string, check: (body: string) => boolean, seconds = 90): Promise<string> {
    const deadline = Date.now() + seconds * 1000;
    let last: unknown = null;
    for (;;) {
      try {
        const page = await this.get(path);
        last = page.body;
        if (page.status === 200 && check(page.body)) return page.body;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${path}: never as expected; last: ${String(last)}\n${(await this.compose(["logs", "--no-color", "--tail", "40"])).slice(-5000)}`,
        );
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async json<T>(path: string, check: (value: T) => boolean = () => true): Promise<T> {
    return JSON.parse(await this.until(path, (body) => check(JSON.parse(body) as T))) as T;
  }

  async leftovers(): Promise<string[]> {
    const label = `label=com.docker.compose.project=${this.project}`;
    const found = await Promise.all([
      docker(["ps", "-aq", "--filter", label]),
      docker(["volume", "ls", "-q", "--filter", label]),
      docker(["network", "ls", "-q", "--filter", label]),
    ]);
    return found.flatMap((r) => String(r.stdout).split("\n").filter(Boolean));
  }

  async destroy(): Promise<void> {
    if (!this.dir) return;
    await this.compose(["down", "-v", "--remove-orphans"]).catch(() => {});
    await docker(["rmi", "-f", this.image]);
  }
}

describe("compose.yaml: web, a Redis-fed worker and PostgreSQL from one command", () => {
  const stack = new Stack("redis");
  beforeAll(() => stack.create("stack-redis-worker", ["migrate", "web", "worker"]));
  afterAll(() => stack.destroy());

  it("writes compose.yaml, stack.yaml, .env.example and a working .env", () => {
    for (const file of ["compose.yaml", "stack.yaml", ".env.example", ".env"])
      expect(existsSync(join(stack.dir, file)), file).toBe(true);
    const envFile = readFileSync(join(stack.dir, ".env"), "utf8");
    expect(envFile).toMatch(/^DATABASE_URL=postgres:\/\/app:[0-9a-f]{32}@db:5432\/app$/m);
    expect(envFile).toMatch(/^REDIS_URL=redis:\/\/redis:6379\/0$/m);
    expect(envFile).not.toContain("change-me");
    const composeFile = parse(readFileSync(join(stack.dir, "compose.yaml"), "utf8"), { merge: true }) as {
      services: Record<string, { image?: string }>;
    };
    expect(Object.keys(composeFile.services).sort()).toEqual(["db", "migrate", "redis", "web", "worker"]);
  });

  it("serves the site", async () => {
    await stack.json("/stats/");
    expect(await stack.get("/")).toEqual({ status: 200, body: "job board is up" });
  });

  it("runs a job the web process enqueues in the worker", async () => {
    const { id } = JSON.parse((await stack.get("/enqueue/")).body) as { id: number };
    const job = await stack.json<{ runs: number }>(`/jobs/${id}/`, (j) => j.runs > 0);
    expect(job.runs).toBe(1);
  });

  it("with the worker scaled to 2, runs each job exactly once", async () => {
    await stack.compose(["up", "-d", "--no-build", "--no-recreate", "--scale", "worker=2"]);
    const workers = (await stack.compose(["ps", "-q", "worker"])).split("\n").filter(Boolean);
    expect(workers).toHaveLength(2);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((JSON.parse((await stack.get("/enqueue/")).body) as { id: number }).id);
    for (const id of ids) await stack.json<{ runs: number }>(`/jobs/${id}/`, (j) => j.runs > 0);
    // A moment for a second run to land, were a job ever handed out twice.
    await new Promise((r) => setTimeout(r, 2000));
    for (const id of ids)
      expect((JSON.parse((await stack.get(`/jobs/${id}/`)).body) as { runs: number }).runs, `job ${id}`).toBe(1);
  });

  it("applied the migrations once, in the migrate service", async () => {
    expect(await stack.json("/stats/")).toEqual({ jobs_migration_rows: 1 });
    const logs = await stack.compose(["logs", "--no-color"]);
    expect(logs.match(/Applying jobs\.0001_initial/g)).toHaveLength(1);
    expect(logs).toMatch(/migrate[_-]1\s+\|\s+ {2}Applying jobs\.0001_initial/);
  });

  it("a role whose database never answers stops after WAIT_TIMEOUT, saying which", async () => {
    const result = await docker([
      "run",
      "--rm",
      "--name",
      `${stack.project}-wait`,
      "-e",
      "WAIT_TIMEOUT=3",
      "-e",
      "DATABASE_URL=postgres://u:p@nowhere.invalid:5432/x",
      stack.image,
      "worker",
    ]);
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr)).toMatch(/^The database at nowhere\.invalid: not reachable after 3s\. Last error: /m);
  });

  it("is a stack file `docker stack config` accepts, every service with an image", async () => {
    const swarm = await stackConfig(stack.dir, stack.image);
    for (const [name, service] of Object.entries(swarm.services)) expect(service.image, name).toBeTruthy();
    expect(swarm.services.web?.image).toBe(stack.image);
    expect(swarm.services.worker?.deploy?.replicas).toBe(2);
  });

  it("leaves nothing behind after `down -v`", async () => {
    await stack.compose(["down", "-v"]);
    expect(await stack.leftovers()).toEqual([]);
  });
});

/** `docker stack config` with the newer client on PATH: Debian's 20.10 ($DOCKER) refuses a file without `version:`. */
async function stackConfig(dir: string, image: string) {
  const which = await execa("sh", ["-c", "command -v docker"], { reject: false });
  const result = await execa(String(which.stdout).trim() || "docker", ["stack", "config", "-c", "stack.yaml"], {
    cwd: dir,
    env: { IMAGE: image },
    reject: false,
    all: true,
  });
  expect(result.exitCode, String(result.all)).toBe(0);
  return parse(String(result.stdout)) as {
    services: Record<string, { image?: string; deploy?: { replicas?: number }; command?: string[] }>;
  };
}

describe("the Celery fixture's files, read by both engines (no build)", () => {
  it("compose config and docker stack config accept them: worker 2 replicas, beat exactly 1", async () => {
    const dir = copyFixture("celery-beat-postgres");
    const tool = await execa("node", [bin, dir, "--yes"], { reject: false, all: true });
    expect(tool.exitCode, String(tool.all)).toBe(0);
    const [command, ...first] = compose;
    const config = await execa(command!, [...first, "-p", "stack-e2e-celery-config", "-f", "compose.yaml", "config"], {
      cwd: dir,
      reject: false,
      all: true,
    });
    expect(config.exitCode, String(config.all)).toBe(0);
    const composed = parse(String(config.stdout)) as { services: Record<string, { command?: string[] }> };
    expect(composed.services.beat?.command).toEqual(["beat"]);
    const swarm = await stackConfig(dir, "registry.example.com/shop:1");
    for (const [name, service] of Object.entries(swarm.services)) expect(service.image, name).toBeTruthy();
    expect(swarm.services.beat?.deploy?.replicas).toBe(1);
    expect(swarm.services.worker?.deploy?.replicas).toBe(2);
    expect(swarm.services.web?.image).toBe("registry.example.com/shop:1");
  });
});

/**
 * Why the Celery stack cannot run here, or null when it can: the package
 * index the builds use must serve celery[redis] (this machine's mirror lacks
 * two of its dependencies), checked the way the image's pip would install it.
 */
function celeryUnavailable(): string | null {
  const args = [
    "-m",
    "pip",
    "install",
    "--dry-run",
    "--ignore-installed",
    "--quiet",
    "celery[redis]",
    "psycopg2-binary",
  ];
  if (env.pipIndexUrl) args.push("--index-url", env.pipIndexUrl);
  const result = execaSync("python3", args, { reject: false, all: true, timeout: 120_000 });
  if (result.exitCode === 0) return null;
  const reason =
    String(result.all)
      .split("\n")
      .filter((l) => l.startsWith("ERROR"))
      .join(" ") || `pip exited ${result.exitCode}`;
  return `${env.pipIndexUrl || "the package index"} cannot install celery[redis]: ${reason}`;
}

const noCelery = celeryUnavailable();
if (noCelery) console.log(`Skipping the Celery stack end to end: ${noCelery}`);

describe.skipIf(noCelery !== null)("compose.yaml: Celery worker and beat with PostgreSQL and Redis", () => {
  const stack = new Stack("celery");
  beforeAll(() =>
    stack.create("celery-beat-postgres", ["migrate", "web", "worker", "beat"], (dir) => {
      // Every 2 seconds rather than 5 minutes: the test waits for a run.
      const settings = join(dir, "proj/settings.py");
      writeFileSync(settings, readFileSync(settings, "utf8").replace('"schedule": 300.0', '"schedule": 2.0'));
    }),
  );
  afterAll(() => stack.destroy());

  it("serves, and the beat's scheduled task runs in the worker", async () => {
    const page = await stack.until("/", (body) => /[1-9]\d* heartbeats/.test(body), 120);
    expect(page).toMatch(/^0 open carts, [1-9]\d* heartbeats$/);
  });

  it("runs exactly one beat", async () => {
    expect((await stack.compose(["ps", "-q", "beat"])).split("\n").filter(Boolean)).toHaveLength(1);
  });
});

describe("compose.yaml for a SQLite project: the data outlives the containers", () => {
  const stack = new Stack("sqlite");
  beforeAll(() => stack.create("setuppy-basic", ["migrate", "web"], () => {}, ["--compose"]));
  afterAll(() => stack.destroy());
  const shell = (code: string) => stack.compose(["exec", "-T", "web", "django-admin", "shell", "-c", code]);

  it("serves, as the app user, with the database in the app-data volume", async () => {
    await stack.until("/", () => true);
    expect((await stack.compose(["exec", "-T", "web", "id", "-u"])).trim()).toBe("10001");
    await shell("from django.contrib.auth.models import User; User.objects.create(username='kept')");
  });

  it("keeps what was written across `down` and `up`", async () => {
    await stack.compose(["down"]);
    await stack.compose(["up", "-d"]);
    await stack.until("/", () => true);
    const users = await shell(
      "from django.contrib.auth.models import User; print(list(User.objects.values_list('username', flat=True)))",
    );
    expect(users).toContain("['kept']");
  });
});
