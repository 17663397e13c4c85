import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspect } from "../../src/inspect/index.js";
import { copyFixture, run, snapshotTree } from "../helpers.js";

// A setup.py (or setup.cfg) that cannot give its requirements from the
// declaration files alone: inspection tries those alone, as the dependency
// stage would copy them, then the whole build context; the stage copies
// what worked.

/** The dependency stage of a Dockerfile: from its FROM line to the next stage's. */
function dependencyStage(dockerfile: string): string {
  return /FROM build-base AS dependencies\n([\s\S]*?)\n# Stage downloads/.exec(dockerfile)![1]!;
}

describe("setup.py that needs its package's source for egg_info", () => {
  it("falls back to the whole build context, says why, and leaves the project untouched", async () => {
    const dir = copyFixture("setuppy-imports-package");
    const before = snapshotTree(dir);
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({
      kind: "setup.py",
      recipe: "egg-info-context",
      name: "guestbook-site",
      requirements: ["Django>=4.2"],
      optional: { extras: { test: ["pytest-django"] }, groups: {} },
      declarationFiles: ["setup.py"],
    });
    expect(facts.packaging.declarationOnlyError).toMatch(
      /from guestsite import __version__\nModuleNotFoundError: No module named 'guestsite'$/,
    );
    // Scratch paths are made relative: the message is the same on every run.
    expect(facts.packaging.declarationOnlyError).not.toContain("create-django-docker-");
    expect(facts.packaging.why).toBe(
      "setup.py declares install_requires; egg_info fails with only setup.py (ModuleNotFoundError: No module named 'guestsite'), so the dependency stage runs it over the whole build context",
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("keeps the declaration-only stage for a setup.py that needs nothing more", async () => {
    const facts = await inspect(copyFixture("setuppy-basic"));
    expect(facts.packaging.recipe).toBe("egg-info");
    expect(facts.packaging.declarationOnlyError).toBeUndefined();
    expect(facts.packaging.why).toBe("setup.py declares install_requires");
  });

  it("the Dockerfile's dependency stage copies the whole context; the run warns with the error and the fix", async () => {
    const dir = copyFixture("setuppy-imports-package");
    const result = await run([dir, "--yes"]);
    expect(result.code, result.stdout).toBe(0);
    const stage = dependencyStage(readFileSync(join(dir, "Dockerfile"), "utf8"));
    // One COPY, of the whole context, then egg_info over it.
    expect(stage.match(/^COPY .*/gm)).toEqual(["COPY . ."]);
    expect(stage).toMatch(
      /^COPY \. \.\n[\s\S]*^RUN [\s\S]*python setup\.py --quiet egg_info --egg-base \/tmp[\s\S]*> \/deps\/requirements\.txt$/m,
    );
    expect(result.stdout).toMatch(
      /setup\.py egg_info fails with only setup\.py[\s\S]*ModuleNotFoundError: No module named 'guestsite'/,
    );
    expect(result.stdout).toMatch(/every code change reruns egg_info[\s\S]*a literal version/);
  });

  it("setup.cfg reading the version with attr: from the package", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    const cfg = join(dir, "setup.cfg");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("version = 0.3.0", "version = attr: shop.__version__"));
    writeFileSync(join(dir, "src", "shop", "__init__.py"), '__version__ = "0.3.1"\n');
    const facts = await inspect(dir);
    expect(facts.packaging).toMatchObject({
      kind: "setup.cfg",
      recipe: "egg-info-context",
      requirements: ["Django>=4.2", "asgiref>=3.6"],
    });
    expect(facts.packaging.why).toMatch(
      /egg_info fails with only setup\.py, setup\.cfg \(.*shop.*\), so the dependency stage runs it over the whole build context$/,
    );
  });

  it("setup.cfg listing its packages by name under package_dir", async () => {
    const dir = copyFixture("setupcfg-src-layout");
    const cfg = join(dir, "setup.cfg");
    writeFileSync(
      cfg,
      readFileSync(cfg, "utf8").replace(
        "packages = find:",
        "packages =\n    shop\n    shop.catalog\n    shop.settings",
      ),
    );
    const facts = await inspect(dir);
    expect(facts.packaging.recipe).toBe("egg-info-context");
    expect(facts.packaging.why).toContain("(error: package directory 'src/shop' does not exist)");
  });

  it("honours .dockerignore: a package the build never sees makes it fail, as it would in the image", async () => {
    const dir = copyFixture("setuppy-imports-package");
    writeFileSync(join(dir, ".dockerignore"), "guestsite\n");
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/`python setup\.py egg_info` failed in .*, so the dependency list cannot be read/);
    expect(result.stdout).toMatch(
      /fails both with only setup\.py present and in a copy of the whole build context \(what \.dockerignore lets through\)/,
    );
    expect(result.stdout).toContain("ModuleNotFoundError: No module named 'guestsite'");
    expect(result.stdout).toContain("Nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });
});
