#!/usr/bin/env node
import { main } from "../dist/index.js";

// A reader that stops early (`create-django-docker --dry-run | head`) is not
// an error: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

const code = await main(process.argv.slice(2));
// Cancelled (Ctrl-C): whatever the run was still doing (a Python child,
// a timer) must not go on, least of all to write.
if (code === 130) process.exit(code);
process.exitCode = code;
