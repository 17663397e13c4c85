import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { withSpinner } from "../../src/cli/spinner.js";
import { wrapForLog } from "../../src/cli/wrap.js";
import { CancelledError } from "../../src/errors.js";
import { inspect } from "../../src/inspect/index.js";
import { copyFixture, KEY, managePy, run, snapshotTree, writeTree } from "../helpers.js";

/**
 * Shapes seen in real Django projects that would fail at the first
 * `docker run`, or that already ship Docker files: minimal trees written
 * here in the shape of what was seen, nothing copied from those projects.
 */
const tree = (files: Record<string, string | object>) => writeTree(files, "cdd-runtime-");

const head = `import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = "/static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\nWSGI_APPLICATION = "site_conf.wsgi.application"\n`;
const WHITENOISE = `MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"]\n`;

/** A requirements project whose settings are `head` + `body`. */
function project(body: string, extra: Record<string, string> = {}): string {
  return tree({
    "manage.py": managePy("site_conf.settings"),
    "requirements.txt": "django>=5.1\n",
    "site_conf/__init__.py": "",
    "site_conf/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
    "site_conf/settings.py": head + body,
    ...extra,
  });
}

interface PlanJson {
  data: { sqlite: { where: string; databaseUrl: boolean } | null; media: { where: string } | null };
  unsafe: Array<{ setting: string; variable: string | null; value: string | null }>;
  environment: { pass: Array<{ name: string; value?: string }>; optional: string[] };
  warnings: string[];
  files: Array<{ path: string; action: string }>;
}

async function planOf(dir: string, args: string[] = []): Promise<PlanJson> {
  const result = await run([dir, "--yes", "--dry-run", "--json", ...args]);
  if (result.code !== 0) throw new Error(result.stderr || result.stdout);
  return JSON.parse(result.stdout) as PlanJson;
}

describe("images that would fail at the first docker run", () => {
  it("SQLite and MEDIA_ROOT in the project's folder: the image keeps them in /app/data, and the next steps name the volume", async () => {
    const dir = project(
      `${WHITENOISE}DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}\nMEDIA_ROOT = BASE_DIR / "media"\n`,
    );
    const json = await planOf(dir);
    expect(json.data).toEqual({
      sqlite: { where: "site_conf/settings.py:8", databaseUrl: false },
      media: { where: "site_conf/settings.py:9" },
    });
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/docker run --rm -p 8000:8000 -v \S+-data:\/app\/data /);
    expect(result.stdout).toMatch(/keeps the SQLite database and uploads\s+\(MEDIA_ROOT\)/);
    expect(readFileSync(join(dir, "docker-entrypoint.sh"), "utf8")).toMatch(/# Data: .*SQLite database and uploads/);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain(
      "python /tmp/docker-data.py /app/data /collected/image/app/data",
    );
    expect(readFileSync(join(dir, "docker-data.py"), "utf8")).toMatch(
      /keep the SQLite database and uploads \(MEDIA_ROOT\)/,
    );
  });

  it("a SQLite default that DATABASE_URL can replace says so; an absolute path or a later override is not in the project", async () => {
    const viaUrl = project(
      `${WHITENOISE}import dj_database_url\nDATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}\n`,
    );
    expect((await planOf(viaUrl)).data.sqlite).toEqual({ where: "site_conf/settings.py:9", databaseUrl: true });
    expect((await run([viaUrl, "--yes"])).stdout).toMatch(/Or pass DATABASE_URL to use\s+another database\./);
    const absolute = project(
      `${WHITENOISE}DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/var/lib/site/db.sqlite3"}}\n`,
    );
    expect((await planOf(absolute)).data.sqlite).toBeNull();
    const overridden = project(
      `${WHITENOISE}DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}\nDATABASES["default"] = {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["PGDATABASE"]}\n`,
    );
    const json = await planOf(overridden);
    expect(json.data.sqlite).toBeNull();
    expect(readFileSync(join(overridden, "site_conf/settings.py"), "utf8")).toContain("sqlite3");
  });

  it("a database and a SECRET_KEY chosen in an if on the environment: the SQLite and random fallbacks are found", async () => {
    const dir = project(
      `${WHITENOISE}import random
if "DATABASE_URL" in os.environ:
    import dj_database_url
    DATABASES = {"default": dj_database_url.config()}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE_DIR, "sitedb")}}
` +
        `if "SITE_SECRET" in os.environ:
    SECRET_KEY = os.environ["SITE_SECRET"]
else:
    SECRET_KEY = "".join(random.SystemRandom().choice("abcdef") for _ in range(50))
`,
    );
    const json = await planOf(dir);
    expect(json.data.sqlite).toEqual({ where: "site_conf/settings.py:9", databaseUrl: true });
    expect(json.unsafe.map((u) => [u.setting, u.variable])).toEqual([["SECRET_KEY", "SITE_SECRET"]]);
  });

  it("a per-process random SECRET_KEY and DEBUG on by default are named, with the value that turns DEBUG off", async () => {
    const dir = project(
      `${WHITENOISE}from django.core.management.utils import get_random_secret_key\nSECRET_KEY = os.environ.get("APP_SECRET") or get_random_secret_key()\nDEBUG = os.getenv("APP_DEBUG", "on").lower() in ("on", "1")\n`,
    );
    const json = await planOf(dir);
    expect(json.unsafe.map((u) => [u.setting, u.variable, u.value])).toEqual([
      ["SECRET_KEY", "APP_SECRET", null],
      ["DEBUG", "APP_DEBUG", "False"],
    ]);
    const result = await run([dir, "--yes"]);
    expect(result.stdout).toContain("-e APP_SECRET=... -e APP_DEBUG=False ");
    expect(result.stdout).toMatch(/Secret key\s+SECRET_KEY falls back to a new random key in every process/);
    expect(result.stdout).toMatch(/Debug\s+DEBUG is True unless APP_DEBUG is set/);
    // DEBUG off by default, or read from nowhere but True: the first is fine, the second a warning.
    expect((await planOf(project(`${WHITENOISE}DEBUG = os.environ.get("APP_DEBUG", "0") == "1"\n`))).unsafe).toEqual(
      [],
    );
    expect((await planOf(project(`${WHITENOISE}DEBUG = True\n`))).warnings.join("\n")).toContain(
      "DEBUG is True in these settings",
    );
  });

  it("WhiteNoise added by MIDDLEWARE.insert in production settings, or through a subclass, is found: no warning", async () => {
    const files = {
      "site_conf/production.py": `from .settings import *\nMIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")\n`,
      "site_conf/static_files.py": `from whitenoise.middleware import WhiteNoiseMiddleware\n\nclass CachedStatic(WhiteNoiseMiddleware):\n    pass\n`,
    };
    const base = `MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n`;
    const inserted = project(base, files);
    const warns = (json: PlanJson) => json.warnings.some((w) => w.includes("serves static files"));
    expect(warns(await planOf(inserted, ["--settings", "site_conf.production"]))).toBe(false);
    // The same base alone really serves nothing: the warning is earned there.
    expect(warns(await planOf(inserted, ["--settings", "site_conf.settings"]))).toBe(true);
    const subclass = project(
      `MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "site_conf.static_files.CachedStatic"]\n`,
      files,
    );
    expect(warns(await planOf(subclass))).toBe(false);
  });

  it(".dockerignore keeps a database the project tracks in git, by name, and still leaves local ones out", async () => {
    const dir = project(WHITENOISE, { "search/search.db": "index", "local.db": "mine", "db.sqlite3": "dev" });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    git("add", "search/search.db", "manage.py");
    expect((await run([dir, "--yes"])).code).toBe(0);
    const ignore = readFileSync(join(dir, ".dockerignore"), "utf8");
    expect(ignore).toContain("**/*.db\n");
    expect(ignore).toContain("!search/search.db\n");
    expect(ignore).not.toContain("local.db");
    expect(ignore).not.toContain("!db.sqlite3");
  });
});

describe("projects that already have Docker files", () => {
  const withTheirs = () => {
    const dir = copyFixture("own-dockerfile-sqlite");
    return { dir, theirs: readFileSync(join(dir, "Dockerfile"), "utf8") };
  };

  it("--existing beside writes ours under other names, builds with -f, and copies our entrypoint; a re-run remembers it", async () => {
    const { dir, theirs } = withTheirs();
    const result = await run([dir, "--existing", "beside", "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("you edited it");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(theirs);
    expect(result.stdout).toContain("docker build -f Dockerfile.django -t ");
    const ours = readFileSync(join(dir, "Dockerfile.django"), "utf8");
    expect(ours).toContain("COPY --chmod=0755 docker-entrypoint.django.sh /usr/local/bin/docker-entrypoint.sh");
    expect(ours).toContain("#   docker build -f Dockerfile.django -t ");
    expect(existsSync(join(dir, "Dockerfile.django.dockerignore"))).toBe(true);
    // No flag the second time: the choice is remembered, nothing is asked or changed.
    const before = snapshotTree(dir);
    const again = await run([dir, "--yes"]);
    expect(again.stdout).toMatch(/identical\s+Dockerfile\.django/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--check names unresolved conflict markers, not 'out of date'", async () => {
    const { dir } = withTheirs();
    await run([dir, "--existing", "beside", "--yes"]);
    const path = join(dir, "Dockerfile.django");
    writeFileSync(
      path,
      `${readFileSync(path, "utf8")}<<<<<<< yours\nLABEL a=1\n=======\nLABEL a=2\n>>>>>>> create-django-docker\n`,
    );
    const check = await run([dir, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("Unresolved conflict markers in Dockerfile.django");
    expect(check.stdout).not.toContain("Out of date");
  });

  it("replace keeps theirs as NAME.orig; the interactive question offers the three choices and a name", async () => {
    const { dir, theirs } = withTheirs();
    const replaced = await run([dir, "--existing", "replace", "--yes"]);
    expect(replaced.code).toBe(0);
    expect(readFileSync(join(dir, "Dockerfile.orig"), "utf8")).toBe(theirs);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("Generated by create-django-docker");

    const asked = withTheirs();
    const result = await run(
      [asked.dir],
      [
        // No Python question: their Dockerfile's FROM python:3.11-slim answers it.
        [/already has Dockerfile, docker-entrypoint\.sh, \.dockerignore,/, KEY.enter],
        [/Name of our Dockerfile\?/, `${"\u007f".repeat(6)}prod${KEY.enter}`],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(readFileSync(join(asked.dir, "Dockerfile"), "utf8")).toBe(asked.theirs);
    expect(readFileSync(join(asked.dir, "Dockerfile.prod"), "utf8")).toContain(
      "COPY --chmod=0755 docker-entrypoint.prod.sh",
    );
    // The question comes after the Detected summary, with it in view.
    expect(result.stdout.indexOf("Detected")).toBeLessThan(result.stdout.indexOf("already has Dockerfile"));
  });

  it("the project's own .dockerignore alone is kept and used; our Dockerfile and entrypoint are written", async () => {
    const dir = project(WHITENOISE, { ".dockerignore": "notes/\n" });
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Kept the project's own .dockerignore: the build uses it as it is.");
    expect(readFileSync(join(dir, ".dockerignore"), "utf8")).toBe("notes/\n");
    expect(existsSync(join(dir, "Dockerfile"))).toBe(true);
    expect((await run([dir, "--check"])).code).toBe(0);
  });

  it("a run that exits 1 leaves nothing behind: no stub state file", async () => {
    const { dir } = withTheirs();
    writeFileSync(join(dir, "Dockerfile.django"), "FROM scratch\n");
    const before = snapshotTree(dir);
    const result = await run([dir, "--existing", "beside", "--yes"]);
    expect(result.stdout).toContain(
      "Dockerfile.django is the project's own: create-django-docker did not write it. Nothing was written.",
    );
    expect(result.code).toBe(1);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("questions and the summary", () => {
  it("offers only settings modules Python can import", async () => {
    const dir = project(WHITENOISE, {
      "site_conf/settings/__init__.py": "",
      "site_conf/settings/production.example.py": "DEBUG = False\n",
      "site_conf/settings/prod.py": "",
    });
    const facts = await inspect(dir);
    expect(facts.django.candidates).toContain("site_conf.settings.prod");
    expect(facts.django.candidates.some((c) => c.includes("example"))).toBe(false);
  });

  it("--check says the packaging check was skipped, and why, rather than that nothing is lost", async () => {
    const dir = project(WHITENOISE);
    expect((await run([dir, "--yes"])).code).toBe(0);
    const check = await run([dir, "--check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("The packaging check was skipped: the project is copied into the image whole");
    expect(check.stdout).not.toContain("loses nothing");
  });

  it("lists the variables with fallbacks that matter and counts the rest; --json has them all", async () => {
    const many = Array.from({ length: 30 }, (_, i) => `FEATURE_${i} = os.environ.get("FEATURE_${i}", "")\n`).join("");
    const dir = project(`${WHITENOISE}ALLOWED_HOSTS = os.environ.get("APP_HOSTS", "*").split(",")\n${many}`);
    const result = await run([dir, "--yes"]);
    expect(result.stdout).toMatch(/also reads, with fallbacks: APP_HOSTS and 30 others/);
    expect(result.stdout).not.toContain("FEATURE_7");
    expect((await planOf(dir)).environment.optional).toHaveLength(31);
  });

  it("warnings wrap at word boundaries inside the gutter at 80, 100 and 120 columns", () => {
    const text =
      'Nothing in site_conf.settings serves static files, and gunicorn does not: add "whitenoise.middleware.WhiteNoiseMiddleware" to MIDDLEWARE.\n  - an indented item that is long enough to wrap onto a second line at eighty columns';
    for (const columns of [80, 100, 120]) {
      const lines = wrapForLog(text, columns).split("\n");
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns - 3);
      expect(lines.join(" ").split(/\s+/)).toEqual(text.split(/\s+/));
    }
    expect(wrapForLog(text, 80).split("\n").at(-1)).toMatch(/^ {4}\S/);
  });

  it("keys typed while the project is read are dropped, and a Ctrl-C among them still cancels", async () => {
    const keyboard = Object.assign(new PassThrough(), {
      isTTY: true,
      raw: [] as boolean[],
      setRawMode(on: boolean) {
        keyboard.raw.push(on);
      },
    });
    const out = new PassThrough();
    await withSpinner(
      out,
      "Reading",
      "Read",
      async () => {
        keyboard.write("y\r");
        await new Promise((r) => setTimeout(r, 20));
      },
      keyboard,
    );
    expect(keyboard.raw).toEqual([true, false]);
    expect(keyboard.read()).toBeNull();
    const interrupted = withSpinner(
      out,
      "Reading",
      "Read",
      async () => {
        keyboard.write(KEY.ctrlC);
        await new Promise((r) => setTimeout(r, 1000));
      },
      keyboard,
    );
    await expect(interrupted).rejects.toBeInstanceOf(CancelledError);
  });
});
