import { defineConfig } from "vitest/config";

// Files that mock a module (vi.mock) need a module registry of their own.
const MOCKING = ["test/unit/huge-tree.test.ts"];

export default defineConfig({
  test: {
    // Two files at a time even on two cores (vitest's default there is
    // one): most of a test's time is spent waiting on a Python process.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**", ...MOCKING],
          testTimeout: 30_000,
          // A worker runs file after file with the modules it has loaded (and
          // the Python it has started): loading the tool again for each of
          // ~30 files cost more than most files' tests.
          isolate: false,
          setupFiles: ["test/setup.ts"],
        },
      },
      {
        extends: true,
        test: { name: "mocking", include: MOCKING, testTimeout: 30_000, setupFiles: ["test/setup.ts"] },
      },
    ],
  },
});
