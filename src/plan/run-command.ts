/** Columns a header comment's command may take after its "#   " (the file's limit is 100). */
const WIDTH = 92;

/**
 * `docker run` for the Dockerfile's header, with a `-e NAME` (taken from the
 * caller's environment) for each variable the running site needs, wrapped
 * as a shell command is: ` \` at the end of every line but the last.
 */
export function dockerRunLines(image: string, port: number, env: string[], volumes: string[] = []): string[] {
  const words = [
    `docker run -p ${port}:${port}`,
    ...volumes.map((volume) => `-v ${volume}`),
    ...env.map((name) => `-e ${name}`),
    image,
  ];
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && `${line} ${word} \\`.length > WIDTH) {
      lines.push(`${line} \\`);
      line = `  ${word}`;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}
