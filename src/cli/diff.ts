import { createTwoFilesPatch } from "diff";

export interface Colours {
  green: (s: string) => string;
  red: (s: string) => string;
  cyan: (s: string) => string;
  magenta: (s: string) => string;
  gray: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** Whether to colour what goes to `stream`: a terminal, NO_COLOR unset or empty, TERM not dumb. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !("NO_COLOR" in env && env.NO_COLOR !== "") && env.TERM !== "dumb";
}

/** ANSI colours when the stream wants them, else functions that leave text as it is. */
export function coloursFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colours {
  if (!wantsColour(stream, env))
    return { green: plain, red: plain, cyan: plain, magenta: plain, gray: plain, dim: plain, bold: plain };
  return {
    green: wrap(32, 39),
    red: wrap(31, 39),
    cyan: wrap(36, 39),
    magenta: wrap(35, 39),
    gray: wrap(90, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** A unified diff from the file on disk to the new content. */
export function unifiedDiff(path: string, before: string | null, after: string, c: Colours): string {
  const patch = createTwoFilesPatch(
    before === null ? "/dev/null" : `a/${path}`,
    `b/${path}`,
    before ?? "",
    after,
    "",
    "",
    { context: 3 },
  );
  return patch
    .split("\n")
    .filter((line) => !line.startsWith("====="))
    .map((line) => {
      if (line.startsWith("+++") || line.startsWith("---")) return c.bold(line);
      if (line.startsWith("+")) return c.green(line);
      if (line.startsWith("-")) return c.red(line);
      if (line.startsWith("@@")) return c.cyan(line);
      return line;
    })
    .join("\n")
    .trimEnd();
}
