/**
 * npm run bench:cli: how long the tool makes someone wait, against what the
 * same machine does in the same run. For each project: the plan
 * (`--yes --dry-run --json`, everything before the first question), a dry
 * run with the packaging check, and one `setup.py egg_info` in a copy of the
 * project; medians of alternating runs, their ratio, and CPU time against
 * wall time (CPU well below wall means waiting, not working). Then --help
 * and --version against a bare `node -e 0`.
 *
 * A benchmark, not a test: it prints a table and fails only when a command
 * does. CPU times come from /proc/self/stat (the children this process
 * waited for); elsewhere they are left out. RUNS=N sets the runs per figure.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { printTable } from "./table.js";

const root = process.cwd();
const bin = join(root, "bin/create-django-docker.js");
const fixtures = join(root, "test/fixtures");
const RUNS = Number(process.env.RUNS ?? 3);
const TICKS = 100; // USER_HZ: Linux reports children's CPU time in 1/100 s.

interface Sample {
  wall: number;
  cpu: number | null;
}

/** CPU seconds of the children this process has waited for, or null off Linux. */
function childrenCpu(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the name: state is field 3, cutime 16 and cstime 17 (1-based).
    return (Number(fields[13]) + Number(fields[14])) / TICKS;
  } catch {
    return null;
  }
}

function time(command: string, args: string[], cwd = root): Sample {
  const cpuBefore = childrenCpu();
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpu();
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return { wall, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs the commands in turn, RUNS times, after one warm-up each: medians, and ratios of each pair. */
function alternate(commands: Array<() => Sample>): Sample[][] {
  for (const command of commands) command();
  const samples: Sample[][] = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) for (const [j, command] of commands.entries()) samples[j]!.push(command());
  return samples;
}

const wallOf = (samples: Sample[]) => median(samples.map((s) => s.wall));
const cpuOf = (samples: Sample[]) => (samples.every((s) => s.cpu !== null) ? median(samples.map((s) => s.cpu!)) : null);
const pairRatio = (a: Sample[], b: Sample[]) => median(a.map((s, i) => s.wall / b[i]!.wall));
/** Like pairRatio, for CPU time: steadier than wall time on a busy machine. */
const cpuRatio = (a: Sample[], b: Sample[]) =>
  a.every((s, i) => s.cpu !== null && b[i]!.cpu) ? median(a.map((s, i) => s.cpu! / b[i]!.cpu!)) : null;
const fmtS = (s: number | null) => (s === null ? "n/a" : `${s.toFixed(2)} s`);
const fmtX = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(2)}x`);

/** The interpreter python3 resolves to, as the tool runs it (a shim would add its own start). */
function pythonExecutable(): string {
  const command = process.env.CREATE_DJANGO_DOCKER_PYTHON ?? "python3";
  return spawnSync(command, ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim() || command;
}

/**
 * A library with a sandbox site, the shape of django-oscar and many
 * reusable apps: setup.py and pyproject.toml at the root, setup.py reading
 * its version from the package (so egg_info needs the source), a src/
 * package with templates and static files, tests/, docs/, a sandbox/ Django
 * site with uploads in media/, and front-end tooling in node_modules/.
 */
function largeTree(): { dir: string; files: number } {
  const dir = mkdtempSync(join(tmpdir(), "cdd-bench-large-"));
  let files = 0;
  const write = (path: string, content = "") => {
    files++;
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  write(
    "setup.py",
    [
      "import re",
      "from setuptools import find_packages, setup",
      "version = re.search(r'__version__ = \"(.*)\"', open('src/shoplib/__init__.py').read()).group(1)",
      "setup(",
      "    name='shoplib', version=version, package_dir={'': 'src'}, packages=find_packages('src'),",
      "    include_package_data=True, install_requires=['Django>=4.2', 'pillow', 'django-extra-views'],",
      "    extras_require={'test': ['pytest-django']}, python_requires='>=3.10',",
      ")",
      "",
    ].join("\n"),
  );
  write("pyproject.toml", '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n');
  write("MANIFEST.in", "recursive-include src/shoplib/templates *\nrecursive-include src/shoplib/static *\n");
  write("README.rst", "shoplib\n=======\n");
  write("src/shoplib/__init__.py", '__version__ = "3.1.0"\n');
  for (let app = 0; app < 40; app++) {
    write(`src/shoplib/apps/app${app}/__init__.py`);
    for (let m = 0; m < 20; m++) write(`src/shoplib/apps/app${app}/mod${m}.py`, `VALUE = ${m}\n`);
    for (let t = 0; t < 10; t++) write(`src/shoplib/templates/shoplib/app${app}/page${t}.html`, "<p>{{ value }}</p>\n");
    for (let s = 0; s < 10; s++) write(`src/shoplib/static/shoplib/app${app}/file${s}.css`, "p { margin: 0 }\n");
  }
  for (let t = 0; t < 400; t++) write(`tests/group${t % 20}/test_${t}.py`, "def test_it():\n    assert True\n");
  for (let d = 0; d < 400; d++) write(`docs/source/part${d % 20}/page${d}.rst`, "Page\n====\n");
  for (let n = 0; n < 2000; n++) write(`node_modules/pkg${n % 100}/index${n}.js`, "module.exports = 1;\n");
  write(
    "sandbox/manage.py",
    '#!/usr/bin/env python\nimport os, sys\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n',
  );
  write(
    "sandbox/settings.py",
    'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev")\nDEBUG = False\nROOT_URLCONF = "urls"\nSTATIC_URL = "/static/"\nSTATIC_ROOT = os.path.join(os.path.dirname(__file__), "public", "static")\nINSTALLED_APPS = ["django.contrib.staticfiles", "shoplib"]\n',
  );
  write("sandbox/urls.py", "urlpatterns = []\n");
  write(
    "sandbox/wsgi.py",
    'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
  );
  for (let u = 0; u < 300; u++) write(`sandbox/media/images/photo${u}.jpg`, "x".repeat(2048));
  return { dir, files };
}

function main(): void {
  const python = pythonExecutable();
  const rows: string[][] = [
    [
      "project",
      "plan (--json)",
      "egg_info",
      "plan / egg_info",
      "same, CPU",
      "plan CPU / wall",
      "dry run",
      "dry run CPU / wall",
    ],
  ];
  const scratch = mkdtempSync(join(tmpdir(), "cdd-bench-cli-"));
  const projects: Array<[string, string]> = [
    ...[
      "setuppy-basic",
      "setupcfg-src-layout",
      "setuppy-imports-package",
      "requirements-settings-package",
      "poetry-app",
    ].map((name) => [name, join(fixtures, name)] as [string, string]),
  ];
  const large = largeTree();
  projects.push([`generated library + sandbox (${large.files.toLocaleString("en")} files)`, large.dir]);
  try {
    for (const [name, source] of projects) {
      process.stderr.write(`bench:cli: ${name}\n`);
      // A copy per project: egg_info (and nothing else) writes in it.
      const dir = join(scratch, name.replace(/\W+/g, "-"));
      cpSync(source, dir, { recursive: true });
      const eggBase = join(scratch, "egg");
      mkdirSync(eggBase, { recursive: true });
      const hasSetupPy = existsSync(join(dir, "setup.py"));
      const plan = () => time(process.execPath, [bin, dir, "--yes", "--dry-run", "--json"]);
      const dry = () => time(process.execPath, [bin, dir, "--yes", "--dry-run"]);
      const eggInfo = () => time(python, ["setup.py", "--quiet", "egg_info", "--egg-base", eggBase], dir);
      const [planRuns, dryRuns, eggRuns] = alternate(hasSetupPy ? [plan, dry, eggInfo] : [plan, dry]);
      const cpuWall = (samples: Sample[]) => {
        const cpu = cpuOf(samples);
        return cpu === null ? "n/a" : `${fmtS(cpu)} / ${fmtS(wallOf(samples))}`;
      };
      rows.push([
        name,
        fmtS(wallOf(planRuns!)),
        eggRuns ? fmtS(wallOf(eggRuns)) : "(no setup.py)",
        eggRuns ? fmtX(pairRatio(planRuns!, eggRuns)) : "",
        eggRuns ? fmtX(cpuRatio(planRuns!, eggRuns)) : "",
        cpuWall(planRuns!),
        fmtS(wallOf(dryRuns!)),
        cpuWall(dryRuns!),
      ]);
    }
    printTable(rows);
    console.log("");
    const [help, version, bare] = alternate([
      () => time(process.execPath, [bin, "--help"]),
      () => time(process.execPath, [bin, "--version"]),
      () => time(process.execPath, ["-e", "0"]),
    ]);
    printTable([
      ["command", "wall", "against node -e 0", "target"],
      ["--help", fmtS(wallOf(help!)), fmtX(pairRatio(help!, bare!)), "<= 1.30x"],
      ["--version", fmtS(wallOf(version!)), fmtX(pairRatio(version!, bare!)), "<= 1.30x"],
      ["node -e 0", fmtS(wallOf(bare!)), "1.00x", ""],
    ]);
    console.log(
      `\nMedians of ${RUNS} alternating runs after a warm-up; ratios are medians of run-by-run pairs. Targets: plan <= 1.5x one egg_info.`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(large.dir, { recursive: true, force: true });
  }
}

main();
