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
