import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers.js";
import { build, docker, dockerOk, env, freePort, waitForHttp } from "./docker.js";

// Replicas that start together on one empty PostgreSQL database: the
// generated entrypoint runs `migrate` under an advisory lock, so one replica
// applies every migration while the others wait, then find nothing to apply.
//
// The server comes from E2E_POSTGRES_URL, which test/e2e/postgres-setup.sh
// prints after installing and starting Debian's PostgreSQL (.ci/run runs it).
// Without it the file fails, unless E2E_SKIP_POSTGRES=1 says to skip it.

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
const REPLICAS = 3;
const adminUrl = process.env.E2E_POSTGRES_URL ?? "";
const skip = !adminUrl && process.env.E2E_SKIP_POSTGRES === "1";

// pipenv-app reads DATABASES from DATABASE_URL (dj-database-url); its copy
// gets a PostgreSQL driver in its Pipfile and lock (the mirror's wheel).
const DRIVER = {
  name: "psycopg2-binary",
  lock: {
    hashes: ["sha256:930e7e58b33a4f9c39e7532d7a40147925cf3372baed4229cbebe0cf3ba9ce6b"],
    index: "pypi",
    markers: "python_version >= '3.9'",
    version: "==2.9.13",
  },
};

// A migration that holds the lock until the other replicas queue up behind
// it (or 30 s pass) and prints how many did. It makes the replicas' migrations
// overlap every time: without the lock they would all run it, and the rest,
// at once.
const HOLDING_MIGRATION = `import os
import time

from django.db import migrations


def wait_for_replicas(apps, schema_editor):
    others = int(os.environ.get("E2E_REPLICAS", "1")) - 1
    waiting = 0
    deadline = time.monotonic() + 30
    with schema_editor.connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            waiting = cursor.fetchone()[0]
            if waiting >= others:
                break
            time.sleep(0.2)
    print(f"\\n  e2e: {waiting} replica(s) waiting for the migration lock", flush=True)


class Migration(migrations.Migration):
    dependencies = [("entries", "0001_initial")]
    operations = [migrations.RunPython(wait_for_replicas, migrations.RunPython.noop)]
`;

// SQL through the image's own driver (the host need not have a PostgreSQL client).
const SQL =
  "import json, sys, psycopg2; c = psycopg2.connect(sys.argv[1]); c.autocommit = True; cur = c.cursor(); cur.execute(sys.argv[2]); print(json.dumps(cur.fetchall() if cur.description else None))";

const run = `${process.pid}`;
const tag = `cdd-e2e-postgres:${run}`;
const database = `cdd_e2e_lock_${run}`;
const containers: string[] = [];
let built = false;
let databaseCreated = false;

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function sql(url: string, statement: string): Promise<unknown> {
  return JSON.parse(await dockerOk(["run", "--rm", "--network", "host", tag, "python", "-c", SQL, url, statement]));
}

/** Resolves when something accepts TCP connections on the URL's host and port. */
async function reachable(url: string): Promise<string | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432), timeout: 5000 });
    socket.on("connect", () => {
      socket.destroy();
      resolve(null);
    });
    socket.on("timeout", () => {
      socket.destroy();
      resolve("timed out");
    });
    socket.on("error", (e) => resolve(e.message));
  });
}

describe.skipIf(skip)("replicas starting together on PostgreSQL", () => {
  const logs: string[] = [];
  const pages: { status: number; body: string }[] = [];

  beforeAll(async () => {
    if (!adminUrl) {
      throw new Error(
        'E2E_POSTGRES_URL is not set, so there is no PostgreSQL to test the migration lock against. Run `eval "$(bash test/e2e/postgres-setup.sh)"` first (.ci/run does: it installs and starts Debian\'s postgresql), or set E2E_SKIP_POSTGRES=1 to skip this file on a machine without PostgreSQL.',
      );
    }
    const unreachable = await reachable(adminUrl);
    if (unreachable)
      throw new Error(
        `No PostgreSQL answers at ${new URL(adminUrl).host} (E2E_POSTGRES_URL): ${unreachable}. Run test/e2e/postgres-setup.sh.`,
      );
    const info = await docker(["info", "--format", "{{.ServerVersion}}"]);
    if (info.exitCode !== 0)
      throw new Error(`No Docker engine answers to \`${env.docker} info\`.\n${String(info.all)}`);

    const dir = copyFixture("pipenv-app");
    const pipfile = join(dir, "Pipfile");
    writeFileSync(pipfile, readFileSync(pipfile, "utf8").replace("[packages]\n", `[packages]\n${DRIVER.name} = "*"\n`));
    const lockPath = join(dir, "Pipfile.lock");
    const lock = JSON.parse(readFileSync(lockPath, "utf8")) as { default: Record<string, unknown> };
    lock.default[DRIVER.name] = DRIVER.lock;
    writeFileSync(lockPath, JSON.stringify(lock, null, 4));
    writeFileSync(join(dir, "entries/migrations/0002_wait_for_replicas.py"), HOLDING_MIGRATION);

    const cli = await execa("node", [bin, dir, "--yes"], { reject: false, all: true, env: { NO_COLOR: "1" } });
    if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
    await build(dir, tag);
    built = true;

    await sql(adminUrl, `CREATE DATABASE ${database}`);
    databaseCreated = true;
    const url = databaseUrl(database);

    // All replicas at the same moment, each on its own port.
    const ports = await Promise.all(Array.from({ length: REPLICAS }, () => freePort()));
    const names = ports.map((_, i) => `cdd-e2e-postgres-${run}-${i}`);
    containers.push(...names);
    await Promise.all(
      names.map((name, i) =>
        dockerOk([
          "run",
          "-d",
          "--name",
          name,
          "--network",
          "host",
          "-e",
          `DATABASE_URL=${url}`,
          "-e",
          `PORT=${ports[i]}`,
          "-e",
          "GUNICORN_WORKERS=1",
          "-e",
          `E2E_REPLICAS=${REPLICAS}`,
          tag,
        ]),
      ),
    );
    for (const [i, name] of names.entries()) {
      const response = await waitForHttp(`http://127.0.0.1:${ports[i]}/`, name);
      pages.push({ status: response.status, body: await response.text() });
    }
    for (const name of names) logs.push(String((await docker(["logs", name])).all));
  });

  afterAll(async () => {
    if (containers.length) await docker(["rm", "-f", ...containers]);
    if (databaseCreated) await sql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    if (built) await docker(["rmi", "-f", tag]);
  });

  it("serves the home page from every replica", () => {
    expect(pages).toHaveLength(REPLICAS);
    for (const page of pages) {
      expect(page.status, page.body).toBe(200);
      expect(page.body).toContain("Entries: 0");
    }
  });

  it("applies each migration once: one replica migrates, the others wait and find nothing to apply", () => {
    const all = logs.join("\n----\n");
    expect(all).not.toMatch(/IntegrityError|ProgrammingError|already exists|Traceback/);
    const applying = logs.filter((log) => log.includes("Applying "));
    expect(applying, all).toHaveLength(1);
    // The migrating replica saw the others queued on the advisory lock while it held it.
    expect(applying[0]).toContain(`e2e: ${REPLICAS - 1} replica(s) waiting for the migration lock`);
    expect(
      logs.filter((log) => log.includes("No migrations to apply.")),
      all,
    ).toHaveLength(REPLICAS - 1);
  });

  it("records every migration exactly once in django_migrations", async () => {
    const url = databaseUrl(database);
    const rows = (await sql(url, "SELECT app || '.' || name FROM django_migrations ORDER BY id")) as [string][];
    const recorded = rows.map(([m]) => m);
    expect(new Set(recorded).size, recorded.join("\n")).toBe(recorded.length);
    // The same set as the project's migration plan, all of it applied.
    const plan = await dockerOk([
      "run",
      "--rm",
      "--network",
      "host",
      "-e",
      `DATABASE_URL=${url}`,
      tag,
      "django-admin",
      "showmigrations",
      "--plan",
    ]);
    const planned = plan
      .split("\n")
      .map((line) => /^\[(.)\]\s+(\S+)/.exec(line.trim()))
      .filter((m) => m !== null);
    expect(
      planned.every((m) => m[1] === "X"),
      plan,
    ).toBe(true);
    expect([...recorded].sort()).toEqual(planned.map((m) => m[2]).sort());
    expect(recorded).toContain("entries.0002_wait_for_replicas");
  });
});
