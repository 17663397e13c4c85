import { defineConfig } from "vitest/config";

// Real `docker build` + `docker run`: slow, serial (two cores), and only
// meaningful with a Docker engine; see test/e2e/README.md.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 15 * 60_000,
    hookTimeout: 15 * 60_000,
    fileParallelism: false,
  },
});
