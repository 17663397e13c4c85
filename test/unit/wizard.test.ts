import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { copyFixture, KEY, run, snapshotTree } from "../helpers.js";

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
    const result = await run([dir], [
      [/Which settings module/, KEY.enter],
      [/Write these files\?/, KEY.enter],
    ]);
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    expect(out).toContain("shop.settings.base");
    expect(out).toContain("shop.settings.local");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("DJANGO_SETTINGS_MODULE=shop.settings.production");
  });

  it("takes another settings module chosen with the arrow keys", async () => {
    const dir = withoutSettingsDefault();
    const result = await run([dir], [
      [/Which settings module/, `${KEY.down}${KEY.enter}`],
      [/Write these files\?/, KEY.enter],
    ]);
    expect(result.code).toBe(0);
    // production is preselected; one down wraps round to the first option.
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("DJANGO_SETTINGS_MODULE=shop.settings.base");
  });

  it("asks the Python version when the project does not pin one, Enter accepting the default", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await run([dir], [
      [/Which Python version/, KEY.enter],
      [/Write these files\?/, KEY.enter],
    ]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.12-slim");
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

  it("shows the diff of an edited file and can write the new version beside it", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes"])).code).toBe(0);
    appendFileSync(join(dir, "Dockerfile"), "LABEL team=web\n");
    const edited = readFileSync(join(dir, "Dockerfile"), "utf8");
    const result = await run([dir, "--python-version", "3.13"], [
      [/Write these files\?/, KEY.enter],
      [/What should happen to Dockerfile\?/, `${KEY.down}${KEY.enter}`],
    ]);
    const out = stripVTControlCharacters(result.stdout);
    expect(result.code).toBe(0);
    expect(out).toContain("-LABEL team=web");
    expect(out).toContain("+ARG PYTHON_IMAGE=python:3.13-slim");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(edited);
    expect(readFileSync(join(dir, "Dockerfile.new"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.13-slim");
    expect(existsSync(join(dir, "docker-entrypoint.sh"))).toBe(true);
  });
});
