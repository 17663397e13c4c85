import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**"],
    testTimeout: 30_000,
    // Two files at a time even on two cores (vitest's default there is
    // one): most of a test's time is spent waiting on a Python process.
    maxWorkers: 2,
    // Generated texts the tool keeps for later merges go here, not to the user's cache.
    env: { CREATE_DJANGO_DOCKER_CACHE: join(tmpdir(), `cdd-test-cache-${process.pid}`) },
  },
});
