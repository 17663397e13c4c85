import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, KEY, run, snapshotTree } from "../helpers.js";

/** The pyproject fixture with a second extra that needs a compiler: psycopg2 builds from source against libpq. */
function withPostgresExtra(): string {
  const dir = copyFixture("pyproject-hatchling");
  const path = join(dir, "pyproject.toml");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace(
      'test = ["pytest-django"]',
      'postgres = ["psycopg2>=2.9"]\ntest = ["pytest-django"]',
    ),
  );
  return dir;
}

const dockerfile = (dir: string) => readFileSync(join(dir, "Dockerfile"), "utf8");

describe("extras and dependency groups", () => {
  it("none are installed unless chosen; --extras installs one, with the system packages it needs", async () => {
    const dir = withPostgresExtra();
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(dockerfile(dir)).not.toContain("DEPENDENCY_EXTRAS='");
    expect(dockerfile(dir)).not.toContain("libpq");

    const result = await run([dir, "--yes", "--extras", "postgres"]);
    expect(result.code).toBe(0);
    expect(dockerfile(dir)).toContain(
      "PYTHONPATH=/tmp/tomli DEPENDENCY_EXTRAS='postgres' python docker-requirements.py",
    );
    expect(dockerfile(dir)).toMatch(/apt-get install -y --no-install-recommends build-essential libpq-dev/);
    expect(dockerfile(dir)).toMatch(/apt-get install -y --no-install-recommends libpq5/);
    expect(result.stdout).toMatch(/with[\s│]+postgres; not installed: urls, test/);
    expect(result.stdout).toContain("(psycopg2 is compiled)");
  });

  it("--dry-run --json names the chosen extras", async () => {
    const result = await run([withPostgresExtra(), "--yes", "--dry-run", "--json", "--extras", "postgres,test"]);
    expect(JSON.parse(result.stdout).dependencies).toEqual({
      kind: "pyproject",
      file: "pyproject.toml",
      extras: ["postgres", "test"],
      groups: [],
    });
  });

  it("an extra the project does not declare: the ones it does, and nothing written", async () => {
    const dir = withPostgresExtra();
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes", "--extras", "postgre"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("--extras postgre: pyproject.toml declares no extra postgre.");
    expect(result.stdout).toContain("It declares: urls, postgres, test.");
    expect(snapshotTree(dir)).toEqual(before);
    expect((await run([dir, "--yes", "--groups", "dev"])).stdout).toContain(
      "It declares no dependency groups; leave out --groups.",
    );
  });

  it("the choice is remembered: a later --yes run installs the same extras", async () => {
    const dir = withPostgresExtra();
    await run([dir, "--yes", "--extras", "postgres"]);
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toMatch(/^extras=postgres$/m);
    const again = await run([dir, "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Everything was already up to date: nothing rewritten.");
    expect(dockerfile(dir)).toContain("DEPENDENCY_EXTRAS='postgres'");
  });

  it("the wizard offers them, nothing ticked; space ticks one", async () => {
    // Offered in the order declared: urls, postgres, test.
    const dir = withPostgresExtra();
    const result = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Optional dependencies in pyproject.toml/, `${KEY.down}${KEY.space}${KEY.enter}`],
        // The extra compiles psycopg2: the system packages are asked, preset for it.
        [/Debian packages for the build stages\?/, KEY.enter],
        [/Debian packages the final image needs/, KEY.enter],
        // No compose.yaml offered: the settings name SQLite, so the driver adds no postgres service.
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("extra: psycopg2");
    expect(result.stdout).not.toContain("Write compose.yaml");
    expect(dockerfile(dir)).toContain("DEPENDENCY_EXTRAS='postgres'");
    expect(dockerfile(dir)).toContain("libpq-dev");
    // Asked again next time, the remembered choice ticked: Enter keeps it.
    const again = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Optional dependencies in pyproject.toml/, KEY.enter],
        [/Debian packages for the build stages\?/, KEY.enter],
        [/Debian packages the final image needs/, KEY.enter],
      ],
    );
    expect(again.code).toBe(0);
    expect(dockerfile(dir)).toContain("DEPENDENCY_EXTRAS='postgres'");
  });

  it("setup.py extras come from egg_info's requires.txt", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await run([dir, "--yes", "--extras", "dev"]);
    expect(result.code).toBe(0);
    expect(dockerfile(dir)).toContain("&& DEPENDENCY_EXTRAS='dev' python /src/docker-requirements.py");
  });
});

describe("choosing the dependency source", () => {
  /** pyproject ranges and a pinned requirements.txt: the pinned list is preferred, pyproject is the other choice. */
  function twoSources(): string {
    const dir = copyFixture("pyproject-hatchling");
    writeFileSync(join(dir, "requirements.txt"), "Django==5.1.4\nsqlparse==0.5.3\n");
    return dir;
  }

  it("the wizard offers every source found, the most precise first; the pick is remembered", async () => {
    const dir = twoSources();
    const result = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Where should the image's requirements come from\?/, `${KEY.down}${KEY.enter}`],
        [/Optional dependencies in pyproject.toml/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/requirements\.txt \(recommended: it pins every requirement with ==\)/);
    expect(dockerfile(dir)).toContain("turns [project] dependencies into the list pip installs");
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toMatch(/^dependencies=pyproject.toml$/m);
    const json = await run([dir, "--yes", "--dry-run", "--json"]);
    expect(JSON.parse(json.stdout).dependencies.file).toBe("pyproject.toml");
  });

  it("with one source there is nothing to ask", async () => {
    const dir = copyFixture("requirements-settings-package");
    const result = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("Where should the image's requirements come from?");
  });

  it("a remembered source that is gone: named, with the ones found", async () => {
    const dir = twoSources();
    await run([dir, "--yes", "--dependencies", "pyproject"]);
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toMatch(/^dependencies=pyproject.toml$/m);
    const ini = join(dir, ".create-django-docker.ini");
    writeFileSync(
      ini,
      readFileSync(ini, "utf8").replace("dependencies=pyproject.toml", "dependencies=requirements/prod.txt"),
    );
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "remembers dependencies=requirements/prod.txt, which is not a dependency source of this project any more",
    );
    // Answered by the flag, the stale line does not stand in the way (and is replaced).
    expect((await run([dir, "--yes", "--dependencies", "pyproject"])).code).toBe(0);
  });
});

describe("extras for development only", () => {
  it("are not worth a question: the wizard does not ask, the summary names them, --extras installs them", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await run(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("Optional dependencies");
    expect(result.stdout).toMatch(/not installed: dev/);
    expect(dockerfile(dir)).not.toContain("DEPENDENCY_EXTRAS='");
  });
});
