import { describe, expect, it } from "vitest";
import { copyFixture, firstRun, fixtureNames, run } from "../helpers.js";

/**
 * Every fixture through the three ways people first run the tool: none may
 * end in "Unexpected error", each ends in 0 or 1 with a message. A file of
 * its own, so that it runs beside the other suites rather than after them.
 */
describe("no fixture ends in an unexpected error", () => {
  // Full runs of a setuptools project: slow on a busy machine.
  it.each(fixtureNames)("%s: --yes --dry-run, --check, then --yes", { timeout: 120_000 }, async (name) => {
    const dir = copyFixture(name);
    const check = (args: string[], result: { code: number; stdout: string; stderr: string }) => {
      expect(result.stdout + result.stderr, args.join(" ")).not.toContain("Unexpected error");
      expect([0, 1], `${args.join(" ")}: exit ${result.code}`).toContain(result.code);
    };
    // The first two write nothing, so they may run side by side, and the
    // --yes run may be the one other files begin with (firstRun).
    const readOnly = [["--yes", "--dry-run"], ["--check"]];
    const results = await Promise.all(readOnly.map((args) => run([dir, ...args])));
    for (const [i, args] of readOnly.entries()) check(args, results[i]!);
    check(["--yes"], (await firstRun(name, ["--yes"])).result);
  });
});
