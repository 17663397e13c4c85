import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixture, fixturesDir, KEY, run, snapshotTree } from "../helpers.js";

/** Colour codes (SGR), the part of the escape sequences NO_COLOR is about. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes it matches
const COLOUR = /\u001b\[[0-9;]*m/;

/** The src-layout fixture with no DJANGO_SETTINGS_MODULE default anywhere. */
function withoutSettingsDefault(): string {
  const dir = copyFixture("setupcfg-src-layout");
  for (const file of ["src/manage.py", "src/shop/wsgi.py"]) {
    const path = join(dir, file);
    writeFileSync(path, readFileSync(path, "utf8").replace(/.*setdefault.*\n/, ""));
  }
  return dir;
}

describe("the wizard", () => {
  it("asks for the settings module only when none is set, preselecting the production one", async () => {
    const dir = withoutSettingsDefault();
    const result = await run(
      [dir],
      [
        [/Which settings module/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    expect(out).toContain("shop.settings.base");
    expect(out).toContain("shop.settings.local");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("DJANGO_SETTINGS_MODULE=shop.settings.production");
  });

  it("takes another settings module chosen with the arrow keys", async () => {
    const dir = withoutSettingsDefault();
    const result = await run(
      [dir],
      [
        [/Which settings module/, `${KEY.down}${KEY.enter}`],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    // production is preselected; one down wraps round to the first option.
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("DJANGO_SETTINGS_MODULE=shop.settings.base");
  });

  it("asks the Python version when the project does not pin one, Enter accepting the oldest that python_requires allows", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.10-slim");
  });

  it("Ctrl-C at the first prompt: one cancelled line, exit 130, nothing written", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    const result = await run([dir], [[/Which Python version/, KEY.ctrlC]]);
    expect(result.code).toBe(130);
    expect(stripVTControlCharacters(result.stdout)).toContain("Cancelled: nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("answering no to 'Write these files?' writes nothing", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    const result = await run([dir, "--python-version", "3.12"], [[/Write these files\?/, `${KEY.down}${KEY.enter}`]]);
    expect(result.code).toBe(130);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("runs the packaging check behind a spinner only when there is something to check", async () => {
    const copied = await run(
      [copyFixture("requirements-settings-package"), "--python-version", "3.12"],
      [[/Write these files\?/, KEY.enter]],
    );
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain("Packaging check skipped");
    expect(copied.stdout).not.toMatch(/Check(ed|ing) what installing the project keeps/);
    const installed = await run(
      [copyFixture("setuppy-basic"), "--python-version", "3.12"],
      [[/Write these files\?/, KEY.enter]],
    );
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain("Checked what installing the project keeps");
  });

  it("shows the diff of an edited file and can write the new version beside it", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes"])).code).toBe(0);
    appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
    const edited = readFileSync(join(dir, "Dockerfile"), "utf8");
    const result = await run(
      [dir, "--python-version", "3.13"],
      [
        [/Write these files\?/, KEY.enter],
        [/What should happen to Dockerfile\?/, `${KEY.down}${KEY.enter}`],
      ],
    );
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    expect(out).toContain("-LABEL team=web");
    expect(out).toContain("+ARG PYTHON_IMAGE=python:3.13-slim");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(edited);
    expect(readFileSync(join(dir, "Dockerfile.new"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
    expect(existsSync(join(dir, "docker-entrypoint.sh"))).toBe(true);
  });

  it("several projects: asks which one first, then reads and writes only that one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-two-"));
    for (const name of ["blog", "shop"])
      cpSync(join(fixturesDir, "setuppy-basic"), join(dir, name), { recursive: true });
    const blogBefore = snapshotTree(join(dir, "blog"));
    const result = await run(
      [dir],
      [
        [/Which one\?/, `${KEY.down}${KEY.enter}`],
        [/Which Python version/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    expect(out).toContain(`Found 2 Django projects under ${dir}. Which one?`);
    expect(out).toContain("blog/manage.py");
    // The choice comes before the project is read.
    expect(out.indexOf("Which one?")).toBeLessThan(out.indexOf("Reading the project"));
    expect(existsSync(join(dir, "shop", "Dockerfile"))).toBe(true);
    expect(snapshotTree(join(dir, "blog"))).toEqual(blogBefore);
  });

  it("Ctrl-C at the choice of project: exit 130, nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-two-"));
    for (const name of ["blog", "shop"])
      cpSync(join(fixturesDir, "setuppy-basic"), join(dir, name), { recursive: true });
    const before = snapshotTree(dir);
    const result = await run([dir], [[/Which one\?/, KEY.ctrlC]]);
    expect(result.code).toBe(130);
    expect(stripVTControlCharacters(result.stdout)).toContain("Cancelled: nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("a broken settings file is reported before any question", async () => {
    const dir = copyFixture("setuppy-basic");
    appendFileSync(join(dir, "mysite", "settings.py"), "X = [\n");
    const result = await run([dir], [[/Which Python version/, KEY.enter]]);
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(1);
    expect(out).toMatch(/mysite\/settings.py:\d+ has a syntax error/);
    expect(out).not.toContain("Which Python version");
  });

  it("the summary gives each finding with its reason, within 80 columns", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await run(
      [dir],
      [
        [/Which Python version/, `${"\u007f".repeat(4)}3.13${KEY.enter}`],
        [/Write these files\?/, KEY.enter],
      ],
    );
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    for (const line of [
      `Project       ${dir} (manage.py and setup.py)`,
      "Settings      mysite.settings (the default in manage.py)",
      "Server        gunicorn mysite.wsgi:application",
      "(WSGI_APPLICATION, mysite/settings.py:47)",
      "Python        3.13, python:3.13-slim (your answer)",
      "Static files  collected into STATIC_ROOT (mysite/settings.py:63)",
      "Translations  compiled: polls/locale",
    ]) {
      expect(out).toContain(line);
    }
    const note = out.slice(out.indexOf("Detected"), out.indexOf("╯") + 1);
    expect(note.split("\n").length).toBeGreaterThan(8);
    for (const line of note.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("the summary names the Debian packages the image gets, and why", async () => {
    const dir = copyFixture("setuppy-basic");
    const setupPy = join(dir, "setup.py");
    writeFileSync(setupPy, readFileSync(setupPy, "utf8").replace('"sqlparse"', '"sqlparse", "psycopg2>=2.9"'));
    const result = await run([dir, "--yes", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /apt packages {2}build: build-essential libpq-dev; run: libpq5[\s│]+\(psycopg2 is compiled\)/,
    );
  });

  describe("colour", () => {
    afterEach(() => {
      delete process.env.NO_COLOR;
    });

    it("is used on a terminal", async () => {
      const result = await run(
        [copyFixture("setuppy-basic"), "--python-version", "3.12"],
        [[/Write these files\?/, KEY.enter]],
      );
      expect(result.stdout).toMatch(COLOUR);
    });

    it("is never used with NO_COLOR set, prompts included", async () => {
      process.env.NO_COLOR = "1";
      const result = await run(
        [copyFixture("setuppy-basic")],
        [
          [/Which Python version/, KEY.enter],
          [/Write these files\?/, KEY.enter],
        ],
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Next:");
      expect(result.stdout).not.toMatch(COLOUR);
    });
  });
});

describe("without a terminal", () => {
  it("asks nothing, says so, and uses what --yes would", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await run([dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "No terminal to ask questions in: using detected values and defaults, as --yes does.",
    );
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.10-slim");
  });
});

describe("choosing the settings module for an image", () => {
  it("prefers the production module when manage.py defaults to the development one", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    for (const file of ["src/manage.py", "src/shop/wsgi.py"]) {
      const path = join(dir, file);
      writeFileSync(path, readFileSync(path, "utf8").replace("shop.settings.production", "shop.settings.local"));
    }
    const result = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).settingsModule).toBe("shop.settings.production");
    const shown = await run([dir, "--yes", "--dry-run"]);
    expect(stripVTControlCharacters(shown.stdout)).toMatch(/manage\.py defaults to shop\.settings\.local/);
  });

  it("keeps manage.py's default when there is no production sibling", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    rmSync(join(dir, "src/shop/settings/production.py"));
    for (const file of ["src/manage.py", "src/shop/wsgi.py"]) {
      const path = join(dir, file);
      writeFileSync(path, readFileSync(path, "utf8").replace("shop.settings.production", "shop.settings.local"));
    }
    const result = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(JSON.parse(result.stdout).settingsModule).toBe("shop.settings.local");
  });
});

describe("the wizard and a front-end build whose output nothing names", () => {
  /** A project whose build script writes where only its own code knows. */
  function unnamedOutput(): string {
    const dir = copyFixture("npm-esbuild");
    const settings = join(dir, "shop/settings.py");
    writeFileSync(settings, readFileSync(settings, "utf8").replace('BASE_DIR / "static_build"', 'BASE_DIR / "static"'));
    cpSync(join(dir, "assets"), join(dir, "static"), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    manifest.scripts = { build: "node tools/bundle.mjs" };
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    return dir;
  }

  it("asks where it writes, Enter taking the folders the settings read, and asks once", async () => {
    const dir = unnamedOutput();
    const result = await run(
      [dir, "--python-version", "3.11"],
      [
        [/Where does package\.json's build script write\?/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code, result.stdout).toBe(0);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("COPY static /src/static/\nRUN npm run build");
    expect(dockerfile).toContain("--mount=type=bind,from=frontend,source=/src/static,target=static");
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toContain("frontendOutputs=static");
    // Remembered: the next run asks nothing about it.
    const again = await run([dir, "--python-version", "3.11"], [[/Write these files\?|Where does/, KEY.enter]]);
    expect(stripVTControlCharacters(again.stdout)).not.toContain("Where does");
  });

  it("takes the folders typed instead", async () => {
    const dir = unnamedOutput();
    const result = await run(
      [dir, "--python-version", "3.11"],
      [
        [/Where does package\.json's build script write\?/, `${"\u007f".repeat(6)}static/gen ./out/${KEY.enter}`],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code, result.stdout).toBe(0);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("source=/src/static/gen,target=static/gen");
    expect(dockerfile).toContain("source=/src/out,target=out");
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toContain("frontendOutputs=static/gen out");
  });
});
