import { defineConfig } from "tsup";

// One ESM file for a fast `npx` start: every runtime library is bundled, so
// installing the package downloads nothing else. CommonJS dependencies
// (handlebars, ini) call require(), which an ES module lacks; the banner
// provides it.
export default defineConfig({
  entry: { index: "src/main.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  outDir: "dist",
  clean: true,
  bundle: true,
  noExternal: [/.*/],
  minify: false,
  splitting: false,
  sourcemap: false,
  banner: {
    js: "import { createRequire as __cdd_createRequire } from 'node:module'; const require = __cdd_createRequire(import.meta.url);",
  },
});
