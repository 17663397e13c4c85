import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**"],
    testTimeout: 30_000,
    // Two files at a time even on two cores (vitest's default there is
    // one): most of a test's time is spent waiting on a Python process.
    maxWorkers: 2,
    setupFiles: ["test/setup.ts"],
  },
});
