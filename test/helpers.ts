import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../src/main.js";
import { rememberGenerated } from "./state.js";

export const fixturesDir = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const fixtureNames = readdirSync(fixturesDir).sort();
/**
 * Projects that lose files when installed. Apart from fixtures/ on purpose:
 * the golden and end-to-end suites take every project there as one that
 * builds and serves.
 */
export const packagingFixturesDir = fileURLToPath(new URL("./packaging-fixtures/", import.meta.url));

/** A fresh copy of a fixture project in a temp folder (tests may change it). */
export function copyFixture(name: string, from: string = fixturesDir): string {
  const dir = mkdtempSync(join(tmpdir(), `cdd-${name}-`));
  cpSync(join(from, name), dir, { recursive: true });
  return dir;
}

/** A project tree in a temp folder from { path: content } (objects are written as JSON). */
export function writeTree(files: Record<string, string | object>, prefix = "cdd-tree-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** manage.py as startproject writes it, defaulting to `module`. */
export const managePy = (module: string) =>
  `import os, sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n` +
  "    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n";

const firstRuns = new Map<string, Promise<{ dir: string; result: RunResult }>>();

/**
 * `args` run once per test worker in a fresh copy of a fixture (a first
 * `--yes` run, say), its result and the copy it left kept: tests of several
 * files that begin with the same run share it. The copy is never changed.
 */
export function firstRun(name: string, args: string[]): Promise<{ dir: string; result: RunResult }> {
  const key = [name, ...args].join("\0");
  let first = firstRuns.get(key);
  if (!first) {
    const dir = copyFixture(name);
    first = run([dir, ...args]).then((result) => ({ dir, result }));
    firstRuns.set(key, first);
  }
  return first;
}

/**
 * A fresh copy of a fixture as `args` left it (firstRun), with the
 * generated texts remembered again as the run remembered them (a test may
 * have made the tool forget them).
 */
export async function afterFirstRun(name: string, args: string[]): Promise<string> {
  const { dir: first, result } = await firstRun(name, args);
  if (result.code !== 0) throw new Error(`${args.join(" ")} failed in ${name}:\n${result.stdout}${result.stderr}`);
  // Under the same folder name: the generated files name things after it (a volume, an image).
  const dir = join(mkdtempSync(join(tmpdir(), "cdd-copy-")), basename(first));
  cpSync(first, dir, { recursive: true });
  rememberGenerated(dir);
  return dir;
}

/** Every file under dir with its content hash, mode and mtime: equal snapshots mean untouched. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        out[`${relative(dir, path)}/`] = "dir";
        visit(path);
      } else {
        const s = statSync(path);
        const hash = createHash("sha256").update(readFileSync(path)).digest("hex");
        out[relative(dir, path)] = `${hash} ${(s.mode & 0o777).toString(8)} ${s.mtimeMs}`;
      }
    }
  };
  visit(dir);
  return out;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Stream = PassThrough & { isTTY?: boolean; setRawMode?: (on: boolean) => void };

function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

/**
 * Runs the CLI in-process. With `keys`, stdin and stdout pretend to be a
 * terminal and each [pattern, keys] pair is typed once the output shows the
 * pattern, the way a person answers a prompt after reading it.
 */
export async function run(args: string[], keys?: Array<[RegExp, string]>): Promise<RunResult> {
  const stdin: Stream = new PassThrough();
  const stdout: Stream = new PassThrough();
  const stderr: Stream = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  if (keys) {
    stdin.isTTY = true;
    stdout.isTTY = true;
    stdin.setRawMode = () => {};
    const script = [...keys];
    let seen = 0;
    stdout.on("data", () => {
      const next = script[0];
      if (!next) return;
      const text = out();
      const index = text.slice(seen).search(next[0]);
      if (index < 0) return;
      seen += index + 1;
      script.shift();
      setTimeout(() => stdin.write(next[1]), 20);
    });
  }
  const code = await main(args, { stdin, stdout, stderr });
  return { code, stdout: out(), stderr: err() };
}

export const KEY = { enter: "\r", down: "\u001b[B", space: " ", ctrlC: "\u0003" };
