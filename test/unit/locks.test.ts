import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { LOCK_READERS } from "../../src/inspect/locks.js";
import { readPyproject } from "../../src/inspect/pyproject.js";
import { readRequiresTxt } from "../../src/inspect/setup-py.js";
import { templatesDir } from "../../src/paths.js";
import { PIPFILE_LOCK, POETRY_LOCK, POETRY_LOCK_REAL, UV_LOCK, UV_LOCK_REAL } from "../lock-samples.js";

/** Runs a converter as the Dockerfile runs the generated helper, in a folder holding only the lock. */
async function convert(
  converter: string,
  file: string,
  content: string,
  env: Record<string, string> = {},
): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "cdd-lock-"));
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), content);
  writeFileSync(
    join(dir, "docker-requirements.py"),
    readFileSync(join(templatesDir, "lock-converters", `${converter}.py`), "utf8"),
  );
  const result = await execa("python3", ["docker-requirements.py"], { cwd: dir, env });
  return result.stdout.split("\n").filter(Boolean);
}

describe("lock files become the list the image installs", () => {
  it("uv.lock: the project's run-time graph, with markers, without dev dependencies or the project", async () => {
    expect(await convert("uv", "uv.lock", UV_LOCK)).toEqual([
      "asgiref==3.8.1",
      "django==5.1.4",
      "sqlparse==0.5.3",
      "tzdata==2024.2; (sys_platform == 'win32')",
    ]);
  });

  it("uv.lock from a real project: git kept at its commit, two entries of one name each with its own marker", async () => {
    expect(await convert("uv", "uv.lock", UV_LOCK_REAL)).toEqual([
      "django==5.1.4",
      "django-extra-fields @ git+https://github.com/example/django-extra-fields@3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f",
      "tagging @ git+https://github.com/example/monorepo@0123456789abcdef0123456789abcdef01234567#subdirectory=tagging; (python_version >= '3.11')",
      "torch==2.5.1; (sys_platform == 'darwin')",
      "torch @ https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl; (sys_platform == 'linux')",
    ]);
  });

  it("poetry.lock from a real project: git at its resolved commit and subdirectory; a second index named for pip", async () => {
    expect(await convert("poetry", "poetry.lock", POETRY_LOCK_REAL)).toEqual([
      "django==5.1.4",
      "shop-theme @ git+https://github.com/example/monorepo.git@89abcdef0123456789abcdef0123456789abcdef#subdirectory=theme",
      "torch==2.5.1+cpu",
    ]);
    const dir = mkdtempSync(join(tmpdir(), "cdd-lock-"));
    writeFileSync(join(dir, "poetry.lock"), POETRY_LOCK_REAL);
    expect(LOCK_READERS.poetry(dir, "poetry.lock").indexes).toEqual(["https://download.pytorch.org/whl/cpu"]);
    writeFileSync(join(dir, "uv.lock"), UV_LOCK_REAL);
    expect(LOCK_READERS.uv(dir, "uv.lock").indexes).toEqual(["https://download.pytorch.org/whl/cpu"]);
  });

  it("poetry.lock: the main group only", async () => {
    expect(await convert("poetry", "poetry.lock", POETRY_LOCK)).toEqual([
      "asgiref==3.8.1",
      "django==5.1.4",
      'tzdata==2024.2; sys_platform == "win32"',
    ]);
  });

  it("Pipfile.lock: [default] only, without the project's editable path", async () => {
    expect(await convert("pipenv", "Pipfile.lock", PIPFILE_LOCK)).toEqual([
      "asgiref==3.8.1",
      "django==5.1.4",
      "tzdata==2024.2; sys_platform == 'win32'",
    ]);
  });

  it("inspection reads the same packages and the lock's Python version", () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-lock-"));
    writeFileSync(join(dir, "Pipfile.lock"), PIPFILE_LOCK);
    expect(LOCK_READERS.pipenv(dir, "Pipfile.lock")).toEqual({
      packages: ["asgiref==3.8.1", "django==5.1.4", "tzdata==2024.2"],
      requiresPython: "==3.11.*",
      optional: { extras: {}, groups: { develop: ["pytest==8.3.4"] } },
      indexes: [],
    });
    writeFileSync(join(dir, "uv.lock"), UV_LOCK);
    expect(LOCK_READERS.uv(dir, "uv.lock").requiresPython).toBe(">=3.11");
  });
});

describe("extras and groups chosen in the wizard join the list", () => {
  it("uv.lock: an extra and a dev group of the project", async () => {
    expect(await convert("uv", "uv.lock", UV_LOCK, { DEPENDENCY_EXTRAS: "test" })).toContain("pytest-django==4.9.0");
    expect(await convert("uv", "uv.lock", UV_LOCK, { DEPENDENCY_GROUPS: "dev" })).toContain("pytest-django==4.9.0");
  });

  it("poetry.lock: an extra brings its optional package and what that needs; a group its packages", async () => {
    const withExtra = await convert("poetry", "poetry.lock", POETRY_LOCK, { DEPENDENCY_EXTRAS: "postgres" });
    expect(withExtra).toEqual(expect.arrayContaining(["psycopg==3.2.3", "typing-extensions==4.12.2"]));
    expect(withExtra).not.toContain("pytest==8.3.4");
    const withGroup = await convert("poetry", "poetry.lock", POETRY_LOCK, { DEPENDENCY_GROUPS: "dev" });
    expect(withGroup).toContain("pytest==8.3.4");
    expect(withGroup).not.toContain("psycopg==3.2.3");
  });

  it("Pipfile.lock: a category such as develop", async () => {
    expect(await convert("pipenv", "Pipfile.lock", PIPFILE_LOCK, { DEPENDENCY_GROUPS: "develop" })).toContain(
      "pytest==8.3.4",
    );
  });

  it("pyproject.toml: optional-dependencies and PEP 735 groups, include-group followed", async () => {
    const pyproject = `[project]
name = "site"
dependencies = ["Django>=5"]
[project.optional-dependencies]
s3 = ["boto3"]
[dependency-groups]
lint = ["ruff"]
ci = [{include-group = "lint"}, "coverage"]
`;
    expect(await convert("pyproject", "pyproject.toml", pyproject)).toEqual(["Django>=5"]);
    expect(
      await convert("pyproject", "pyproject.toml", pyproject, { DEPENDENCY_EXTRAS: "s3", DEPENDENCY_GROUPS: "ci" }),
    ).toEqual(["Django>=5", "boto3", "ruff", "coverage"]);
    const dir = mkdtempSync(join(tmpdir(), "cdd-pyproject-"));
    writeFileSync(join(dir, "pyproject.toml"), pyproject);
    expect(readPyproject(dir)).toMatchObject({
      extras: { s3: ["boto3"] },
      groups: { lint: ["ruff"], ci: ["ruff", "coverage"] },
    });
  });

  it("requires.txt: base, environment-marked base, and the chosen extras, as inspection reads it", async () => {
    const requires =
      'Django>=4.2\n\n[:python_version < "3.11"]\ntomli\n\n[pg]\npsycopg2\n\n[s3:sys_platform == "linux"]\nboto3\n';
    const lines = await convert("requires-txt", "site.egg-info/requires.txt", requires, { DEPENDENCY_EXTRAS: "s3" });
    expect(lines).toEqual(["Django>=4.2", 'tomli; python_version < "3.11"', 'boto3; sys_platform == "linux"']);
    const read = readRequiresTxt(requires);
    expect([...read.base, ...read.extras.s3!]).toEqual(lines);
  });
});
