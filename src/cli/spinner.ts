import type { Writable } from "node:stream";
import * as p from "@clack/prompts";
import { CancelledError } from "../errors.js";
import { coloursFor } from "./diff.js";

const FRAMES = p.unicode ? ["◒", "◐", "◓", "◑"] : ["•", "o", "O", "0"];
const FRAME_MS = 80;
const HIDE_CURSOR = "\u001b[?25l";
const SHOW_CURSOR = "\u001b[?25h";
const CLEAR_LINE = "\r\u001b[K";

/**
 * Runs `work` behind a spinner in clack's style. Not clack's own spinner:
 * that one puts the keyboard in raw mode and ends the process with exit
 * code 0 on Ctrl-C (bombshell-dev/clack#573), so an interrupted run would
 * look successful. Ctrl-C stays a SIGINT here, the one cancellation path
 * (exit 130).
 *
 * Keys typed meanwhile would wait in the terminal and reach the next
 * prompt as its first answer (an Enter accepting a default unseen, letters
 * in a text field): with `keys` (the terminal's input), they are read and
 * dropped while the spinner turns, and a Ctrl-C among them is raised as
 * the SIGINT it would have been.
 */
export async function withSpinner<T>(
  out: Writable,
  message: string,
  done: string,
  work: () => Promise<T>,
  keys?: KeyboardInput,
): Promise<T> {
  const c = coloursFor(out as { isTTY?: boolean });
  let frame = 0;
  const draw = () => out.write(`${CLEAR_LINE}${c.magenta(FRAMES[frame++ % FRAMES.length]!)}  ${message}`);
  out.write(`${c.gray(p.S_BAR)}\n${HIDE_CURSOR}`);
  draw();
  const timer = setInterval(draw, FRAME_MS);
  let onInterrupt = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    onInterrupt = () => reject(new CancelledError());
    // `on`, not `once`: execa's exit hook (signal-exit) re-raises SIGINT when
    // it finds itself the only listener left, which kills the process
    // before the cancellation is reported. Removed below, once settled.
    process.on("SIGINT", onInterrupt);
  });
  const swallow = keys ? swallowKeys(keys) : () => {};
  let succeeded = false;
  try {
    const result = await Promise.race([work(), interrupted]);
    succeeded = true;
    return result;
  } finally {
    clearInterval(timer);
    swallow();
    process.off("SIGINT", onInterrupt);
    const last = succeeded ? `${c.green(p.S_STEP_SUBMIT)}  ${done}` : `${c.red(p.S_STEP_CANCEL)}  ${message}`;
    out.write(`${CLEAR_LINE}${last}\n${SHOW_CURSOR}`);
  }
}

export type KeyboardInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };

const CTRL_C = "\u0003";

/** Reads and drops what is typed until the returned function is called (which restores the terminal). */
function swallowKeys(input: KeyboardInput): () => void {
  if (!input.isTTY || !input.setRawMode) return () => {};
  const onData = (chunk: Buffer | string) => {
    if (chunk.toString().includes(CTRL_C)) process.emit("SIGINT");
  };
  input.setRawMode(true);
  input.on("data", onData);
  input.resume();
  return () => {
    input.off("data", onData);
    input.setRawMode?.(false);
    input.pause();
  };
}
