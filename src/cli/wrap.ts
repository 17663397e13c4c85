import { SGR } from "./plain-output.js";

/** Greedy word wrap; a word longer than the width (a long path) gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

/** `text` wrapped to `width`, the first line after `first` and the rest after as many spaces. */
export function hanging(first: string, text: string, width: number): string[] {
  const indent = " ".repeat(first.length);
  return wrap(text, Math.max(width - first.length, 20)).map((line, i) => `${i === 0 ? first : indent}${line}`);
}

/** clack's log lines start with a gutter of this many columns ("│  "). */
const GUTTER = 3;

const visible = (text: string) => text.replace(SGR, "").length;

/** One line wrapped at spaces to `width` visible columns, continuation lines under its first word. */
function wrapLine(line: string, width: number): string[] {
  const indent = /^\s*(?:- )?/.exec(line.replace(SGR, ""))![0].length;
  const hang = " ".repeat(indent);
  const lines: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current && visible(current) > indent && visible(current) + 1 + visible(word) > width) {
      lines.push(current);
      current = `${hang}${word}`;
    } else {
      current = current === "" && lines.length === 0 ? word : `${current} ${word}`;
    }
  }
  return [...lines, current];
}

/**
 * A log message wrapped at word boundaries to the terminal, so that the
 * terminal never breaks a line itself (which would start the rest in the
 * gutter's column). Without a known width (not a terminal), unchanged.
 */
export function wrapForLog(text: string, columns: number | undefined): string {
  if (!columns) return text;
  const width = Math.max(columns - GUTTER - 1, 30);
  return text
    .split("\n")
    .flatMap((line) => (visible(line) <= width ? [line] : wrapLine(line, width)))
    .join("\n");
}
