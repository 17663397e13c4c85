import type { Writable } from "node:stream";

// Select Graphic Rendition: colours and bold/dim. Cursor movement and
// erasing, which the prompts need, end in other letters and pass through.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes it matches
export const SGR = /\u001b\[[0-9;]*m/g;

/**
 * The stream with every colour code removed from what is written to it.
 * clack colours through node:util's styleText, which honours NO_COLOR only
 * on newer Node releases and judges process.stdout rather than the stream
 * it is given; filtering here makes "no colour" hold for every line.
 */
export function withoutColour<T extends Writable>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...args: unknown[]) => boolean)(
      typeof chunk === "string" ? chunk.replace(SGR, "") : chunk,
      ...rest,
    );
  return new Proxy(stream, {
    get(target, key) {
      if (key === "write") return write;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
