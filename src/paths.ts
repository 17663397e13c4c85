import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// src/paths.ts and the bundled dist/index.js both sit one folder below the
// package root, so the same relative URL finds templates/ (and src/python/)
// from either.
export const packageRoot = fileURLToPath(new URL("..", import.meta.url));

/** The tool's own Python (src/python/), shipped as it is: the bundle runs it from there. */
export const pythonDir = fileURLToPath(new URL("../src/python/", import.meta.url));

export const templatesDir = fileURLToPath(new URL("../templates/", import.meta.url));

export const toolVersion: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
