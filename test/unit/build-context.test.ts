import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contextCopyHow } from "../../src/inspect/build-context.js";
import { copyFixture, packagingFixturesDir, run, snapshotTree } from "../helpers.js";

// The packaging check runs setuptools in a scratch context of hard links
// (cheap on a large tree); nothing it does there may reach the project.
describe("the scratch build context leaves the project as it was", () => {
  it("the safe fixes, tried in a context of hard links, do not reach the project's MANIFEST.in", async () => {
    const dir = copyFixture("setuppy-lossy", packagingFixturesDir);
    expect(contextCopyHow(dir)).toBe("link");
    const manifest = readFileSync(join(dir, "MANIFEST.in"), "utf8");
    const before = snapshotTree(dir);
    const result = await run([dir, "--dry-run"]);
    expect(result.stdout).toContain("add 3 lines to MANIFEST.in");
    expect(readFileSync(join(dir, "MANIFEST.in"), "utf8")).toBe(manifest);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("a project with commands of its own (cmdclass) gets a real copy: its egg_info's writes stay there", async () => {
    const dir = copyFixture("setuppy-lossy", packagingFixturesDir);
    // An egg_info that rewrites a file of the package, as version-stamping commands do.
    const setup = readFileSync(join(dir, "setup.py"), "utf8")
      .replace(
        "from setuptools import",
        [
          "from setuptools.command.egg_info import egg_info as _egg_info",
          "class egg_info(_egg_info):",
          "    def run(self):",
          "        with open('polls/__init__.py', 'w') as f:",
          "            f.write('STAMPED = True\\n')",
          "        super().run()",
          "from setuptools import",
        ].join("\n"),
      )
      .replace("setup(", "setup(cmdclass={'egg_info': egg_info}, ");
    writeFileSync(join(dir, "setup.py"), setup);
    expect(contextCopyHow(dir)).toBe("copy");
    const before = snapshotTree(dir);
    const result = await run([dir, "--dry-run"]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "polls", "__init__.py"), "utf8")).not.toContain("STAMPED");
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("when the scratch context may be hard links", () => {
  const how = (setupPy: string) => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-cmdclass-"));
    writeFileSync(join(dir, "setup.py"), setupPy);
    return contextCopyHow(dir);
  };

  it("links when the project's own commands are not ones run over the context", () => {
    expect(how("from setuptools import setup\nsetup(name='plain')\n")).toBe("link");
    // django-oscar's shape: a build command that runs npm, never run by egg_info or build_py.
    expect(how("setup(cmdclass={'build': BuildNPM}, packages=find_packages('src'))\n")).toBe("link");
  });

  it("copies when an egg_info or build_py of the project's own may run, or its commands cannot be read", () => {
    expect(how("setup(cmdclass={'egg_info': StampVersion})\n")).toBe("copy");
    expect(how("setup(cmdclass = {'build_py': BuildWithAssets})\n")).toBe("copy");
    expect(how("import versioneer\nsetup(cmdclass=versioneer.get_cmdclass())\n")).toBe("copy");
    expect(how("kwargs['cmdclass'] = commands\nsetup(**kwargs)\n")).toBe("copy");
  });
});
