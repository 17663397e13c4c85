import { execFile } from "node:child_process";

/** What git answered: its exit code and output. */
export interface GitResult {
  code: number;
  stdout: string;
}

/**
 * Runs git in `cwd` with nothing on its stdin; null when git cannot be run
 * (not installed, say). Never throws: what git says is a hint, and without
 * git the caller does without it. (node:child_process, not execa: the two
 * calls inspection makes did not need a fifth of the tool's bundle.)
 */
export function git(args: string[], cwd: string): Promise<GitResult | null> {
  return new Promise((resolve) => {
    const child = execFile("git", args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== "number") resolve(null);
      else resolve({ code: error ? (code as number) : 0, stdout });
    });
    child.stdin?.end();
  });
}
