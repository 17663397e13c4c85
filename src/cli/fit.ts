/** clack's log lines start with a gutter of this many columns ("│  "). */
const GUTTER = 3;
const ANSI = /\u001b\[[0-9;]*m/g;

const visible = (text: string) => text.replace(ANSI, "").length;

/** One line wrapped at spaces to `width` visible columns, continuation lines under its first word. */
function wrapLine(line: string, width: number): string[] {
  const indent = /^\s*(?:- )?/.exec(line.replace(ANSI, ""))![0].length;
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
export function fit(text: string, columns: number | undefined): string {
  if (!columns) return text;
  const width = Math.max(columns - GUTTER - 1, 30);
  return text
    .split("\n")
    .flatMap((line) => (visible(line) <= width ? [line] : wrapLine(line, width)))
    .join("\n");
}
