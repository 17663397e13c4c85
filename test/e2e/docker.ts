import { createServer } from "node:net";
import { execa, type Options } from "execa";

/**
 * The Docker client and build inputs, from the environment that
 * shared/e2e/setup.sh prints on the development machine, else the real
 * defaults: `docker`, python:3.12-slim and PyPI.
 */
export const env = {
  docker: process.env.DOCKER || "docker",
  pythonImage: process.env.E2E_PYTHON_IMAGE || "python:3.12-slim",
  pipIndexUrl: process.env.PIP_INDEX_URL || "",
};

/**
 * Long enough for a cold build on two cores, or for pruning a build cache of
 * several GB on a busy disk; a hang fails with docker's output instead of
 * stalling the suite.
 */
const dockerTimeout = (args: string[]) =>
  args[0] === "build" ? 12 * 60_000 : args[0] === "builder" ? 10 * 60_000 : 3 * 60_000;

export async function docker(args: string[], options: Options = {}) {
  const result = await execa(env.docker, args, {
    env: { DOCKER_BUILDKIT: "1" },
    reject: false,
    all: true,
    timeout: dockerTimeout(args),
    ...options,
  });
  if (result.timedOut)
    throw new Error(`docker ${args.join(" ")} did not finish in time:\n${String(result.all).slice(-4000)}`);
  return result;
}

/** Runs docker and fails the test with its output when it fails. */
export async function dockerOk(args: string[], options: Options = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.exitCode !== 0)
    throw new Error(`docker ${args.join(" ")} failed (${result.exitCode}):\n${String(result.all).slice(-4000)}`);
  return String(result.stdout).trim();
}

export function buildArgs(): string[] {
  const args = ["--build-arg", `PYTHON_IMAGE=${env.pythonImage}`];
  if (env.pipIndexUrl) args.push("--build-arg", `PIP_INDEX_URL=${env.pipIndexUrl}`);
  return args;
}

/** Builds with plain progress (so steps reported CACHED can be read) and returns the log. */
export async function build(context: string, tag: string): Promise<string> {
  const result = await docker(["build", "--progress=plain", "--network", "host", ...buildArgs(), "-t", tag, context]);
  const log = String(result.all);
  if (result.exitCode !== 0) throw new Error(`docker build of ${context} failed:\n${log.slice(-6000)}`);
  return log;
}

/** True when the build log reports the step whose command matches `pattern` as CACHED. */
export function stepCached(log: string, pattern: RegExp): boolean {
  const lines = log.split("\n");
  const header = lines.find((l) => /^#\d+ \[/.test(l) && pattern.test(l));
  if (!header) throw new Error(`no build step matching ${pattern} in the log`);
  const id = header.split(" ")[0]!;
  return lines.some((l) => l === `${id} CACHED`);
}

export async function layers(image: string): Promise<string[]> {
  return JSON.parse(await dockerOk(["image", "inspect", "-f", "{{json .RootFS.Layers}}", image])) as string[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Polls until the URL answers (any status), or throws with the container's log. */
export async function waitForHttp(
  url: string,
  container: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
    } catch {
      const state = await docker(["inspect", "-f", "{{.State.Running}}", container]);
      if (Date.now() > deadline || String(state.stdout).trim() !== "true") {
        const logs = await docker(["logs", container]);
        throw new Error(`${url} never answered; container log:\n${String(logs.all).slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
