import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**"],
    testTimeout: 30_000,
    // Generated texts the tool keeps for later merges go here, not to the user's cache.
    env: { CREATE_DJANGO_DOCKER_CACHE: join(tmpdir(), `cdd-test-cache-${process.pid}`) },
  },
});
