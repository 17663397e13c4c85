import { describe, expect, it } from "vitest";
import type { InstalledFiles } from "../../src/inspect/installed-files.js";
import { findLosses, safeFixes } from "../../src/inspect/packaging-findings.js";

/** A polls project whose files all ship, changed by `over`. */
function facts(over: Partial<InstalledFiles> & { lost?: string[] } = {}): InstalledFiles {
  const packageFiles = over.packageFiles ?? ["polls/__init__.py", "polls/views.py", "polls/templates/polls/index.html"];
  const lost = new Set(over.lost ?? []);
  return {
    packages: { polls: "polls" },
    includePackageData: true,
    manifestIn: true,
    configFile: "setup.py",
    installed: packageFiles.filter((f) => !lost.has(f)),
    manifest: packageFiles.filter((f) => !lost.has(f)),
    outsidePackages: [],
    ...over,
    packageFiles,
  };
}

describe("packaging findings", () => {
  it("finds nothing when everything in the packages is installed", () => {
    expect(findLosses(facts())).toEqual([]);
  });

  it("a folder of modules without __init__.py: every folder from the package down gets one", () => {
    const files = ["polls/__init__.py", "polls/management/commands/greet.py", "polls/migrations/0001_initial.py"];
    const [finding, ...rest] = findLosses(facts({ packageFiles: files, lost: files.slice(1) }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: "not-a-package",
      paths: ["polls/management/commands/greet.py", "polls/migrations/0001_initial.py"],
      initFiles: [
        "polls/management/__init__.py",
        "polls/management/commands/__init__.py",
        "polls/migrations/__init__.py",
      ],
    });
  });

  it("reports migrations without __init__.py even when MANIFEST.in ships them as data (Django ignores them)", () => {
    const files = ["polls/__init__.py", "polls/migrations/0001_initial.py"];
    expect(findLosses(facts({ packageFiles: files })).map((f) => f.kind)).toEqual(["not-a-package"]);
  });

  it("a package with __init__.py that packages= leaves out: the setting to change, in the project's own file", () => {
    const files = ["polls/__init__.py", "polls/migrations/__init__.py", "polls/migrations/0001_initial.py"];
    const lost = files.slice(1);
    const [fromSetupPy] = findLosses(facts({ packageFiles: files, lost }));
    expect(fromSetupPy).toMatchObject({ kind: "unlisted-package", paths: lost, initFiles: [], manifestLines: [] });
    expect(fromSetupPy!.byHand).toBe(
      "list them in packages= in setup.py, or find them all with packages=find_packages(): polls.migrations",
    );
    const [fromSetupCfg] = findLosses(facts({ packageFiles: files, lost, configFile: "setup.cfg" }));
    expect(fromSetupCfg!.byHand).toContain("packages = find:");
  });

  it("data files not in MANIFEST.in: one recursive-include per folder, an include for a file beside the modules", () => {
    const files = [
      "polls/__init__.py",
      "polls/templates/polls/a.html",
      "polls/templates/polls/b.html",
      "polls/static/polls/x.css",
      "polls/schema.json",
    ];
    const [finding, ...rest] = findLosses(facts({ packageFiles: files, lost: files.slice(1) }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: "package-data",
      paths: files.slice(1),
      manifestLines: [
        "recursive-include polls/templates *",
        "recursive-include polls/static *",
        "include polls/schema.json",
      ],
      byHand: null,
    });
  });

  it("src layout: MANIFEST.in lines name the folder from the project root", () => {
    const files = ["src/shop/__init__.py", "src/shop/templates/shop/index.html"];
    const [finding] = findLosses({
      ...facts({ packageFiles: files, lost: [files[1]!] }),
      packages: { shop: "src/shop" },
    });
    expect(finding!.manifestLines).toEqual(["recursive-include src/shop/templates *"]);
  });

  it("include_package_data off: files MANIFEST.in already selects need only the setting, the others a line too", () => {
    const files = ["polls/__init__.py", "polls/templates/polls/index.html", "polls/static/polls/x.css"];
    const base = facts({ packageFiles: files, includePackageData: false });
    const findings = findLosses({
      ...base,
      installed: ["polls/__init__.py"],
      manifest: ["polls/__init__.py", "polls/templates/polls/index.html"],
    });
    expect(findings.map((f) => f.kind)).toEqual(["package-data", "include-package-data"]);
    expect(findings[0]).toMatchObject({ paths: files.slice(1), manifestLines: ["recursive-include polls/static *"] });
    expect(findings[1]).toMatchObject({
      paths: ["setup.py"],
      byHand: "set include_package_data=True in the setup() call in setup.py",
    });
  });

  it("include_package_data off while MANIFEST.in exists is reported even when nothing is lost yet", () => {
    expect(findLosses(facts({ includePackageData: false })).map((f) => f.kind)).toEqual(["include-package-data"]);
    expect(findLosses(facts({ includePackageData: false, manifestIn: false }))).toEqual([]);
  });

  it("a file MANIFEST.in selects that is still not installed is excluded by exclude_package_data", () => {
    const files = ["polls/__init__.py", "polls/fixtures/dev.json"];
    const findings = findLosses({ ...facts({ packageFiles: files }), installed: ["polls/__init__.py"] });
    expect(findings).toEqual([
      {
        kind: "excluded-data",
        paths: ["polls/fixtures/dev.json"],
        initFiles: [],
        manifestLines: [],
        byHand: expect.stringContaining("exclude_package_data in setup.py"),
      },
    ]);
  });

  it("translations: a catalogue is lost only when neither its .po nor its .mo is installed", () => {
    const po = "polls/locale/fr/LC_MESSAGES/django.po";
    const mo = "polls/locale/fr/LC_MESSAGES/django.mo";
    const files = ["polls/__init__.py", po, mo];
    expect(findLosses(facts({ packageFiles: files, lost: [mo] }))).toEqual([]);
    expect(findLosses(facts({ packageFiles: files, lost: [po] }))).toEqual([]);
    expect(findLosses(facts({ packageFiles: files, lost: [po, mo] }))).toEqual([
      {
        kind: "messages",
        paths: [po, mo],
        initFiles: [],
        manifestLines: ["recursive-include polls/locale *"],
        byHand: null,
      },
    ]);
  });

  it("leaves test suites alone, and takes Python files under templates/ for data, not modules", () => {
    const files = [
      "polls/__init__.py",
      "polls/tests/test_views.py",
      "polls/tests/data.json",
      "polls/templates/testimonials/snippet.py",
    ];
    const findings = findLosses(facts({ packageFiles: files, lost: files.slice(1) }));
    expect(findings).toEqual([
      {
        kind: "package-data",
        paths: ["polls/templates/testimonials/snippet.py"],
        initFiles: [],
        manifestLines: ["recursive-include polls/templates *"],
        byHand: null,
      },
    ]);
  });

  it("templates/static/locale folders outside every package: where to move them and which setting to point", () => {
    const [finding] = findLosses(facts({ outsidePackages: ["templates", "locale"] }));
    expect(finding).toMatchObject({
      kind: "outside-packages",
      paths: ["templates", "locale"],
      initFiles: [],
      manifestLines: [],
    });
    expect(finding!.byHand).toBe(
      "move templates, locale into a package (polls/templates, say), point TEMPLATES' DIRS / LOCALE_PATHS at the new place, and include it in MANIFEST.in",
    );
  });

  it("the safe fixes gather every __init__.py and MANIFEST.in line, once each", () => {
    const files = [
      "polls/__init__.py",
      "polls/management/commands/greet.py",
      "polls/templates/a.html",
      "polls/templates/b.html",
    ];
    expect(safeFixes(findLosses(facts({ packageFiles: files, lost: files.slice(1) })))).toEqual({
      initFiles: ["polls/management/__init__.py", "polls/management/commands/__init__.py"],
      manifestLines: ["recursive-include polls/templates *"],
    });
  });

  it("a module in a shipped package's own folder that the build left out: named, not a crash", () => {
    // The shape that ended in "Cannot read properties of null": the build
    // listed ticketshop/ but not one of the modules directly in it.
    const files = ["ticketshop/__init__.py", "ticketshop/settings.py", "ticketshop/urls.py"];
    const findings = findLosses(
      facts({ packages: { ticketshop: "ticketshop" }, packageFiles: files, lost: ["ticketshop/urls.py"] }),
    );
    expect(findings).toEqual([
      expect.objectContaining({ kind: "not-built", paths: ["ticketshop/urls.py"], initFiles: [], manifestLines: [] }),
    ]);
  });

  it("never throws, whatever the build listed: files outside every package, nothing installed, no packages", () => {
    const shapes: Array<Partial<InstalledFiles> & { lost?: string[] }> = [
      { packages: {}, packageFiles: ["loose/x.py", "loose/y.html"], installed: [] },
      { packageFiles: ["polls/__init__.py", "polls/a/b/c.py", "other/d.py", "other/e.txt"], installed: [] },
      {
        packages: { polls: "polls", "polls.sub": "polls/sub" },
        packageFiles: ["polls/sub/x.py", "polls/sub/t.html"],
        installed: [],
        outsidePackages: ["templates", "odd"],
      },
    ];
    for (const shape of shapes) expect(() => findLosses(facts(shape))).not.toThrow();
  });
});
