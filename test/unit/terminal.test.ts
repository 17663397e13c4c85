import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { copyFixture, KEY, snapshotTree } from "../helpers.js";

const bin = fileURLToPath(new URL("../../bin/create-django-docker.js", import.meta.url));
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes it matches
const COLOUR = /\u001b\[[0-9;]*m/;
const TIMEOUT_MS = 20_000;

// util-linux's script(1) gives the real binary a pseudo-terminal (it is in
// bsdutils, which every Debian and Ubuntu installs). BSD/macOS script takes
// other arguments, so elsewhere these tests are skipped.
const script = await execa("script", ["--version"], { reject: false });
const hasScript = script.exitCode === 0 && String(script.stdout).includes("util-linux");

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

interface TerminalRun {
  code: number | null;
  /** Everything the terminal showed, escape sequences included. */
  screen: string;
}

/**
 * Runs `node bin/create-django-docker.js args` in an 80x40 pseudo-terminal,
 * typing each [pattern, keys] once the screen shows the pattern, the way a
 * person answers a prompt after reading it.
 */
function runInTerminal(
  args: string[],
  keys: Array<[RegExp, string]>,
  env: Record<string, string> = {},
): Promise<TerminalRun> {
  const command = `stty cols 80 rows 40; exec ${[process.execPath, bin, ...args].map(quote).join(" ")}`;
  // The run decides about colour itself, whatever the environment of the tests says.
  const { NO_COLOR: _, FORCE_COLOR: __, ...inherited } = process.env;
  const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
    env: { ...inherited, TERM: "xterm-256color", ...env },
  });
  let screen = "";
  let seen = 0;
  const script = [...keys];
  child.stdout.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    const next = script[0];
    if (!next) return;
    const index = stripVTControlCharacters(screen).slice(seen).search(next[0]);
    if (index < 0) return;
    seen += index + 1;
    script.shift();
    setTimeout(() => child.stdin.write(next[1]), 100);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`No exit after ${TIMEOUT_MS} ms. The terminal showed:\n${stripVTControlCharacters(screen)}`));
    }, TIMEOUT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript)("the real binary in a terminal (skipped: needs util-linux script)", () => {
  it("Enter through every default: the files are written, colours and all", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await runInTerminal(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    const shown = stripVTControlCharacters(result.screen);
    expect(result.code).toBe(0);
    expect(shown).toContain("create-django-docker 0.1.0");
    expect(shown).toContain("Read the project");
    // Too long for 80 columns: continued on a second line, and still one command to paste.
    expect(shown).toMatch(
      /docker run --rm -p 8000:8000 -v mysite-data:\/app\/data \\\r?\n +-e DJANGO_SECRET_KEY=\.\.\. mysite/,
    );
    expect(result.screen).toMatch(COLOUR);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("ARG PYTHON_IMAGE=python:3.10-slim");
    expect(existsSync(join(dir, ".create-django-docker.ini"))).toBe(true);
  });

  it("Ctrl-C at the first prompt: one cancelled line, exit 130, nothing written", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    const result = await runInTerminal([dir], [[/Which Python version/, KEY.ctrlC]]);
    const shown = stripVTControlCharacters(result.screen);
    expect(result.code).toBe(130);
    expect(shown.match(/Cancelled: nothing was written\./g)).toHaveLength(1);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("Ctrl-C while Python reads the project: exit 130, not 0", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    // A Python slow enough to be interrupted: the spinner is still turning.
    const slow = join(mkdtempSync(join(tmpdir(), "cdd-slow-")), "python3");
    writeFileSync(slow, `#!/bin/sh\nsleep 5\nexec python3 "$@"\n`, { mode: 0o755 });
    const result = await runInTerminal([dir], [[/Reading the project/, KEY.ctrlC]], {
      CREATE_DJANGO_DOCKER_PYTHON: slow,
    });
    expect(result.code).toBe(130);
    expect(stripVTControlCharacters(result.screen)).toContain("Cancelled: nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("Ctrl-C between prompts (here: --yes, while Python reads the project): the cancelled line, exit 130", async () => {
    const dir = copyFixture("setuppy-basic");
    const before = snapshotTree(dir);
    const slow = join(mkdtempSync(join(tmpdir(), "cdd-slow-")), "python3");
    writeFileSync(slow, `#!/bin/sh\nsleep 5\nexec python3 "$@"\n`, { mode: 0o755 });
    const child = execa(process.execPath, [bin, dir, "--yes"], {
      env: { CREATE_DJANGO_DOCKER_PYTHON: slow, NO_COLOR: "1" },
      reject: false,
    });
    // Once the intro is out, the run is reading the project; no prompt holds the keyboard.
    await new Promise<void>((resolve) =>
      child.stdout!.on("data", (chunk: Buffer) => String(chunk).includes("create-django-docker") && resolve()),
    );
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stdout)).toContain("Cancelled: nothing was written.");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("NO_COLOR: not one colour code, from the intro to the outro", async () => {
    const dir = copyFixture("setuppy-basic");
    const result = await runInTerminal(
      [dir],
      [
        [/Which Python version/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
      { NO_COLOR: "1" },
    );
    expect(result.code).toBe(0);
    expect(stripVTControlCharacters(result.screen)).toContain("Next:");
    expect(result.screen).not.toMatch(COLOUR);
  });
});
