import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ask } from "../../src/ask/index.js";
import { inspect } from "../../src/inspect/index.js";
import { templatesDir } from "../../src/paths.js";
import { makePlan } from "../../src/plan/index.js";
import { render } from "../../src/render/index.js";
import { copyFixture, fixtureNames, fixturesDir, KEY, run } from "../helpers.js";

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  deploy?: { replicas?: number };
  healthcheck?: { test: string[] };
  volumes?: string[];
  env_file?: string;
}
interface ComposeFile {
  version?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const SCHEDULE = /CELERY_BEAT_SCHEDULE = \{\n.*\n\}\n/;

async function plan(dir: string, ...flags: string[]) {
  const result = await run([dir, "--yes", "--dry-run", "--json", ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    processes: Record<string, string>;
    services: string[];
    files: { path: string }[];
  };
}

function yamlOf(dir: string, file: string): ComposeFile {
  return parse(readFileSync(join(dir, file), "utf8"), { merge: true }) as ComposeFile;
}

/** The same checks for any generated compose or stack file: what either engine would refuse or get wrong. */
function expectSound(file: ComposeFile, name: string, swarm: boolean): void {
  expect(file.version, `${name}: no version key (Compose Specification)`).toBeUndefined();
  for (const [service, s] of Object.entries(file.services)) {
    expect(s.image, `${name}: ${service} names its image`).toBeTruthy();
    if (swarm)
      expect(
        s.depends_on,
        `${name}: ${service} has no depends_on (docker stack deploy refuses conditions)`,
      ).toBeUndefined();
    for (const needed of Object.keys(s.depends_on ?? {}))
      expect(Object.keys(file.services), `${name}: ${service} depends on ${needed}`).toContain(needed);
    for (const volume of s.volumes ?? [])
      expect(Object.keys(file.volumes ?? {}), `${name}: volume of ${service}`).toContain(volume.split(":")[0]);
  }
  if (file.services.beat) expect(swarm ? file.services.beat.deploy?.replicas : 1).toBe(1);
}

describe("processes and backing services", () => {
  it("Celery: a worker and a beat from the app module, PostgreSQL and Redis from the settings", async () => {
    const json = await plan(join(fixturesDir, "celery-beat-postgres"));
    expect(json.processes).toEqual({
      web: "gunicorn proj.wsgi:application",
      worker: "celery -A proj worker --loglevel=info",
      beat: "celery -A proj beat --loglevel=info --schedule /tmp/celerybeat-schedule",
    });
    expect(json.services).toEqual(["postgres", "redis"]);
  });

  it("django-celery-beat: beat uses its database scheduler, even without a schedule in the settings", async () => {
    const dir = copyFixture("celery-beat-postgres");
    const settings = join(dir, "proj/settings.py");
    writeFileSync(
      settings,
      readFileSync(settings, "utf8").replace(SCHEDULE, "").replace('"shop",', '"shop",\n    "django_celery_beat",'),
    );
    const json = await plan(dir);
    expect(json.processes.beat).toBe(
      "celery -A proj beat --loglevel=info --scheduler django_celery_beat.schedulers:DatabaseScheduler",
    );
  });

  it("no beat without a schedule; a Procfile's lines win over what is detected", async () => {
    const dir = copyFixture("celery-beat-postgres");
    const settings = join(dir, "proj/settings.py");
    writeFileSync(settings, readFileSync(settings, "utf8").replace(SCHEDULE, ""));
    expect(Object.keys((await plan(dir)).processes)).toEqual(["web", "worker"]);
    writeFileSync(
      join(dir, "Procfile"),
      "web: gunicorn proj.wsgi --log-file -\nworker: celery -A proj worker -Q high,default\nrelease: python manage.py migrate\n",
    );
    expect((await plan(dir)).processes).toEqual({
      web: "gunicorn proj.wsgi --log-file -",
      worker: "celery -A proj worker -Q high,default",
    });
  });

  it("django-rq: an rqworker for the queues RQ_QUEUES lists, and Redis", async () => {
    const dir = copyFixture("celery-beat-postgres");
    rmSync(join(dir, "proj/celery.py"));
    writeFileSync(join(dir, "proj/__init__.py"), "");
    writeFileSync(join(dir, "requirements.txt"), "Django>=4.2\ndjango-rq>=2.10\n");
    const settings = join(dir, "proj/settings.py");
    const text = readFileSync(settings, "utf8")
      .replace(SCHEDULE, "")
      .replace(/^CELERY.*$/gm, "");
    writeFileSync(
      settings,
      `${text}\nRQ_QUEUES = {"default": {"URL": "redis://localhost:6379/0"}, "high": {"URL": "redis://localhost:6379/0"}}\n`,
    );
    const json = await plan(dir);
    expect(json.processes.worker).toBe("django-admin rqworker default high");
    expect(json.services).toEqual(["postgres", "redis"]);
  });

  it("settings split over star-imported modules: their django-environ reads are found and wired", async () => {
    const dir = copyFixture("celery-beat-postgres");
    const settings = join(dir, "proj/settings.py");
    const text = readFileSync(settings, "utf8").replace(/^CELERY_(BROKER_URL|RESULT_BACKEND) = .*$/gm, "");
    writeFileSync(settings, `${text}\nfrom proj.parts.broker import *  # noqa\n`);
    mkdirSync(join(dir, "proj/parts"));
    writeFileSync(join(dir, "proj/parts/__init__.py"), "");
    writeFileSync(
      join(dir, "proj/parts/broker.py"),
      'import environ\n\nenv = environ.Env()\nCELERY_BROKER_URL = env("BROKER_URL", default="redis://localhost:6379/0")\n',
    );
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(readFileSync(join(dir, ".env.example"), "utf8")).toContain(
      "# redis url, read at proj/parts/broker.py:4\nBROKER_URL=redis://redis:6379/0\n",
    );
  });

  it("a project with its own docker-compose.yml gets no compose.yaml unless asked; a broker that is not Redis is named", async () => {
    const dir = copyFixture("celery-beat-postgres");
    writeFileSync(join(dir, "docker-compose.yml"), "services:\n  db:\n    image: postgres:16\n");
    expect((await plan(dir)).files.map((f) => f.path)).not.toContain("compose.yaml");
    const settings = join(dir, "proj/settings.py");
    writeFileSync(
      settings,
      readFileSync(settings, "utf8").replace(/redis:\/\/localhost:6379\/\d/g, "amqp://guest:guest@localhost//"),
    );
    writeFileSync(join(dir, "requirements.txt"), "Django>=4.2\ncelery>=5.3\npsycopg2-binary>=2.9\n");
    const result = await run([dir, "--yes", "--dry-run", "--compose"]);
    expect(result.stdout).toContain("does not point Celery at Redis");
  });

  it("MySQL: its official image, healthcheck and variables, wired to the names the settings read", async () => {
    const dir = copyFixture("celery-beat-postgres");
    const settings = join(dir, "proj/settings.py");
    writeFileSync(
      settings,
      readFileSync(settings, "utf8")
        .replace("django.db.backends.postgresql", "django.db.backends.mysql")
        .replace('"5432"', '"3306"'),
    );
    writeFileSync(join(dir, "requirements.txt"), "Django>=4.2\ncelery[redis]>=5.3\nmysqlclient>=2.2\n");
    expect((await plan(dir)).services).toEqual(["mysql", "redis"]);
    expect((await run([dir, "--yes"])).code).toBe(0);
    const db = yamlOf(dir, "compose.yaml").services.db!;
    expect(db.image).toMatch(/^mysql:\d/);
    expect(db.healthcheck?.test.join(" ")).toContain("mysqladmin ping");
    const env = readFileSync(join(dir, ".env"), "utf8");
    expect(env).toMatch(/^DB_PORT=3306$/m);
    expect(/^DB_PASSWORD=(.*)$/m.exec(env)?.[1]).toBe(/^MYSQL_PASSWORD=(.*)$/m.exec(env)?.[1]);
  });

  it("Channels: a runworker role for the background channels a ChannelNameRouter routes", async () => {
    const dir = copyFixture("celery-beat-postgres");
    writeFileSync(
      join(dir, "proj/asgi.py"),
      'from channels.routing import ChannelNameRouter, ProtocolTypeRouter\nfrom django.core.asgi import get_asgi_application\n\nfrom shop import consumers\n\napplication = ProtocolTypeRouter({\n    "http": get_asgi_application(),\n    "channel": ChannelNameRouter({\n        "thumbnails": consumers.Thumbnails.as_asgi(),\n        "mail-out": consumers.Mail.as_asgi(),\n    }),\n})\n',
    );
    expect((await plan(dir)).processes.channels).toBe("django-admin runworker thumbnails mail-out");
  });

  it("a Procfile web line running uWSGI, which the image leaves out, does not replace the server", async () => {
    const dir = copyFixture("requirements-settings-package");
    writeFileSync(join(dir, "Procfile"), "web: uwsgi --ini etc/uwsgi.ini\n");
    appendFileSync(join(dir, "requirements", "base.txt"), "uWSGI==2.0.28\n");
    const json = await plan(dir);
    expect(json.processes.web).toMatch(/^gunicorn /);
  });

  it("a plain project: web only, no services, and no compose file unless asked", async () => {
    const json = await plan(join(fixturesDir, "setuppy-basic"));
    expect(Object.keys(json.processes)).toEqual(["web"]);
    expect(json.services).toEqual([]);
    expect(json.files.map((f) => f.path)).not.toContain("compose.yaml");
    expect((await plan(join(fixturesDir, "setuppy-basic"), "--compose")).files.map((f) => f.path)).toContain(
      "compose.yaml",
    );
  });
});

describe("compose.yaml, stack.yaml and .env", () => {
  it("every fixture's compose and stack files parse as YAML, with images, known dependencies and volumes", async () => {
    for (const fixture of fixtureNames) {
      const facts = await inspect(join(fixturesDir, fixture));
      const options = {
        dir: "",
        yes: true,
        dryRun: false,
        json: false,
        force: false,
        check: false,
        debug: false,
        compose: true,
      };
      const answers = await ask(facts, options, {
        input: new PassThrough(),
        output: new PassThrough(),
        interactive: false,
      });
      const files = Object.fromEntries(
        render(makePlan(facts, answers, "0.0.0-test"), templatesDir).map((f) => [f.path, f.content]),
      );
      for (const name of ["compose.yaml", "stack.yaml"]) {
        expectSound(parse(files[name]!, { merge: true }) as ComposeFile, `${fixture}/${name}`, name === "stack.yaml");
      }
    }
  }, 120_000);

  it("a SQLite project's compose services share a volume where the database and uploads live", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes", "--compose"])).code).toBe(0);
    const compose = yamlOf(dir, "compose.yaml");
    for (const name of ["migrate", "web"]) expect(compose.services[name]?.volumes).toEqual(["app-data:/app/data"]);
    expect(Object.keys(compose.volumes ?? {})).toContain("app-data");
    expect(Object.keys(yamlOf(dir, "stack.yaml").volumes ?? {})).not.toContain("app-data");
  });

  it("Celery: worker and beat from the project's image, after the migrations and the healthy services", async () => {
    const dir = copyFixture("celery-beat-postgres");
    expect((await run([dir, "--yes"])).code).toBe(0);
    const compose = yamlOf(dir, "compose.yaml");
    expect(Object.keys(compose.services).sort()).toEqual(["beat", "db", "migrate", "redis", "web", "worker"]);
    expect(compose.services.worker).toMatchObject({ command: ["worker"], image: compose.services.web!.image });
    expect(compose.services.beat?.depends_on).toEqual({
      migrate: { condition: "service_completed_successfully" },
      db: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
    });
    expect(compose.services.db?.healthcheck?.test.join(" ")).toContain("pg_isready");
    expect(compose.services.db?.volumes).toEqual(["db-data:/var/lib/postgresql/data"]);
    expect(readFileSync(join(dir, "compose.yaml"), "utf8")).toMatch(/Exactly one beat.*\n.*Never scale it/);
    const stack = yamlOf(dir, "stack.yaml");
    expect(stack.services.beat?.deploy?.replicas).toBe(1);
    expect(stack.services.worker?.deploy?.replicas).toBe(2);
  });

  it("the first .env wires the variables the settings read, with generated secrets; a second run keeps it", async () => {
    const dir = copyFixture("celery-beat-postgres");
    mkdirSync(join(dir, ".git"));
    const first = await run([dir, "--yes"]);
    expect(first.stdout).toContain(".env added to .gitignore");
    const env = readFileSync(join(dir, ".env"), "utf8");
    const value = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(env)?.[1];
    expect(value("DB_HOST")).toBe("db");
    expect(value("DB_PASSWORD")).toMatch(/^[0-9a-f]{32}$/);
    expect(value("POSTGRES_PASSWORD")).toBe(value("DB_PASSWORD"));
    expect(value("DB_USER")).toBe(value("POSTGRES_USER"));
    expect(value("CELERY_BROKER_URL")).toBe("redis://redis:6379/0");
    expect(value("DJANGO_SECRET_KEY")).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^\.env$/m);
    expect(readFileSync(join(dir, ".env.example"), "utf8")).toMatch(/^DJANGO_SECRET_KEY=change-me$/m);
    for (const file of ["compose.yaml", "stack.yaml", "Dockerfile"])
      expect(readFileSync(join(dir, file), "utf8")).not.toContain(value("DB_PASSWORD"));

    writeFileSync(join(dir, ".env"), "DJANGO_SECRET_KEY=mine\n");
    const second = await run([dir, "--yes"]);
    expect(second.code).toBe(0);
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe("DJANGO_SECRET_KEY=mine\n");
    expect(readFileSync(join(dir, ".gitignore"), "utf8").match(/^\.env$/gm)).toHaveLength(1);
    expect((await run([dir, "--check"])).code).toBe(0);
  });

  it("the project's own .env.example is kept, and the rest of the stack is still written", async () => {
    const dir = copyFixture("celery-beat-postgres");
    writeFileSync(join(dir, ".env.example"), "FOO=1\n");
    const result = await run([dir, "--yes"]);
    expect(result.code, result.stdout).toBe(0);
    expect(readFileSync(join(dir, ".env.example"), "utf8")).toBe("FOO=1\n");
    for (const file of ["Dockerfile", "compose.yaml", "stack.yaml"]) expect(existsSync(join(dir, file))).toBe(true);
    expect(result.stdout).toContain("Kept the project's own .env.example");
    expect((await run([dir, "--check"])).code).toBe(0);
  });

  it("the wizard asks, yes by default, naming what it found; a no is remembered", async () => {
    const dir = copyFixture("celery-beat-postgres");
    const result = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Write compose\.yaml for the whole stack \(web, worker, beat, postgres, redis\)\?/, `\u001b[C${KEY.enter}`],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code, result.stdout).toBe(0);
    // Asked with the Detected summary, which names the processes and services, already on screen.
    expect(result.stdout.indexOf("Detected")).toBeGreaterThan(-1);
    expect(result.stdout.indexOf("Detected")).toBeLessThan(result.stdout.indexOf("Write compose.yaml"));
    expect(existsSync(join(dir, "compose.yaml"))).toBe(false);
    expect(existsSync(join(dir, ".env"))).toBe(false);
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toMatch(/^compose=no$/m);
  });

  it("--no-compose is remembered; the compose file is then not written again", async () => {
    const dir = copyFixture("celery-beat-postgres");
    expect((await run([dir, "--yes", "--no-compose"])).code).toBe(0);
    expect(existsSync(join(dir, "compose.yaml"))).toBe(false);
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toMatch(/^compose=no$/m);
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(existsSync(join(dir, "compose.yaml"))).toBe(false);
  });

  it("a user's edit to compose.yaml is merged with a new version, and --check sees a stale one", async () => {
    const dir = copyFixture("celery-beat-postgres");
    expect((await run([dir, "--yes"])).code).toBe(0);
    const path = join(dir, "compose.yaml");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace(
        "  redis:\n    image: redis:7\n",
        '  redis:\n    image: redis:7\n    command: ["redis-server", "--save", ""]\n',
      ),
    );
    const settings = join(dir, "proj/settings.py");
    writeFileSync(settings, readFileSync(settings, "utf8").replace(SCHEDULE, ""));
    expect((await run([dir, "--check"])).code).toBe(1);
    expect((await run([dir, "--yes"])).code).toBe(0);
    const merged = readFileSync(path, "utf8");
    expect(merged).toContain('command: ["redis-server", "--save", ""]');
    expect(yamlOf(dir, "compose.yaml").services.beat).toBeUndefined();
  });
});

describe("the entrypoint's roles", () => {
  /** Runs the generated entrypoint with `python` and `celery` stubbed: each prints what it was asked to do. */
  async function entrypoint(dir: string, args: string[], env: Record<string, string> = {}) {
    const bin = mkdtempSync(join(tmpdir(), "cdd-stub-"));
    writeFileSync(join(bin, "python"), '#!/bin/sh\ncat > /dev/null\necho "prepare migrate=$MIGRATE"\n');
    writeFileSync(join(bin, "celery"), '#!/bin/sh\necho "celery $*"\n');
    writeFileSync(join(bin, "gunicorn"), '#!/bin/sh\necho "gunicorn $1"\n');
    for (const stub of ["python", "celery", "gunicorn"]) chmodSync(join(bin, stub), 0o755);
    const result = await execa("sh", [join(dir, "docker-entrypoint.sh"), ...args], {
      env: { PATH: `${bin}:${process.env.PATH}`, ...env },
      reject: false,
    });
    return { code: result.exitCode, lines: String(result.stdout).split("\n") };
  }

  it("web migrates then serves; migrate migrates and exits; worker and beat wait but never migrate; other commands run", async () => {
    const dir = copyFixture("celery-beat-postgres");
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(await entrypoint(dir, [])).toEqual({
      code: 0,
      lines: ["prepare migrate=1", "gunicorn proj.wsgi:application"],
    });
    expect(await entrypoint(dir, ["web"], { DJANGO_MIGRATE: "0" })).toEqual({
      code: 0,
      lines: ["prepare migrate=0", "gunicorn proj.wsgi:application"],
    });
    expect(await entrypoint(dir, ["migrate"])).toEqual({ code: 0, lines: ["prepare migrate=1"] });
    expect(await entrypoint(dir, ["worker", "--concurrency=2"])).toEqual({
      code: 0,
      lines: ["prepare migrate=0", "celery -A proj worker --loglevel=info --concurrency=2"],
    });
    expect((await entrypoint(dir, ["beat"])).lines).toEqual([
      "prepare migrate=0",
      "celery -A proj beat --loglevel=info --schedule /tmp/celerybeat-schedule",
    ]);
    expect(await entrypoint(dir, ["echo", "hello"])).toEqual({ code: 0, lines: ["hello"] });
  });
});
