import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture, packagingFixturesDir } from "../helpers.js";
import { build, docker, dockerOk, env, freePort, waitForHttp } from "./docker.js";

// One project that loses its templates, translations, fixtures, migrations
// and management command when installed, built twice with the same
// generated files: as it is, and after `create-django-docker --yes` made the
// safe packaging fixes. What the user would notice is asserted both times.

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
const FIXTURE = "setuppy-lossy";
/** The files create-django-docker may write for it (the helpers only when needed). */
const GENERATED = [
  "Dockerfile",
  "docker-entrypoint.sh",
  ".dockerignore",
  "docker-requirements.py",
  "docker-install.py",
  "docker-install-project.py",
  "docker-data.py",
];
const RUN_ENV = ["-e", "SQLITE_PATH=/app/db.sqlite3"];
const MO = "polls/locale/fr/LC_MESSAGES/django.mo";
const SITE_FILE_EXISTS =
  "import os, sys; sys.exit(0 if any(os.path.isfile(os.path.join(p, sys.argv[1])) for p in sys.path) else 1)";

const LOAD_TEMPLATE = "from django.template.loader import get_template; get_template('polls/index.html')";

const id = `${process.pid}`;
const images = { before: `cdd-e2e-packaging-before:${id}`, after: `cdd-e2e-packaging-after:${id}` };
const containers: string[] = [];

async function cli(dir: string, args: string[]) {
  return execa("node", [bin, dir, ...args], { reject: false, all: true, env: { NO_COLOR: "1" } });
}

/** Serves the image and requests the home page in French. */
async function homePage(image: string, extraEnv: string[] = []): Promise<{ status: number; body: string }> {
  const port = await freePort();
  const name = `${image.replace(/[:]/g, "-")}-web`;
  containers.push(name);
  await dockerOk([
    "run",
    "-d",
    "--name",
    name,
    "--network",
    "host",
    ...RUN_ENV,
    ...extraEnv,
    "-e",
    `PORT=${port}`,
    image,
  ]);
  const response = await waitForHttp(`http://127.0.0.1:${port}/`, name, { "Accept-Language": "fr" });
  return { status: response.status, body: await response.text() };
}

/** Runs shell commands in a fresh container of the image. */
async function sh(image: string, script: string) {
  const result = await docker(["run", "--rm", ...RUN_ENV, image, "sh", "-c", script]);
  return { code: result.exitCode, output: String(result.all) };
}

async function hasCompiledMessages(image: string): Promise<boolean> {
  return (await docker(["run", "--rm", image, "python", "-c", SITE_FILE_EXISTS, MO])).exitCode === 0;
}

let checkBefore = "";
let checkAfter = { code: -1, output: "" };

beforeAll(async () => {
  const info = await docker(["info", "--format", "{{.ServerVersion}}"]);
  if (info.exitCode !== 0) throw new Error(`No Docker engine answers to \`${env.docker} info\`.\n${String(info.all)}`);

  const fixed = copyFixture(FIXTURE, packagingFixturesDir);
  const yes = await cli(fixed, ["--yes"]);
  if (yes.exitCode !== 0) throw new Error(`create-django-docker --yes failed:\n${yes.all}`);
  const asIs = copyFixture(FIXTURE, packagingFixturesDir);
  for (const file of GENERATED.filter((f) => existsSync(join(fixed, f))))
    copyFileSync(join(fixed, file), join(asIs, file));

  checkBefore = String((await cli(asIs, ["--check"])).all);
  const after = await cli(fixed, ["--check"]);
  checkAfter = { code: after.exitCode ?? -1, output: String(after.all) };

  await build(asIs, images.before);
  await build(fixed, images.after);
});

afterAll(async () => {
  if (containers.length) await docker(["rm", "-f", ...containers]);
  await docker(["rmi", "-f", images.before, images.after]);
});

describe("packaging: an image of a project that loses files, before and after the safe fixes", () => {
  it("--check named what the first image lacks, and finds nothing once the fixes are made", () => {
    for (const path of [
      "polls/templates/polls/index.html",
      "polls/locale/fr/LC_MESSAGES/django.po",
      "polls/management/commands/greet.py",
    ]) {
      expect(checkBefore).toContain(path);
    }
    expect(checkAfter.code, checkAfter.output).toBe(0);
    expect(checkAfter.output).toContain("installing the project loses nothing");
  });

  it("before: the home page fails, the template, fixture and command are missing, no messages compiled", async () => {
    // DEBUG on, so that the error page names what is missing: the
    // migrations were not installed as a package, so migrate made no table.
    const page = await homePage(images.before, ["-e", "DJANGO_DEBUG=1"]);
    expect(page.status).toBe(500);
    expect(page.body).toContain("no such table: polls_question");
    const template = await sh(images.before, `django-admin shell -c "${LOAD_TEMPLATE}"`);
    expect(template.output).toContain("TemplateDoesNotExist: polls/index.html");
    const load = await sh(images.before, "django-admin migrate -v0 && django-admin loaddata questions");
    expect(load.output).toContain("No fixture named 'questions'");
    const greet = await sh(images.before, "django-admin greet");
    expect(greet.output).toContain("Unknown command: 'greet'");
    expect(await hasCompiledMessages(images.before)).toBe(false);
  });

  it("after: the page renders in French, the fixture loads and the command runs", async () => {
    const page = await homePage(images.after);
    expect(page.status, page.body).toBe(200);
    expect(page.body).toContain("Bienvenue aux sondages");
    const greet = await sh(
      images.after,
      "django-admin migrate -v0 && django-admin loaddata questions && django-admin greet",
    );
    expect(greet.code, greet.output).toBe(0);
    expect(greet.output).toContain("hello from polls (1 questions)");
    expect(await hasCompiledMessages(images.after)).toBe(true);
  });
});
