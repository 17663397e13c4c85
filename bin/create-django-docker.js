#!/usr/bin/env node
import { quickAnswer, startPython, stopPython } from "../dist/quick.js";

// A reader that stops early (`create-django-docker --dry-run | head`) is not
// an error: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

// --help and --version come from a small bundle of their own: the whole
// tool takes longer to load than they take to answer.
const argv = process.argv.slice(2);
const answer = quickAnswer(argv);
if (answer !== null) {
  process.stdout.write(`${answer}\n`);
} else {
  // Python starts while the rest of the tool loads (the bundles share it).
  startPython(argv);
  const { main } = await import("../dist/index.js");
  const code = await main(argv);
  // Cancelled (Ctrl-C): whatever the run was still doing (a Python child,
  // a timer) must not go on, least of all to write.
  if (code === 130) process.exit(code);
  // No Python outlives the run (it is done by now: this is its exit).
  await stopPython();
  process.exitCode = code;
}
