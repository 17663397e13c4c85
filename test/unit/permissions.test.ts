import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { fixturesDir, snapshotTree } from "../helpers.js";

const NOBODY = 65534;

// Permission bits do not stop root, and tests often run as root (containers,
// CI): then the real binary runs as nobody through setpriv (util-linux), so
// every refusal below is a real one from the kernel, not a simulation.
const asRoot = process.getuid?.() === 0;
const setpriv = asRoot ? await execa("setpriv", ["--version"], { reject: false }) : null;
const canDropPrivileges = !asRoot || setpriv?.exitCode === 0;

/**
 * The tool as npm installs it (package.json and its "files"), copied to a
 * folder everyone may read: the clone itself may sit where the user nobody
 * cannot enter (a home folder, a `mktemp -d` folder).
 */
function readableInstall(): string {
  const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
  const base = mkdtempSync(join(tmpdir(), "cdd-install-"));
  const { files } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { files: string[] };
  // "!pattern" entries leave files out: copying a little more is harmless here.
  for (const entry of ["package.json", ...files.filter((f) => !f.startsWith("!"))])
    cpSync(join(packageRoot, entry), join(base, entry), { recursive: true });
  const readable = (path: string) => {
    const stats = statSync(path);
    chmodSync(path, (stats.mode & 0o777) | (stats.isDirectory() ? 0o555 : 0o444));
    if (stats.isDirectory()) for (const name of readdirSync(path)) readable(join(path, name));
  };
  readable(base);
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  return join(base, "bin", "create-django-docker.js");
}

const bin = canDropPrivileges ? readableInstall() : "";

async function runUnprivileged(args: string[]) {
  const command = asRoot
    ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, bin, ...args]
    : [process.execPath, bin, ...args];
  // From a folder everyone may enter: the clone the tests run from may not be one.
  const result = await execa(command[0]!, command.slice(1), { reject: false, cwd: tmpdir(), env: { NO_COLOR: "1" } });
  return { code: result.exitCode, stdout: String(result.stdout) };
}

/** A copy of the basic fixture that everyone may read (but only its owner write) in a folder everyone may enter. */
function sharedProject(): { base: string; dir: string } {
  const base = mkdtempSync(join(tmpdir(), "cdd-perm-"));
  chmodSync(base, 0o755);
  const dir = join(base, "site");
  cpSync(join(fixturesDir, "setuppy-basic"), dir, { recursive: true });
  return { base, dir };
}

/**
 * Runs with --yes after taking away the given permissions, and asserts a
 * clean refusal: exit 1, the message, no stack, and the tree as it was.
 */
async function expectRefusal(args: string[], tree: string, message: RegExp, modes: Array<[string, number]> = []) {
  const before = snapshotTree(tree);
  const original = modes.map(([path]) => [path, statSync(path).mode & 0o777] as const);
  for (const [path, mode] of modes) chmodSync(path, mode);
  let result: Awaited<ReturnType<typeof runUnprivileged>>;
  try {
    result = await runUnprivileged([...args, "--yes"]);
  } finally {
    for (const [path, mode] of original.reverse()) chmodSync(path, mode);
  }
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(message);
  expect(result.stdout).toContain("Nothing was written.");
  expect(result.stdout).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
  expect(snapshotTree(tree)).toEqual(before);
  return result;
}

describe.skipIf(!canDropPrivileges)(
  "folders and files the user may not read or write (skipped: running as root without setpriv)",
  () => {
    it("a project folder that cannot be listed: names it and says what to check", async () => {
      const { base, dir } = sharedProject();
      const result = await expectRefusal(
        [dir],
        base,
        new RegExp(`Could not list the folder ${dir}: permission denied\\.`),
        [[dir, 0o000]],
      );
      expect(result.stdout).toContain(`Check its owner and permissions (ls -ld ${dir})`);
    });

    it("a project folder inside one that cannot be entered", async () => {
      const { base, dir } = sharedProject();
      await expectRefusal([dir], base, new RegExp(`Could not read ${dir}: permission denied\\.`), [[base, 0o000]]);
    });

    it("manage.py only in a folder that cannot be read: the search says what it could not see", async () => {
      const { base, dir } = sharedProject();
      mkdirSync(join(base, "other"));
      await expectRefusal(
        [base],
        base,
        /No manage\.py found in .* or up to 3 folders below it \(1 folder could not be read: site\)\./,
        [[dir, 0o000]],
      );
    });

    it("a settings file that cannot be read", async () => {
      const { dir } = sharedProject();
      await expectRefusal([dir], dir, /mysite\/settings\.py cannot be read: permission denied\./, [
        [join(dir, "mysite", "settings.py"), 0o000],
      ]);
    });

    it("a setup.py that cannot be read", async () => {
      const { dir } = sharedProject();
      await expectRefusal([dir], dir, new RegExp(`Could not copy ${dir}/setup\\.py: permission denied\\.`), [
        [join(dir, "setup.py"), 0o000],
      ]);
    });

    it("a project folder that cannot be written: refused before anything is written", async () => {
      const { dir } = sharedProject();
      // As root, the copy is root's: nobody may read it but not write to it.
      await expectRefusal(
        [dir],
        dir,
        new RegExp(`Could not write to ${dir}: permission denied\\.`),
        asRoot ? [] : [[dir, 0o555]],
      );
    });
  },
);
