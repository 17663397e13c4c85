/**
 * The "fresh machine, imported cache" part of npm run bench: what a CI
 * pipeline that starts every run on a new machine gets from the cache it
 * kept in a registry.
 *
 *   CI run N (this machine's Docker): builds the image with an inline cache
 *   (`--build-arg BUILDKIT_INLINE_CACHE=1`) and pushes it to a registry of
 *   the bench's own (Debian's docker-registry on 127.0.0.1). For the
 *   generated Dockerfile it also pushes the two build stages a change needs
 *   (`--target installed-dependencies`, `--target static`): an inline cache
 *   holds only the layers of the image it is in (mode=min), and the
 *   generated Dockerfile's work happens in stages the final image does not
 *   contain.
 *   CI run N+1 (a fresh machine: a second dockerd with its own data root,
 *   an empty build cache and empty cache mounts, the base image loaded):
 *   builds with `--cache-from` those images after a code-only change, and
 *   after one dependency is added. The naive Dockerfile does the same with
 *   its own image when this part runs alone (BENCH_MODES=fresh); in the
 *   full bench its rebuild in the same mode stands for it (its inline cache
 *   holds only the layers before COPY . ., so every step after reruns).
 *
 * The registry is reached through the mode's link (a proxy like the package
 * index's), so pulling the cached layers costs what it would cost over that
 * network. Needs root (a second dockerd) and docker-registry, which it
 * installs with apt-get when missing; without them it says why and the bench
 * prints no fresh-machine rows.
 */

import { type ChildProcess, spawn } from "node:child_process";
import {
  accessSync,
  appendFileSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { docker, dockerOk, env, freePort } from "../e2e/docker.js";
import { buildTimed, type Timed } from "./measure.js";
import { IndexProxy, type Link } from "./proxy.js";

const INLINE_CACHE = ["--build-arg", "BUILDKIT_INLINE_CACHE=1"];

/** The images CI run N pushes for each Dockerfile: tag, and the stage it stops at (none: the image itself). */
const CACHE_IMAGES: Record<"naive" | "generated", Array<{ tag: string; target?: string }>> = {
  naive: [{ tag: "latest" }],
  generated: [
    { tag: "latest" },
    { tag: "cache-deps", target: "installed-dependencies" },
    { tag: "cache-static", target: "static" },
  ],
};

/**
 * BENCH_FRESH_CACHE=image pushes and imports the generated image alone, as
 * a plain inline-cache recipe would: its stages are then not in the cache.
 */
function cacheImages(kind: "naive" | "generated") {
  const all = CACHE_IMAGES[kind];
  return kind === "generated" && process.env.BENCH_FRESH_CACHE === "image" ? all.slice(0, 1) : all;
}

export type ProjectState = "before" | "code" | "deps";

export interface FreshInputs {
  /** The project with its generated files, Dockerfile.naive and Dockerfile.bench. */
  dir: string;
  /** Writes the project's files as they are before any change, after the code change, after the dependency change. */
  write: (state: ProjectState) => void;
  /** The package index the mode's builds use (the same, so CI run N is cached from them). */
  indexUrl: string | undefined;
  link: Link;
  /** Package files the last build downloaded, and a reset before the next. */
  downloads: (log: string) => string[];
  resetDownloads: () => void;
  /** Tags made on this machine's Docker, removed when the bench ends. */
  images: string[];
  /**
   * The naive Dockerfile's cold build in the same mode, to stand for its
   * fresh-machine builds: its inline cache holds only the layers before
   * COPY . ., so every step after reruns there too. Without it, the naive
   * Dockerfile is pushed and built on the fresh machine like ours.
   */
  naive?: { timed: Timed; files: string[] };
}

export interface FreshBuild {
  timed: Timed;
  files: string[];
  /** Bytes pulled from the registry (cached layers and their manifests). */
  pulled: number;
  /** Whether the dependency install ran (false: its layer came from the registry). */
  installRan: boolean;
}

export interface FreshFigures {
  code: { naive: FreshBuild; ours: FreshBuild };
  deps: { ours: FreshBuild };
  /** The generated Dockerfile's cache images (tags, with the stage each stops at). */
  cacheImages: string[];
  /** Whether the naive figures come from the fresh machine (else from its cold build in the same mode). */
  naiveOnFresh: boolean;
  /** Wall time of the whole scenario, and of CI run N's builds and pushes in it. */
  ms: number;
  runNMs: number;
}

const say = (what: string) => process.stderr.write(`bench (fresh machine): ${what}\n`);

/** Runs the scenario, or says why it cannot run here. */
export async function freshBench(input: FreshInputs): Promise<FreshFigures | { missing: string }> {
  const registryBin = await registryBinary();
  if (typeof registryBin !== "string") return registryBin;
  const dockerd = onPath("dockerd") ?? (canRun("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : undefined);
  if (!dockerd) return { missing: "no dockerd on this machine to run a second Docker daemon as the fresh machine" };
  if (process.getuid?.() !== 0) return { missing: "a second Docker daemon (the fresh machine) needs root" };

  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), "cdd-bench-fresh-"));
  let registry: Background | undefined;
  let registryLink: IndexProxy | undefined;
  let daemon: Promise<FreshDaemon> | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await (await daemon?.catch(() => undefined))?.stop();
      await registryLink?.stop();
      await registry?.stop();
      rmSync(work, { recursive: true, force: true });
    })());
  // Interrupted (Ctrl-C, a CI timeout), the second dockerd and the registry
  // would outlive the bench and keep their data: stop them first.
  // (process.on, not once: execa's exit hook re-sends a signal no other listener holds.)
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the fresh machine and the registry`);
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    try {
      registry = await startRegistry(registryBin, join(work, "registry"));
    } catch (error) {
      return { missing: (error as Error).message };
    }
    const pushTo = `127.0.0.1:${registry.port}`;
    // The fresh machine starts while CI run N pushes (its setup is not timed).
    daemon = FreshDaemon.start(dockerd, join(work, "docker")).then(async (d) => {
      await d.load(env.pythonImage);
      return d;
    });
    daemon.catch(() => undefined);

    const kinds = input.naive ? (["generated"] as const) : (["generated", "naive"] as const);
    say(`CI run N: ${kinds.join(" and ")}, inline cache pushed to a registry on ${pushTo}`);
    input.write("before");
    const refs: string[] = [];
    for (const kind of kinds)
      for (const { tag, target } of cacheImages(kind)) {
        const ref = `${pushTo}/cdd-bench-${kind}:${tag}`;
        input.images.push(ref);
        refs.push(ref);
        await buildTimed(input.dir, ref, dockerfileOf(kind), {
          indexUrl: input.indexUrl,
          extraArgs: [...INLINE_CACHE, ...(target ? ["--target", target] : [])],
        });
      }
    await Promise.all(refs.map((ref) => dockerOk(["push", ref])));
    const runNMs = performance.now() - started;

    registryLink = await IndexProxy.start(`http://${pushTo}/`, input.link);
    const pullFrom = new URL(registryLink.indexUrl).host;
    let machine: FreshDaemon;
    try {
      machine = await daemon;
    } catch (error) {
      return { missing: (error as Error).message };
    }
    const fresh = async (kind: "naive" | "generated", state: ProjectState): Promise<FreshBuild> => {
      say(`CI run N+1 on a fresh machine, ${kind}, ${state === "code" ? "code-only change" : "one dependency added"}`);
      input.write(state);
      await machine.forget();
      input.resetDownloads();
      registryLink!.reset();
      const cacheFrom = cacheImages(kind).flatMap(({ tag }) => [
        "--cache-from",
        `${pullFrom}/cdd-bench-${kind}:${tag}`,
      ]);
      const timed = await buildTimed(input.dir, `cdd-bench-fresh-${kind}:${state}`, dockerfileOf(kind), {
        indexUrl: input.indexUrl,
        host: machine.host,
        extraArgs: [...INLINE_CACHE, ...cacheFrom],
      });
      return {
        timed,
        files: input.downloads(timed.log),
        pulled: registryLink!.bytes,
        installRan: ran(timed.log, INSTALL[kind]),
      };
    };
    const oursCode = await fresh("generated", "code");
    // Every step after COPY . . reruns for either change: one build stands for both.
    const naiveCode = input.naive
      ? { ...input.naive, pulled: 0, installRan: ran(input.naive.timed.log, INSTALL.naive) }
      : await fresh("naive", "code");
    const oursDeps = await fresh("generated", "deps");
    return {
      code: { naive: naiveCode, ours: oursCode },
      deps: { ours: oursDeps },
      naiveOnFresh: !input.naive,
      cacheImages: cacheImages("generated").map(({ tag, target }) => (target ? `${tag} (${target})` : tag)),
      ms: performance.now() - started,
      runNMs,
    };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    input.write("before");
    await cleanup();
  }
}

/** The step that installs the dependencies, in each Dockerfile's plain-progress log. */
const INSTALL = { naive: /pip install --no-cache-dir/, generated: /\[installed-dependencies .*docker-install\.py/ };

const dockerfileOf = (kind: "naive" | "generated") => (kind === "naive" ? "Dockerfile.naive" : "Dockerfile.bench");

/** Whether the step matching `pattern` ran (was not reported CACHED) in a plain-progress log. */
export function ran(log: string, pattern: RegExp): boolean {
  const lines = log.split("\n");
  const header = lines.find((l) => /^#\d+ \[/.test(l) && pattern.test(l));
  if (!header) throw new Error(`no build step matching ${pattern} in the log`);
  return !lines.includes(`${header.split(" ")[0]} CACHED`);
}

function canRun(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(canRun);
}

/** The distribution registry (Debian: docker-registry), installed with apt-get when missing and possible. */
async function registryBinary(): Promise<string | { missing: string }> {
  const found = () => onPath("docker-registry") ?? onPath("registry");
  const bin = found();
  if (bin) return bin;
  if (process.getuid?.() !== 0 || !onPath("apt-get"))
    return { missing: "no docker-registry (Debian's package) or registry on PATH, and no root apt-get to install it" };
  say("installing Debian's docker-registry (log: .bench/docker-registry-apt.log)");
  mkdirSync(".bench", { recursive: true });
  const logFile = ".bench/docker-registry-apt.log";
  writeFileSync(logFile, "");
  const apt = async (args: string[]) => {
    const run = await execa("apt-get", args, {
      reject: false,
      all: true,
      stdin: "ignore",
      env: { DEBIAN_FRONTEND: "noninteractive" },
    });
    appendFileSync(logFile, `$ apt-get ${args.join(" ")}\n${run.all}\n`);
    return run;
  };
  const install = ["install", "-y", "--no-install-recommends", "docker-registry"];
  if ((await apt(install)).exitCode !== 0) {
    await apt(["update"]);
    await apt(install);
  }
  return found() ?? { missing: "apt-get install docker-registry failed (.bench/docker-registry-apt.log)" };
}

/** A daemon this bench started, stopped by its process id. */
interface Background {
  port: number;
  stop: () => Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timeout = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 30_000).unref());
  if ((await Promise.race([exited, timeout])) === "late") {
    child.kill("SIGKILL");
    await exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startRegistry(bin: string, dir: string): Promise<Background> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const port = await freePort();
  const config = join(dir, "config.yml");
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "storage")}\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const logFile = join(dir, "registry.log");
  const log = openSync(logFile, "a");
  const child = spawn(bin, ["serve", config], { stdio: ["ignore", log, log] });
  const stop = () => stopChild(child);
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    const answer = await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined);
    if (answer?.ok) return { port, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`the registry did not answer on 127.0.0.1:${port}:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
}

/**
 * A second Docker daemon: its own data root (no images but the base image
 * loaded into it, no build cache, no cache mounts), its own socket, and a
 * bridge of its own that nothing uses (builds use the host's network, as the
 * bench's do). Not `--bridge=none`: a daemon started so deletes docker0, the
 * first daemon's bridge, and every container that needs it fails after.
 */
const FRESH_BRIDGE = "cdd-fresh0";

class FreshDaemon {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly host: string,
  ) {}

  static async start(dockerd: string, dir: string): Promise<FreshDaemon> {
    for (const sub of ["data", "exec"]) mkdirSync(join(dir, sub), { recursive: true });
    await execa("ip", ["link", "del", FRESH_BRIDGE], { reject: false });
    for (const args of [
      ["link", "add", FRESH_BRIDGE, "type", "bridge"],
      ["addr", "add", "10.213.0.1/24", "dev", FRESH_BRIDGE],
      ["link", "set", FRESH_BRIDGE, "up"],
    ])
      await execa("ip", args);
    const host = `unix://${join(dir, "docker.sock")}`;
    const logFile = join(dir, "dockerd.log");
    const log = openSync(logFile, "a");
    const child = spawn(
      dockerd,
      [
        "--data-root",
        join(dir, "data"),
        "--exec-root",
        join(dir, "exec"),
        "--pidfile",
        join(dir, "dockerd.pid"),
        "-H",
        host,
        `--bridge=${FRESH_BRIDGE}`,
        "--iptables=false",
        "--ip-masq=false",
      ],
      { stdio: ["ignore", log, log] },
    );
    const daemon = new FreshDaemon(child, dir, host);
    for (let i = 0; i < 60 && child.exitCode === null; i++) {
      if ((await daemon.docker(["info"])).exitCode === 0) return daemon;
      await sleep(500);
    }
    await daemon.stop();
    throw new Error(`the second dockerd did not start:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
  }

  docker(args: string[]) {
    return docker(args, { env: { DOCKER_BUILDKIT: "1", DOCKER_HOST: this.host } });
  }

  /** The base image, as a machine that has pulled it (the same for both Dockerfiles; not timed). */
  async load(image: string): Promise<void> {
    const loaded = await execa(
      "sh",
      ["-c", '"$0" save "$1" | DOCKER_HOST="$2" "$0" load', env.docker, image, this.host],
      {
        reject: false,
        all: true,
      },
    );
    if (loaded.exitCode !== 0) throw new Error(`loading ${image} into the fresh daemon failed:\n${loaded.all}`);
  }

  /** Back to a fresh machine: no image but the base image, an empty build cache (cache mounts included). */
  async forget(): Promise<void> {
    const built = (await this.docker(["images", "-q", "--filter", "reference=cdd-bench-fresh-*"])).stdout;
    const ids = String(built).split("\n").filter(Boolean);
    if (ids.length) await this.docker(["rmi", "-f", ...new Set(ids)]);
    const pruned = await this.docker(["builder", "prune", "-af"]);
    if (pruned.exitCode !== 0) throw new Error(`pruning the fresh daemon's build cache failed:\n${pruned.all}`);
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
    await execa("ip", ["link", "del", FRESH_BRIDGE], { reject: false });
    // Mounts a killed daemon left behind (its own, under its directory).
    const mounts = readFileSync("/proc/self/mounts", "utf8")
      .split("\n")
      .map((line) => line.split(" ")[1] ?? "")
      .filter((point) => point.startsWith(`${this.dir}/`))
      .reverse();
    for (const point of mounts) await execa("umount", ["-l", point], { reject: false });
  }
}
