import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/errors.js";
import { applyWrites, filesPutInPlace, writesUnderWay } from "../../src/write/apply.js";

describe("Ctrl-C while the files are being written", () => {
  it("removes every temporary file and leaves the project as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-write-"));
    writeFileSync(join(dir, "Dockerfile"), "mine\n");
    const before = filesPutInPlace();
    const writes = ["Dockerfile", "docker-entrypoint.sh", ".dockerignore"].map((path) => ({
      path,
      content: `new ${path}\n`,
      mode: 0o644,
    }));
    const pending = applyWrites(dir, writes);
    // The first temporary file is being written: what main's own Ctrl-C listener sees, and defers to.
    expect(writesUnderWay()).toBe(true);
    process.emit("SIGINT");
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(writesUnderWay()).toBe(false);
    expect(readdirSync(dir)).toEqual(["Dockerfile"]);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe("mine\n");
    expect(filesPutInPlace()).toBe(before);
  });

  it("counts the files it puts in place, so that a later Ctrl-C does not claim nothing was written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-write-"));
    const before = filesPutInPlace();
    await applyWrites(dir, [{ path: "Dockerfile", content: "FROM x\n", mode: 0o644 }]);
    expect(filesPutInPlace()).toBe(before + 1);
  });
});
