import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  findAssetCommands,
  findPackageDirs,
  majorForRange,
  majorOf,
  readPackage,
  scriptOutputs,
} from "../../src/inspect/frontend.js";
import { copyFixture, run, writeTree } from "../helpers.js";

const tree = (files: Record<string, string | object>) => writeTree(files, "cdd-frontend-");

const pkg = (scripts: Record<string, string> = { build: "vite build" }, extra: object = {}) => ({
  name: "x",
  private: true,
  scripts,
  ...extra,
});

describe("front end: which package manager", () => {
  const cases: Array<[string, Record<string, string | object>, string, string]> = [
    ["package-lock.json", { "package-lock.json": "{}" }, "npm", "package-lock.json"],
    ["npm-shrinkwrap.json", { "npm-shrinkwrap.json": "{}" }, "npm", "npm-shrinkwrap.json"],
    ["yarn.lock", { "yarn.lock": "# yarn lockfile v1\n" }, "yarn", "yarn.lock"],
    ["pnpm-lock.yaml", { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" }, "pnpm", "pnpm-lock.yaml"],
    ["bun.lockb", { "bun.lockb": "" }, "bun", "bun.lockb"],
    ["no lockfile", {}, "npm", "no lockfile; npm"],
  ];
  it.each(cases)("%s", (_, files, manager, from) => {
    const dir = tree({ "package.json": pkg(), ...files });
    const found = readPackage(dir, ".");
    expect(found.manager).toEqual({ value: manager, from });
  });

  it("packageManager in package.json wins over the lockfile, and its version is kept for corepack", () => {
    const dir = tree({
      "package.json": pkg(undefined, { packageManager: "pnpm@9.12.0+sha512.abc" }),
      "package-lock.json": "{}",
      "pnpm-lock.yaml": "",
    });
    const found = readPackage(dir, ".");
    expect(found.manager).toEqual({ value: "pnpm", from: "package.json packageManager" });
    expect(found.managerVersion).toBe("9.12.0+sha512.abc");
    expect(found.lockfile).toBe("pnpm-lock.yaml");
  });

  it("tells Yarn 2+ from Yarn 1 by the lockfile's metadata or packageManager", () => {
    expect(
      readPackage(tree({ "package.json": pkg(), "yarn.lock": "__metadata:\n  version: 8\n" }), ".").yarnBerry,
    ).toBe(true);
    expect(
      readPackage(tree({ "package.json": pkg(undefined, { packageManager: "yarn@4.5.0" }), "yarn.lock": "" }), ".")
        .yarnBerry,
    ).toBe(true);
    expect(
      readPackage(tree({ "package.json": pkg(undefined, { packageManager: "yarn@1.22.22" }), "yarn.lock": "" }), ".")
        .yarnBerry,
    ).toBe(false);
  });
});

describe("front end: which Node version", () => {
  it.each([
    ["v20.11.1", "20"],
    ["18", "18"],
    ["lts/iron", "20"],
    ["lts/*", "22"],
    ["node", "22"],
    ["not a version", null],
  ])(".nvmrc %s -> %s", (text, major) => expect(majorOf(text)).toBe(major));

  it.each([
    [">=18", "22"],
    ["^20.0.0", "20"],
    [">=16 <21", "20"],
    ["18.x || 20.x", "20"],
    ["~18.17", "18"],
    ["*", "22"],
    ["16 - 18", "18"],
    // Newer than the table of LTS lines: the range's own major.
    ["26.5", "26"],
    [">=25", "25"],
  ])("engines.node %s -> %s", (range, major) => expect(majorForRange(range)).toBe(major));

  it("reads .nvmrc beside package.json, or above it up to the root", () => {
    const dir = tree({ ".nvmrc": "v18.20.0\n", "frontend/package.json": pkg() });
    expect(readPackage(dir, "frontend").nodeVersion).toEqual({ value: "18", from: ".nvmrc" });
  });

  it("reads .node-version, then engines.node, then volta.node, else the LTS", () => {
    expect(readPackage(tree({ "package.json": pkg(), ".node-version": "20.9.0" }), ".").nodeVersion).toEqual({
      value: "20",
      from: ".node-version",
    });
    expect(
      readPackage(tree({ "package.json": pkg(undefined, { engines: { node: "^18.12" } }) }), ".").nodeVersion.value,
    ).toBe("18");
    expect(
      readPackage(tree({ "package.json": pkg(undefined, { volta: { node: "20.11.0" } }) }), ".").nodeVersion,
    ).toEqual({ value: "20", from: "package.json volta.node" });
    expect(readPackage(tree({ "package.json": pkg() }), ".").nodeVersion).toEqual({
      value: "22",
      from: "nothing pins one; the current LTS",
    });
  });
});

describe("front end: which script builds", () => {
  it.each([
    [{ build: "vite build", dev: "vite" }, "build"],
    [{ "watch:css": "sass --watch a:b", "build:css": "sass a.scss:static/a.css" }, "build:css"],
    [{ production: "webpack --mode production", start: "webpack serve" }, "production"],
    [
      { "tailwind:build": "tailwindcss -i in.css -o static/out.css", "tailwind:watch": "tailwindcss --watch" },
      "tailwind:build",
    ],
    [{ lint: "eslint .", test: "jest", format: "prettier -w ." }, null],
    [{ dev: "vite", start: "node server.js" }, null],
    // Wagtail's bakerydemo: fixers and checkers only, one named after the files it fixes.
    [{ "fix:js": "eslint --ext .js --fix .", "fix:css": "stylelint --fix **/*.css", lint: "eslint ." }, null],
    [{ "css:check": "npx stylelint static/**/*.css", js: "prettier --check src" }, null],
    [{ lint: "eslint .", "build:prod": "tsc --noEmit && vite build" }, "build:prod"],
  ])("%o -> %s", (scripts, script) => {
    expect(readPackage(tree({ "package.json": pkg(scripts) }), ".").script?.value ?? null).toBe(script);
  });
});

describe("front end: where the build writes", () => {
  it.each([
    ["esbuild a.js --bundle --outdir=static/dist", ["static/dist"]],
    ["esbuild a.js --bundle --outfile=static/js/app.js", ["static/js"]],
    ["tailwindcss -i ./src/in.css -o ./static/css/out.css --minify", ["./static/css"]],
    ["sass src/main.scss:static/css/main.css --style compressed", ["static/css"]],
    ["ng build --output-path dist/app", ["dist/app"]],
    ["eslint .", []],
  ])("%s", (command, outputs) => expect(scriptOutputs(command)).toEqual(outputs));

  it("follows the scripts the build script runs", () => {
    const dir = tree({
      "package.json": pkg({
        build: "npm run build:js && run-s build:css",
        "build:js": "esbuild a.js --outdir=out/js",
        "build:css": "sass a.scss:out/css/a.css",
      }),
    });
    expect(readPackage(dir, ".").outputs.map((o) => o.value)).toEqual(["out/js", "out/css"]);
  });

  it("reads Vite's build.outDir, relative to the config when it uses __dirname", () => {
    const dir = tree({
      "frontend/package.json": pkg(),
      "frontend/vite.config.js":
        'import { resolve } from "path";\nexport default { build: { outDir: resolve(__dirname, "../static/dist"), manifest: true } };\n',
    });
    expect(readPackage(dir, "frontend").outputs).toEqual([{ value: "static/dist", from: "frontend/vite.config.js" }]);
  });

  it("uses Vite's default dist when its config names no outDir", () => {
    const dir = tree({ "package.json": pkg(), "vite.config.ts": "export default {}\n" });
    expect(readPackage(dir, ".").outputs).toEqual([{ value: "dist", from: "vite.config.ts: the default" }]);
  });

  it("reads webpack's output.path and Angular's outputPath", () => {
    const webpack = tree({
      "package.json": pkg({ build: "webpack --mode production" }),
      "webpack.config.js":
        "const path = require('path');\nmodule.exports = { entry: './assets/index.js', output: { filename: '[name].js', path: path.resolve(__dirname, 'assets/bundles') } };\n",
    });
    expect(readPackage(webpack, ".").outputs.map((o) => o.value)).toEqual(["assets/bundles"]);
    const angular = tree({
      "client/package.json": pkg({ build: "ng build" }),
      "client/angular.json": {
        projects: { app: { architect: { build: { options: { outputPath: { base: "../static/app" } } } } } },
      },
    });
    expect(readPackage(angular, "client").outputs.map((o) => o.value)).toEqual(["static/app"]);
  });
});

describe("front end: gulp", () => {
  it("reads gulp.dest outputs from a gulpfile.js folder, one folder for nested ones, and copies the tasks", () => {
    const dir = tree({
      "package.json": pkg({ build: "gulp copy && gulp styles", watch: "gulp watch" }),
      "gulpfile.js/index.js": 'exports.copy = require("./tasks/copy");\n',
      "gulpfile.js/tasks/copy.js":
        'module.exports = () => gulp.src("assets/vendor/**/*").pipe(gulp.dest("shop/static/shop/"));\n',
      "gulpfile.js/tasks/styles.js":
        "module.exports = () => gulp.src('assets/scss/*.scss').pipe(sass()).pipe(gulp.dest('shop/static/shop/css/'));\n",
      "assets/scss/site.scss": "",
      "assets/vendor/x.js": "",
      "shop/__init__.py": "",
      ".eslintrc.json": "{}",
    });
    const found = readPackage(dir, ".");
    expect(found.outputs).toEqual([{ value: "shop/static/shop", from: "gulpfile.js/tasks/copy.js" }]);
    expect(found.referenced).toEqual(["assets", "gulpfile.js"]);
    expect(found.configFiles).toEqual([]);
  });
});

describe("front end: what the build reads", () => {
  it("copies the folder of an entry point, widened up to a folder of Python code, and Tailwind's template globs", () => {
    const dir = tree({
      "package.json": pkg({
        build:
          "esbuild shop/static/src/js/main.js --bundle --outdir=shop/static/dist && tailwindcss -i styles/in.css -o shop/static/dist/out.css",
      }),
      "tailwind.config.js": 'module.exports = { content: ["./shop/templates/**/*.html", "./templates/**/*.html"] };\n',
      "shop/__init__.py": "",
      "shop/static/src/js/main.js": "",
      "shop/templates/shop/a.html": "",
      "styles/in.css": "",
      "templates/base.html": "",
    });
    const found = readPackage(dir, ".");
    expect(found.referenced).toEqual(["shop/static", "shop/templates", "styles", "templates"]);
    expect(found.configFiles).toEqual(["tailwind.config.js"]);
  });
});

describe("front end: which package.json files count", () => {
  it("skips node_modules, tests, fixtures, docs and examples", () => {
    const dir = tree({
      "package.json": pkg(),
      "frontend/package.json": pkg(),
      "node_modules/left-pad/package.json": pkg(),
      "tests/fixtures/app/package.json": pkg(),
      "docs/package.json": pkg(),
      "examples/demo/package.json": pkg(),
    });
    expect(findPackageDirs(dir)).toEqual([".", "frontend"]);
  });
});

// Whole runs (Python reads the settings): what the plan JSON says.
const DJANGO = {
  "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n',
  "requirements.txt": "Django>=4.2\n",
  "site_conf/__init__.py": "",
  "site_conf/wsgi.py": "application = None\n",
};
const settings = (extra: string) =>
  `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = "static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\nINSTALLED_APPS = ["django.contrib.staticfiles"]\n${extra}`;

async function planOf(
  dir: string,
  args: string[] = [],
): Promise<{ frontend: unknown; staticSteps: string[]; warnings: string[] }> {
  const result = await run([dir, "--yes", "--dry-run", "--json", ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe("front end: the plan for a whole project", () => {
  it("in a monorepo-like tree, builds only the package.json whose output the static settings read", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]\n'),
      "package.json": pkg({ lint: "prettier --check ." }),
      "package-lock.json": "{}",
      "frontend/package.json": pkg({ build: "vite build", dev: "vite" }),
      "frontend/pnpm-lock.yaml": "",
      "frontend/.nvmrc": "20\n",
      "frontend/vite.config.js": 'export default { build: { outDir: "../static/dist" } };\n',
      "emails/package.json": pkg({ build: "mjml src/*.mjml -o ../templates/emails" }),
      "tests/js/package.json": pkg({ build: "webpack" }),
    });
    const plan = await planOf(dir);
    expect(plan.frontend).toEqual({
      dir: "frontend",
      manager: "pnpm",
      script: "build",
      nodeVersion: "20",
      outputs: ["static/dist"],
      runtimeFiles: [],
    });
  });

  it("installs only when a STATICFILES_DIRS entry reads node_modules and no script builds", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(
        'STATICFILES_DIRS = [("vendor", BASE_DIR / "node_modules" / "bootstrap" / "dist")]\n',
      ),
      "package.json": pkg({ lint: "eslint ." }, { dependencies: { bootstrap: "5.3.3" } }),
      "yarn.lock": "# yarn lockfile v1\n",
    });
    const plan = await planOf(dir);
    expect(plan.frontend).toEqual({
      dir: ".",
      manager: "yarn",
      script: null,
      nodeVersion: "22",
      outputs: ["node_modules"],
      runtimeFiles: [],
    });
  });

  it("installs only for django-npm's NpmFinder, in the folder NPM_ROOT_PATH names", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(
        'STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.AppDirectoriesFinder", "npm.finders.NpmFinder"]\nNPM_ROOT_PATH = BASE_DIR / "client"\n',
      ),
      "package.json": pkg({ lint: "eslint ." }),
      "client/package.json": pkg({ test: "jest" }, { dependencies: { htmx: "2.0.0" } }),
      "client/package-lock.json": "{}",
    });
    expect((await planOf(dir)).frontend).toEqual({
      dir: "client",
      manager: "npm",
      script: null,
      nodeVersion: "22",
      outputs: ["client/node_modules"],
      runtimeFiles: [],
    });
  });

  it("builds nothing for a package.json with only lint and test scripts", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(""),
      "package.json": pkg({ lint: "eslint .", test: "vitest" }),
    });
    expect((await planOf(dir)).frontend).toBeNull();
  });

  it("takes git-ignored or missing STATICFILES_DIRS entries as the output when nothing else says", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "assets", BASE_DIR / "assets_built"]\n'),
      "package.json": pkg({ build: "gulp" }),
      "package-lock.json": "{}",
      "gulpfile.js": 'src("assets/scss/*.scss")\n',
      "assets/scss/a.scss": "",
    });
    const plan = await planOf(dir);
    expect(plan.frontend).toMatchObject({ script: "build", outputs: ["assets_built"] });
  });

  it("obeys --frontend none, --frontend-script and --node-version", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "dist"]\n'),
      "package.json": pkg({ build: "vite build", "build:prod": "vite build --mode production" }),
      "vite.config.js": "export default {}\n",
    });
    expect((await planOf(dir, ["--frontend", "none"])).frontend).toBeNull();
    expect(await planOf(dir, ["--frontend-script", "build:prod", "--node-version", "20"])).toMatchObject({
      frontend: { script: "build:prod", nodeVersion: "20", outputs: ["dist"] },
    });
    const bad = await run([dir, "--yes", "--dry-run", "--frontend", "client"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("--frontend client: no package.json there");
  });
});

describe("build-time management steps", () => {
  it("compilescss before collectstatic; compress after it, then collectstatic again for a manifest storage", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(
        'INSTALLED_APPS += ["sass_processor", "compressor"]\nCOMPRESS_OFFLINE = True\nSTORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}\n',
      ),
    });
    const plan = await planOf(dir, ["--build-step", "python manage.py build_icons --all"]);
    expect(plan.staticSteps).toEqual([
      "compilescss",
      "build_icons --all",
      "collectstatic",
      "compress",
      "collectstatic",
    ]);
    // The Dockerfile runs them in that order, in one step of the static stage.
    const dry = await run([dir, "--yes", "--dry-run", "--build-step", "python manage.py build_icons --all"]);
    expect(dry.stdout).toContain(
      [
        "+RUN django-admin compilescss \\",
        "+ && django-admin build_icons --all \\",
        "+ && django-admin collectstatic --noinput \\",
        "+ && django-admin compress --force \\",
        "+ && django-admin collectstatic --noinput \\",
        '+ && static_root="$(python -c',
      ].join("\n"),
    );
  });

  it("no compress when offline compression is off", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings('INSTALLED_APPS += ["compressor"]\nCOMPRESS_OFFLINE = False\n'),
    });
    expect((await planOf(dir)).staticSteps).toEqual(["collectstatic"]);
  });
});

describe("front-end answers are remembered", () => {
  it("keeps --frontend none, --node-version and --build-step for the next run", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "dist"]\n'),
      "package.json": pkg({ build: "vite build" }),
      "vite.config.js": "export default {}\n",
    });
    const first = await run([dir, "--yes", "--node-version", "20", "--build-step", "manage.py build_icons"]);
    expect(first.code, first.stdout).toBe(0);
    const again = await planOf(dir);
    expect(again.frontend).toMatchObject({ dir: ".", nodeVersion: "20" });
    expect(again.staticSteps).toEqual(["build_icons", "collectstatic"]);
    expect((await run([dir, "--yes", "--frontend", "none"])).code).toBe(0);
    expect((await planOf(dir)).frontend).toBeNull();
  });
});

describe("build-step candidates", () => {
  it("finds management commands and Makefile targets named like asset builds, and says how each could run", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(""),
      "shop/management/commands/build_icons.py": "",
      "shop/management/commands/import_orders.py": "",
      Makefile: "build-assets:\n\tnpm run build\ntest:\n\tpytest\n",
    });
    expect(findAssetCommands(dir)).toEqual(["make build-assets", "manage.py build_icons"]);
    const dry = await run([dir, "--yes", "--dry-run"]);
    const summary = dry.stdout.replace(/\s*│\s*/g, " ").replace(/ +/g, " ");
    expect(summary).toContain("Build steps collectstatic (not run: manage.py build_icons; add with --build-step; ");
    expect(summary).toContain(
      "not run: make build-assets; the image has no make: a package.json build script would run)",
    );
  });
});

describe("re-runs", () => {
  it("adding a package.json adds the front-end stage, keeping a hand edit; removing it takes the stage out", async () => {
    const dir = tree({ ...DJANGO, "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "built"]\n') });
    expect((await run([dir, "--yes"])).code).toBe(0);
    const dockerfile = join(dir, "Dockerfile");
    writeFileSync(
      dockerfile,
      readFileSync(dockerfile, "utf8").replace("FROM base AS build-base", "FROM base AS build-base\n# our own note"),
    );
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify(pkg({ build: "esbuild src/app.js --bundle --outdir=built" })),
    );
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/app.js"), "");
    expect((await run([dir, "--yes"])).code).toBe(0);
    const withFrontend = readFileSync(dockerfile, "utf8");
    expect(withFrontend).toContain("AS frontend");
    expect(withFrontend).toContain("# our own note");
    expect(withFrontend).toContain("source=/src/built,target=built");
    rmSync(join(dir, "package.json"));
    expect((await run([dir, "--yes"])).code).toBe(0);
    const without = readFileSync(dockerfile, "utf8");
    expect(without).not.toContain("AS frontend");
    expect(without).toContain("# our own note");
  });
});

describe("front end: where the build writes, from django-webpack-loader and django-vite settings", () => {
  it("webpack-loader (cookiecutter-django's shape): the output path of the config --config names, and the stats file in the final image", async () => {
    const dir = copyFixture("webpack-loader");
    const plan = await planOf(dir);
    // output.path sits in webpack/common.config.js, which webpack/prod.config.js merges.
    expect(plan.frontend).toEqual({
      dir: ".",
      manager: "npm",
      script: "build",
      nodeVersion: "22",
      outputs: ["tracker/static/webpack_bundles"],
      runtimeFiles: ["webpack-stats.json"],
    });
    const dockerfile = (await run([dir, "--yes", "--dry-run"])).stdout;
    // The config folder and the entry points' folder reach the front-end stage.
    expect(dockerfile).toContain(
      "+COPY tracker/static /src/tracker/static/\n+COPY webpack /src/webpack/\n+RUN npm run build",
    );
    expect(dockerfile).toContain("+COPY --from=frontend /src/webpack-stats.json ./");
  });

  it("webpack-loader without a readable webpack output: BUNDLE_DIR_NAME in the only STATICFILES_DIRS entry", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(
        'STATICFILES_DIRS = [BASE_DIR / "static"]\nWEBPACK_LOADER = {"DEFAULT": {"BUNDLE_DIR_NAME": "bundles/", "STATS_FILE": BASE_DIR / "build" / "stats.json"}}\n',
      ),
      "package.json": pkg({ build: "webpack --mode production" }),
      "package-lock.json": "{}",
      "webpack.config.js":
        'const out = require("./paths").out;\nmodule.exports = { entry: "./js/app.js", output: { path: out } };\n',
      "js/app.js": "",
      "static/logo.svg": "<svg/>",
    });
    const plan = await planOf(dir);
    // Not webpack's default dist/: the config names its output, only not readably.
    expect(plan.frontend).toMatchObject({ outputs: ["static/bundles"], runtimeFiles: ["build/stats.json"] });
  });

  it("django-vite: the manifest_path's folder (above .vite/) is the output, and the manifest goes in the final image", async () => {
    const dir = copyFixture("vite-manifest");
    const plan = await planOf(dir);
    expect(plan.frontend).toMatchObject({
      outputs: ["assets/bundled"],
      runtimeFiles: ["assets/bundled/.vite/manifest.json"],
    });
    const dockerfile = (await run([dir, "--yes", "--dry-run"])).stdout;
    expect(dockerfile).toContain("source=/src/assets/bundled,target=assets/bundled");
    expect(dockerfile).toContain("+COPY --from=frontend /src/assets/bundled/.vite/manifest.json assets/bundled/.vite/");
  });

  it("django-vite before 3.0: DJANGO_VITE_ASSETS_PATH is the output; a manifest in STATIC_ROOT is collected, not copied", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(
        'DJANGO_VITE_ASSETS_PATH = BASE_DIR / "shop" / "static" / "vite"\nDJANGO_VITE_MANIFEST_PATH = STATIC_ROOT / "manifest.json"\n',
      ),
      "package.json": pkg({ build: "vite build" }),
      "package-lock.json": "{}",
      "vite.config.js": "export default { build: { manifest: 'manifest.json', outDir: process.env.OUT } };\n",
    });
    expect((await planOf(dir)).frontend).toMatchObject({ outputs: ["shop/static/vite"], runtimeFiles: [] });
  });
});

describe("front end: a build whose output nothing names", () => {
  const unknown = () =>
    tree({
      ...DJANGO,
      "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "static"]\n'),
      "package.json": pkg({ build: "node tools/build.mjs" }),
      "package-lock.json": "{}",
      "tools/build.mjs":
        'import { writeFileSync } from "node:fs";\nconst target = process.env.TARGET;\nwriteFileSync(target, "");\n',
      "static/img/logo.svg": "<svg/>",
    });

  it("by default takes the folders the settings read, copied into the stage first so that the build adds to them", async () => {
    const dir = unknown();
    const plan = await planOf(dir);
    expect(plan.frontend).toMatchObject({ outputs: ["static"] });
    const out = (await run([dir, "--yes", "--dry-run"])).stdout;
    expect(out).toContain("+COPY static /src/static/\n+RUN npm run build");
    expect(out).toContain("source=/src/static,target=static");
    // Its committed files stay in the build context.
    expect(out).not.toMatch(/^\+\/?static\/?$/m);
  });

  it("--frontend-output names them, remembered by the next run", async () => {
    const dir = unknown();
    expect(
      (await run([dir, "--yes", "--frontend-output", "static/gen", "--frontend-output", "./static/more/"])).code,
    ).toBe(0);
    expect(readFileSync(join(dir, ".create-django-docker.ini"), "utf8")).toContain(
      "frontendOutputs=static/gen static/more",
    );
    expect((await planOf(dir)).frontend).toMatchObject({ outputs: ["static/gen", "static/more"] });
    expect((await planOf(dir, ["--frontend-output", ""])).frontend).toMatchObject({ outputs: [] });
    const bad = await run([dir, "--yes", "--dry-run", "--frontend-output", "../elsewhere"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("../elsewhere is not a folder inside the project");
  });
});

describe("front end: corepack", () => {
  it("comes from npm on Node 25 and later, which ship without it", async () => {
    const project = (node: string) =>
      tree({
        ...DJANGO,
        "site_conf/settings.py": settings('STATICFILES_DIRS = [BASE_DIR / "dist"]\n'),
        "package.json": pkg({ build: "vite build" }, { packageManager: "pnpm@9.15.9" }),
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        ".nvmrc": `${node}\n`,
      });
    const on25 = (await run([project("25"), "--yes", "--dry-run"])).stdout;
    expect(on25).toContain("+ARG NODE_IMAGE=node:25-slim");
    expect(on25).toContain("+RUN npm install -g --no-audit --no-fund corepack && corepack enable");
    const on24 = (await run([project("24"), "--yes", "--dry-run"])).stdout;
    expect(on24).toContain("+RUN corepack enable\n");
    expect(on24).not.toContain("npm install -g");
  });
});

describe("front end: beside the Django project rather than in it", () => {
  it("warns that a STATICFILES_DIRS entry outside the build context reaches nothing (a backend/ + frontend/ repository)", async () => {
    const dir = tree({
      "frontend/package.json": pkg({ build: "vite build" }),
      "frontend/vite.config.js": 'export default { build: { outDir: "dist" } };\n',
      "backend/manage.py": DJANGO["manage.py"],
      "backend/requirements.txt": DJANGO["requirements.txt"],
      "backend/site_conf/__init__.py": "",
      "backend/site_conf/wsgi.py": "application = None\n",
      "backend/site_conf/settings.py": settings(
        'STATICFILES_DIRS = [BASE_DIR / "../frontend/dist", BASE_DIR / "static"]\n',
      ),
    });
    const plan = await planOf(dir);
    expect(plan.frontend).toBeNull();
    expect(plan.warnings.join("\n")).toMatch(
      /STATICFILES_DIRS reads \.\.\/frontend\/dist \(site_conf\/settings\.py:\d+\), outside the build context/,
    );
  });
});

describe("front end: a stats file kept in git (8area8/p8__pur-beurre's shape)", () => {
  it("is not read as build config; the stage starts from it and the image gets the one the build writes", async () => {
    const dir = tree({
      ...DJANGO,
      "site_conf/settings.py": settings(
        'STATICFILES_DIRS = [BASE_DIR / "assets"]\nWEBPACK_LOADER = {"DEFAULT": {"BUNDLE_DIR_NAME": "bundles/", "STATS_FILE": BASE_DIR / "webpack-stats.json"}}\n',
      ),
      "package.json": pkg({ build: "webpack --mode production" }),
      "package-lock.json": "{}",
      "webpack.config.js":
        'module.exports = { entry: "./assets/dev/index.js", output: { path: path.resolve("./assets/bundles") } };\n',
      "webpack-stats.json": '{"status": "done", "chunks": {}}\n',
      "assets/dev/index.js": "",
      "assets/bundles/index.js": "",
    });
    expect((await planOf(dir)).frontend).toMatchObject({
      outputs: ["assets/bundles"],
      runtimeFiles: ["webpack-stats.json"],
    });
    const out = (await run([dir, "--yes", "--dry-run"])).stdout;
    expect(out).toContain(
      "+COPY webpack.config.js /src/\n+COPY assets /src/assets/\n+COPY webpack-stats.json /src/\n+RUN npm run build",
    );
    expect(out).toContain("+COPY --from=frontend /src/webpack-stats.json ./");
  });
});
