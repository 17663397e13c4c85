import { execa } from "execa";
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { templatesDir } from "../paths.js";
import { UserError } from "../errors.js";

export interface Python {
  /** As found or given: what messages tell the user to run. */
  command: string;
  version: string;
  /** What is run: the interpreter itself (see findPython). */
  executable: string;
}

export interface PythonResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const MINIMUM: [number, number] = [3, 8];

/** The last lines of a command's error output, for messages. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Finds the Python to run inspection with: $CREATE_DJANGO_DOCKER_PYTHON when
 * set, else python3, else python. One that is too old (or is not Python) is
 * passed over, and named in the error if nothing better is found.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env): Promise<Python> {
  // Asked once per interpreter choice: a process that reads several
  // projects (the tests, the benchmark) starts the probe only once.
  const key = `${env.CREATE_DJANGO_DOCKER_PYTHON ?? ""}\0${env.PATH ?? ""}`;
  let found = probed.get(key);
  if (!found) {
    found = probePython(env);
    probed.set(key, found);
    // A failure is not remembered: the user may install Python and ask again.
    found.catch(() => probed.delete(key));
  }
  return found;
}

const probed = new Map<string, Promise<Python>>();

async function probePython(env: NodeJS.ProcessEnv): Promise<Python> {
  const override = env.CREATE_DJANGO_DOCKER_PYTHON;
  const candidates = override ? [override] : ["python3", "python"];
  const unusable: string[] = [];
  for (const command of candidates) {
    const result = await execa(command, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)"], {
      reject: false,
    });
    if (result.failed || result.exitCode !== 0) continue;
    const [version = "", executable = ""] = String(result.stdout).trim().split("\n").map((l) => l.trim());
    const match = /^(\d+)\.(\d+)\.\d+$/.exec(version);
    if (!match) {
      unusable.push(`${command} is not a Python interpreter (it answered "${version.split("\n")[0]!.slice(0, 40)}")`);
      continue;
    }
    const [major, minor] = [Number(match[1]), Number(match[2])];
    if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
      unusable.push(`${command} is Python ${version}`);
      continue;
    }
    // A python3 found on PATH is often a version manager's shim (pyenv's is
    // a bash script that starts pyenv), which costs more than Python's own
    // start on every run: later runs go to the interpreter it resolved to.
    // A CREATE_DJANGO_DOCKER_PYTHON is run as given (it may be a wrapper).
    return { command, version, executable: !override && isAbsolute(executable) ? executable : command };
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

/** Runs Python; never throws for a non-zero exit, the caller decides. */
export async function runPython(
  python: Python,
  args: string[],
  options: { cwd: string; input?: string },
): Promise<PythonResult> {
  const result = await execa(python.executable, args, {
    cwd: options.cwd,
    input: options.input ?? "",
    reject: false,
    env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONUTF8: "1" },
  });
  return {
    exitCode: result.exitCode ?? 1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

/** Runs one of the tool's Python helpers (templates/<name>) with a JSON request on stdin. */
export async function runScript(python: Python, name: string, request: unknown, cwd: string): Promise<PythonResult> {
  const script = readFileSync(join(templatesDir, name), "utf8");
  return runPython(python, ["-c", script], { cwd, input: JSON.stringify(request) });
}

/**
 * runScript for helpers that only fail on a bug of ours (they parse, never
 * import, the project): a failure says so, with Python's error.
 */
export async function runScriptJson<T>(python: Python, name: string, request: unknown, cwd: string, what: string): Promise<T> {
  const result = await runScript(python, name, request, cwd);
  if (result.exitCode !== 0) {
    throw new UserError(`${what} failed.`, "This is a bug in create-django-docker; please report it with the output below.", tail(result.stderr));
  }
  return JSON.parse(result.stdout) as T;
}
