import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers.js";
import { build, docker, dockerOk, freePort, waitForHttp } from "./docker.js";

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));

/**
 * A JSON API without django.contrib.staticfiles (test/fixtures/api-no-staticfiles):
 * there is no collectstatic command, so a build that ran it failed. Its
 * dependencies are PEP 735 groups with no [project] table (bookwyrm's shape),
 * which the tool once said were no declaration at all. One build, one run:
 * about 30 seconds on the shared two-core machine with a warm pip cache.
 */
const FIXTURE = "api-no-staticfiles";
const tag = `real6-api-no-static-${process.pid}`;
const containers: string[] = [];

afterAll(async () => {
  if (containers.length) await docker(["rm", "-f", ...containers]);
  await docker(["rmi", "-f", tag]);
});

describe("an API without django.contrib.staticfiles", () => {
  beforeAll(async () => {
    const dir = copyFixture(FIXTURE);
    const cli = await execa("node", [bin, dir, "--yes"], { reject: false, all: true, env: { NO_COLOR: "1" } });
    if (cli.exitCode !== 0) throw new Error(`create-django-docker failed:\n${cli.all}`);
    await build(dir, tag);
  });

  it("builds without collectstatic, migrates and answers with JSON", async () => {
    const port = await freePort();
    const name = `${tag}-web`;
    containers.push(name);
    await dockerOk([
      "run",
      "-d",
      "--name",
      name,
      "--network",
      "host",
      "-e",
      `PORT=${port}`,
      "-e",
      "NOTES_SECRET_KEY=e2e-not-secret",
      tag,
    ]);
    const response = await waitForHttp(`http://127.0.0.1:${port}/`, name, {});
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ service: "notes", users: 0 });
    expect(String((await docker(["logs", name])).all)).toContain("Applying auth.0001_initial");
  });

  it("installs the main group, not the dev group", async () => {
    const installed =
      "import importlib.metadata as m, sys; print(' '.join(n for n in sys.argv[1:] if any(m.distributions(name=n))))";
    expect(await dockerOk(["run", "--rm", tag, "python", "-c", installed, "django", "pytest"])).toBe("django");
  });
});
