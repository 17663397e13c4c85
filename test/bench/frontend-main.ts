/**
 * npm run bench:frontend: the front-end part of npm run bench alone (the
 * npm/esbuild fixture against its naive Dockerfile: a cold build, then three
 * rebuilds), for working on the front-end stage without the half hour of
 * the whole bench. Reads the same environment as npm run bench; prunes the
 * cache mounts it made, and nothing else.
 */

import { frontendBench, NAIVE_REBUILD_NOTE } from "./frontend.js";
import { cacheMountIds, pruneNewCacheMounts } from "./measure.js";
import { printTable } from "./table.js";

async function main(): Promise<void> {
  const before = await cacheMountIds();
  const started = performance.now();
  try {
    printTable([
      ["measure", "naive", "generated", "ratio", "front-end stage"],
      ...(await frontendBench(process.cwd())),
    ]);
    console.log(`\n${NAIVE_REBUILD_NOTE}`);
    console.log(`\nbench:frontend: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  } finally {
    await pruneNewCacheMounts(before);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
