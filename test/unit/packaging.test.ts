import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { afterFirstRun, copyFixture, fixtureNames, KEY, packagingFixturesDir, run, snapshotTree } from "../helpers.js";

const lossy = (name: "setuppy-lossy" | "setupcfg-lossy") => copyFixture(name, packagingFixturesDir);
/** The output without colours or the prompt library's left gutter, so that indentation shows. */
const text = (result: { stdout: string }) => stripVTControlCharacters(result.stdout).replace(/^│ {0,2}/gm, "");

const INIT_FILES = [
  "polls/management/__init__.py",
  "polls/management/commands/__init__.py",
  "polls/migrations/__init__.py",
];
const MANIFEST_LINES = [
  "recursive-include polls/fixtures *",
  "recursive-include polls/templates *",
  "recursive-include polls/locale *",
];
// What the tool writes for these setup.py projects (docker-requirements.py turns requires.txt into the image's list).
const GENERATED = [
  "Dockerfile",
  "docker-entrypoint.sh",
  ".dockerignore",
  "docker-requirements.py",
  "docker-install.py",
  "docker-install-project.py",
  "docker-data.py",
  ".create-django-docker.ini",
];

/** Paths whose content, mode or mtime differ between two snapshots, or that only one has. */
function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((p) => before[p] !== after[p]).sort();
}

describe("packaging check: what installing the project would lose", () => {
  it("--check names each lost file by group with its fix, exits 1, and leaves the project byte-for-byte unchanged", async () => {
    const dir = lossy("setuppy-lossy");
    const before = snapshotTree(dir);
    const result = await run([dir, "--check"]);
    const out = text(result);
    expect(result.code).toBe(1);
    expect(out).toMatch(
      /without __init__\.py[^\n]*\n\s+polls\/management\/commands\/greet\.py\n\s+polls\/migrations\/0001_initial\.py\n/,
    );
    expect(out).toContain(`fix: create ${INIT_FILES.join(", ")}`);
    expect(out).toMatch(
      /not installed \(templates[^\n]*\n\s+polls\/fixtures\/questions\.json\n\s+polls\/templates\/polls\/index\.html\n/,
    );
    expect(out).toMatch(/Translations not installed[^\n]*\n\s+polls\/locale\/fr\/LC_MESSAGES\/django\.po\n/);
    for (const line of MANIFEST_LINES) expect(out).toContain(`\n    ${line}\n`);
    expect(out).toContain("Installing the project would lose files the site needs");
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("setup.cfg project: the settings to change are written for setup.cfg, and folders outside the packages are named", async () => {
    const dir = lossy("setupcfg-lossy");
    const before = snapshotTree(dir);
    const out = text(await run([dir, "--check"]));
    expect(out).toMatch(
      /include_package_data is off[^\n]*\n\s+setup\.cfg\n\s+fix, by hand: set include_package_data = True under \[options\] in setup\.cfg/,
    );
    // The template is in MANIFEST.in already: only the static file needs a line, and the line needs the setting.
    expect(out).toContain("src/shop/catalog/templates/catalog/index.html");
    expect(out).toContain(
      "fix: add to MANIFEST.in (they count once include_package_data is on):\n    recursive-include src/shop/catalog/static *\n",
    );
    expect(out).not.toContain("recursive-include src/shop/catalog/templates *");
    expect(out).toMatch(
      /Folders outside every package[^\n]*\n\s+locale\n\s+fix, by hand: move locale into a package \(src\/shop\/locale, say\), point LOCALE_PATHS/,
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--dry-run shows the findings and what --yes would do, and writes nothing", async () => {
    const dir = lossy("setuppy-lossy");
    const before = snapshotTree(dir);
    const result = await run([dir, "--dry-run"]);
    expect(result.code).toBe(0);
    expect(text(result)).toContain(
      `With --yes, create-django-docker would create ${INIT_FILES.join(", ")} and add 3 lines to MANIFEST.in.`,
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--yes makes only the safe fixes (new __init__.py files, lines after MANIFEST.in), says so, and then nothing is lost", async () => {
    const dir = lossy("setuppy-lossy");
    const manifest = readFileSync(join(dir, "MANIFEST.in"), "utf8");
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes"]);
    expect(result.code).toBe(0);
    expect(text(result)).toContain(
      `Packaging: created ${INIT_FILES.join(", ")} and added to MANIFEST.in: ${MANIFEST_LINES.join("; ")}.`,
    );
    expect(changed(before, snapshotTree(dir))).toEqual([...GENERATED, "MANIFEST.in", ...INIT_FILES].sort());
    for (const file of INIT_FILES) expect(readFileSync(join(dir, file), "utf8")).toBe("");
    expect(readFileSync(join(dir, "MANIFEST.in"), "utf8")).toBe(
      `${manifest}# Added by create-django-docker: files the installed package needs at run time.\n${MANIFEST_LINES.join("\n")}\n`,
    );
    const check = await run([dir, "--check"]);
    expect(check.code).toBe(0);
    expect(text(check)).toContain("installing the project keeps every file in its packages");
  });

  it("--yes leaves setup.cfg alone: it adds the MANIFEST.in line, prints the setting to change, and exits 1", async () => {
    const dir = lossy("setupcfg-lossy");
    const setupCfg = readFileSync(join(dir, "setup.cfg"), "utf8");
    const before = snapshotTree(dir);
    const result = await run([dir, "--yes"]);
    const out = text(result);
    expect(result.code).toBe(1);
    expect(changed(before, snapshotTree(dir))).toEqual([...GENERATED, "MANIFEST.in"].sort());
    expect(readFileSync(join(dir, "setup.cfg"), "utf8")).toBe(setupCfg);
    expect(out).toContain("Packaging: added to MANIFEST.in: recursive-include src/shop/catalog/static *.");
    expect(out).toMatch(
      /still lose files the site needs\. To do:\n {2}- set include_package_data = True under \[options\] in setup\.cfg\n {2}- move locale into a package/,
    );
  });

  it("a second --yes adds nothing twice", async () => {
    const dir = lossy("setupcfg-lossy");
    await run([dir, "--yes"]);
    const manifest = readFileSync(join(dir, "MANIFEST.in"), "utf8");
    await run([dir, "--yes"]);
    expect(readFileSync(join(dir, "MANIFEST.in"), "utf8")).toBe(manifest);
  });

  it("without a terminal or --yes it reports and changes nothing in the packaging", async () => {
    const dir = lossy("setuppy-lossy");
    const before = snapshotTree(dir);
    const result = await run([dir, "--python-version", "3.12"]);
    expect(result.code).toBe(1);
    expect(changed(before, snapshotTree(dir))).toEqual(GENERATED.slice().sort());
    expect(text(result)).toContain(
      `- run with --yes (or answer yes) to create ${INIT_FILES.join(", ")} and add 3 lines to MANIFEST.in`,
    );
  });

  it("the wizard shows the findings and makes the fixes when the answer is yes", async () => {
    const dir = lossy("setuppy-lossy");
    const result = await run(
      [dir, "--python-version", "3.12"],
      [
        [/Make these packaging fixes\? \(3 new __init__\.py files, 3 MANIFEST\.in lines\)/, KEY.enter],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(0);
    expect(text(result)).toContain("polls/templates/polls/index.html");
    expect(readFileSync(join(dir, "MANIFEST.in"), "utf8")).toContain("recursive-include polls/templates *\n");
    expect(readFileSync(join(dir, "polls/migrations/__init__.py"), "utf8")).toBe("");
  });

  it("the wizard makes no fix when the answer is no, and says what is left", async () => {
    const dir = lossy("setuppy-lossy");
    const before = snapshotTree(dir);
    const result = await run(
      [dir, "--python-version", "3.12"],
      [
        [/Make these packaging fixes\?/, `${KEY.down}${KEY.enter}`],
        [/Write these files\?/, KEY.enter],
      ],
    );
    expect(result.code).toBe(1);
    expect(changed(before, snapshotTree(dir))).toEqual(GENERATED.slice().sort());
    expect(text(result)).toContain("The image would still lose files the site needs");
  });

  it("a setup.py that fails on the build context (it reads .git, which Docker never sends) is named with its error", async () => {
    const dir = lossy("setuppy-lossy");
    const setup = join(dir, "setup.py");
    writeFileSync(
      setup,
      readFileSync(setup, "utf8").replace(
        '    version="1.0.0",',
        '    version="1.0.0+" + open(".git/HEAD", encoding="utf-8").read().strip()[-7:],',
      ),
    );
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
    const result = await run([dir, "--check"]);
    const out = text(result);
    expect(result.code).toBe(1);
    expect(out).toContain("setuptools failed on a copy of the project as docker build would send it");
    // The error and the line of setup.py that raised it; none of the tool's own frames.
    expect(out).toMatch(/File "setup\.py", line \d+[\s\S]*FileNotFoundError: [^\n]*'\.git\/HEAD'/);
    expect(out).not.toMatch(/server\.py|list_installed_files\.py/);
  });

  it("files Docker never sends (a node_modules folder in a package) are not reported", async () => {
    const dir = copyFixture("setuppy-basic");
    mkdirSync(join(dir, "polls/node_modules/pkg"), { recursive: true });
    writeFileSync(join(dir, "polls/node_modules/pkg/index.js"), "");
    const result = await run([dir, "--check"]);
    expect(text(result)).toContain("installing the project keeps every file in its packages");
  });

  it("does not count an extension module's C source as lost: it is compiled, not read", async () => {
    const dir = copyFixture("setuppy-c-extension");
    writeFileSync(
      join(dir, "setup.py"),
      readFileSync(join(dir, "setup.py"), "utf8").replace("include_package_data=True", "include_package_data=False"),
    );
    const out = text(await run([dir, "--check"]));
    expect(out).toContain("tally/templates/tally/index.html");
    expect(out).not.toContain("_speedups.c");
  });

  it("a project .dockerignore that leaves out a file setup.py reads: ours goes beside it, and the check uses ours", async () => {
    const dir = copyFixture("setuppy-basic");
    writeFileSync(join(dir, "VERSION"), "1.0.0\n");
    writeFileSync(
      join(dir, "setup.py"),
      readFileSync(join(dir, "setup.py"), "utf8").replace('version="1.0.0"', 'version=open("VERSION").read().strip()'),
    );
    writeFileSync(join(dir, ".dockerignore"), "VERSION\n");
    const before = snapshotTree(dir);
    const result = await run([dir, "--check"]);
    const out = text(result);
    expect(out).toContain(
      "The project's .dockerignore leaves out VERSION, which the image needs: ours is Dockerfile.dockerignore",
    );
    expect(out).toContain("installing the project keeps every file in its packages");
    expect(out).not.toContain("setuptools failed");
    // --check writes nothing: the files it would write are missing.
    expect(result.code).toBe(1);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it.each(fixtureNames)("%s (a project that builds and serves) loses nothing", async (name) => {
    // The first --yes run, shared with the files that begin with it too (afterFirstRun).
    const dir = await afterFirstRun(name, ["--yes"]);
    const check = await run([dir, "--check"]);
    expect(check.code).toBe(0);
    // Only setuptools builds are checked; copied projects and other backends say why not.
    expect(text(check)).toMatch(
      /installing the project keeps every file in its packages|Packaging check skipped: (the project is copied|it runs setup.py, and this project has none)/,
    );
  });
});
