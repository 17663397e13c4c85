import { type ChildProcess, spawn } from "node:child_process";
import { isAbsolute, join } from "node:path";
import { UserError } from "../errors.js";
import { pythonDir } from "../paths.js";

/**
 * All of the tool's Python runs one way: in one Python process per run
 * (src/python/server.py), started as early as the run begins and asked one
 * job after another (runJob). Python, and setuptools above all, costs more
 * to start than most of the jobs take.
 */
export interface Python {
  /** As found or given: what messages tell the user to run. */
  command: string;
  version: string;
  /** The interpreter itself, as it reported its path (a shim resolved), or the command. */
  executable: string;
}

/** What a job answered: its result, and what it (or setup.py) printed. */
export type JobAnswer = { ok: true; result: unknown; output: string } | { ok: false; output: string };

const MINIMUM: [number, number] = [3, 8];

/** The last lines of a command's error output, for messages. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** An answer line; one that is not (a crash halfway through a line) is the job's failure. */
function parseAnswer(line: string): JobAnswer {
  try {
    return JSON.parse(line) as JobAnswer;
  } catch {
    return { ok: false, output: `Python's answer could not be read: ${line.slice(0, 200)}` };
  }
}

/** One server process, its answers awaited in the order the jobs were sent. */
class Session {
  readonly child: ChildProcess;
  /** The first line: "VERSION EXECUTABLE", or null when the process ended first. */
  readonly hello: Promise<string | null>;
  private waiting: Array<(answer: JobAnswer) => void> = [];
  private nextId = 1;
  private stdoutText = "";
  private stderrText = "";
  private greeted = false;
  exited = false;

  constructor(command: string, env: NodeJS.ProcessEnv, warm: string[]) {
    // boot.py runs on any Python: it tells the version before anything else.
    const args = [join(pythonDir, "boot.py"), ...(warm.length > 0 ? ["--warm", ...warm] : [])];
    this.child = spawn(command, args, {
      env: { ...env, PYTHONDONTWRITEBYTECODE: "1", PYTHONUTF8: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let greet: (line: string | null) => void = () => {};
    this.hello = new Promise((resolve) => (greet = resolve));
    this.child.stdout!.setEncoding("utf8");
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (chunk: string) => (this.stderrText = (this.stderrText + chunk).slice(-20_000)));
    this.child.stdout!.on("data", (chunk: string) => {
      this.stdoutText += chunk;
      let newline: number;
      while ((newline = this.stdoutText.indexOf("\n")) >= 0) {
        const line = this.stdoutText.slice(0, newline);
        this.stdoutText = this.stdoutText.slice(newline + 1);
        if (!this.greeted) {
          this.greeted = true;
          greet(line);
        } else this.answer(parseAnswer(line));
      }
    });
    // A write to a process that has ended: its end is reported below.
    this.child.stdin!.on("error", () => {});
    const ended = () => {
      if (this.exited) return;
      this.exited = true;
      this.hold(false);
      if (!this.greeted) greet(this.stdoutText.trim() || null);
      const code = this.child.exitCode ?? this.child.signalCode;
      const output = `${this.stderrText}\nPython ended before answering (exit code ${code}).`;
      for (const resolve of this.waiting.splice(0)) resolve({ ok: false, output });
    };
    this.child.on("error", ended);
    this.child.on("close", ended);
    // Until the first line, the run waits for it; after, only while a job is under way.
    this.hold(true);
    void this.hello.then(() => this.hold(this.waiting.length > 0));
  }

  /** Keeps Node running for the process only while something waits on it. */
  private hold(on: boolean): void {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) {
      const h = handle as unknown as { ref?: () => void; unref?: () => void } | null;
      if (on) h?.ref?.();
      else h?.unref?.();
    }
  }

  private answer(answer: JobAnswer): void {
    this.waiting.shift()?.(answer);
    if (this.waiting.length === 0) this.hold(false);
  }

  run(job: string, cwd: string, request: unknown): Promise<JobAnswer> {
    if (this.exited) return Promise.resolve({ ok: false, output: `${this.stderrText}\nPython had ended.` });
    const answer = new Promise<JobAnswer>((resolve) => this.waiting.push(resolve));
    this.hold(true);
    this.child.stdin!.write(`${JSON.stringify({ id: this.nextId++, job, cwd, request })}\n`);
    return answer;
  }

  stop(): void {
    this.child.kill();
  }

  /**
   * Ends the process and waits for it. Its jobs are done by then; it is
   * stopped rather than let finish (an interpreter with setuptools loaded
   * takes a third of a second to shut down), as it holds nothing to save.
   */
  end(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.hold(true);
    const closed = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
    this.child.kill();
    return closed;
  }
}

/** A started interpreter: what it is, and its server once it said so. */
interface Found {
  python: Python;
  session: Session;
}

const found = new Map<string, Promise<Found>>();
const envKey = (env: NodeJS.ProcessEnv) => `${env.CREATE_DJANGO_DOCKER_PYTHON ?? ""}\0${env.PATH ?? ""}`;

/**
 * Finds the Python to run inspection with ($CREATE_DJANGO_DOCKER_PYTHON
 * when set, else python3, else python) and starts the tool's Python in it.
 * One that is too old (or is not Python) is passed over, and named in the
 * error if nothing better is found. `warm` names modules the process
 * imports while it waits for its first job (setuptools, for a setup.py
 * project). Asked once per interpreter choice: a process that reads several
 * projects (the tests, the benchmark) starts Python once.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env, warm: string[] = []): Promise<Python> {
  const key = envKey(env);
  let started = found.get(key);
  if (!started) {
    started = start(env, warm);
    found.set(key, started);
    // A failure is not remembered: the user may install Python and ask again.
    started.catch(() => found.delete(key));
  }
  return started.then((f) => f.python);
}

async function start(env: NodeJS.ProcessEnv, warm: string[]): Promise<Found> {
  const override = env.CREATE_DJANGO_DOCKER_PYTHON;
  const candidates = override ? [override] : ["python3", "python"];
  const unusable: string[] = [];
  for (const command of candidates) {
    const session = new Session(command, env, warm);
    const hello = await session.hello;
    if (hello === null) continue;
    const [version = "", ...rest] = hello.trim().split(" ");
    const executable = rest.join(" ");
    const match = /^(\d+)\.(\d+)\.\d+$/.exec(version);
    const [major, minor] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (match && (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]))) {
      // A python3 found on PATH is often a version manager's shim (pyenv's
      // is a bash script that starts pyenv): a server started again later
      // goes to the interpreter it resolved to. A CREATE_DJANGO_DOCKER_PYTHON
      // is run as given (it may be a wrapper).
      return {
        python: { command, version, executable: !override && isAbsolute(executable) ? executable : command },
        session,
      };
    }
    session.stop();
    unusable.push(
      match
        ? `${command} is Python ${version}`
        : `${command} is not a Python interpreter (it answered "${hello.split("\n")[0]!.slice(0, 40)}")`,
    );
  }
  if (unusable.length > 0) {
    throw new UserError(
      `${unusable.join("; ")}: create-django-docker needs Python ${MINIMUM.join(".")} or newer to read the project.`,
      "Install a newer Python 3, or point CREATE_DJANGO_DOCKER_PYTHON at one (your project's virtualenv is ideal).",
    );
  }
  throw new UserError(
    `Python was not found (tried ${candidates.join(", ")}).`,
    "Install Python 3 (the one your project uses), or set CREATE_DJANGO_DOCKER_PYTHON to its path.",
  );
}

/**
 * Ends every Python this process started: the binary calls it once the
 * run is over, so that no Python outlives it.
 */
export async function stopPython(): Promise<void> {
  const sessions = [...restarted.values()];
  for (const started of found.values()) {
    const f = await started.catch(() => null);
    if (f) sessions.push(f.session);
  }
  await Promise.all(sessions.map((s) => s.end()));
}

/** Restarted servers, for a Python whose first one ended (a setup.py that called os._exit, say). */
const restarted = new Map<string, Session>();

async function sessionFor(python: Python): Promise<Session> {
  for (const started of found.values()) {
    const f = await started.catch(() => null);
    if (f && f.python.executable === python.executable && f.python.command === python.command && !f.session.exited)
      return f.session;
  }
  let session = restarted.get(python.executable);
  if (!session || session.exited) {
    session = new Session(python.executable, process.env, []);
    restarted.set(python.executable, session);
  }
  return session;
}

/**
 * Runs one job of src/python/server.py (a module there with a run(request)
 * function) in `cwd`; never throws for the job's failure, the caller decides.
 */
export async function runJob(
  python: Python | Promise<Python>,
  job: string,
  request: unknown,
  cwd: string,
): Promise<JobAnswer> {
  return (await sessionFor(await python)).run(job, cwd, request);
}

/**
 * runJob for jobs that only fail on a bug of ours (they parse, never
 * import, the project): a failure says so, with Python's error.
 */
export async function runJobJson<T>(
  python: Python | Promise<Python>,
  job: string,
  request: unknown,
  cwd: string,
  what: string,
): Promise<T> {
  const answer = await runJob(python, job, request, cwd);
  if (!answer.ok) {
    throw new UserError(
      `${what} failed.`,
      "This is a bug in create-django-docker; please report it with the output below.",
      tail(answer.output),
    );
  }
  return answer.result as T;
}
