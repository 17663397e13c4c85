import { execa } from "execa";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCK_READERS } from "../../src/inspect/locks.js";
import { templatesDir } from "../../src/paths.js";
import { pythonOneLiner } from "../../src/render/index.js";
import { PIPFILE_LOCK, POETRY_LOCK, UV_LOCK } from "../lock-samples.js";

/** Runs a converter exactly as the Dockerfile inlines it, in a folder holding only the lock. */
async function convert(converter: string, file: string, content: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "cdd-lock-"));
  writeFileSync(join(dir, file), content);
  const program = pythonOneLiner(readFileSync(join(templatesDir, "lock-converters", `${converter}.py`), "utf8"), converter);
  const result = await execa("python3", ["-c", program], { cwd: dir });
  return result.stdout.split("\n").filter(Boolean);
}

describe("lock files become the list the image installs", () => {
  it("uv.lock: the project's run-time graph, with markers, without dev dependencies or the project", async () => {
    expect(await convert("uv", "uv.lock", UV_LOCK)).toEqual([
      "asgiref==3.8.1",
      "django==5.1.4",
      "sqlparse==0.5.3",
      "tzdata==2024.2; (sys_platform == 'win32')",
    ]);
  });

  it("poetry.lock: the main group only", async () => {
    expect(await convert("poetry", "poetry.lock", POETRY_LOCK)).toEqual(["asgiref==3.8.1", "django==5.1.4", 'tzdata==2024.2; sys_platform == "win32"']);
  });

  it("Pipfile.lock: [default] only, without the project's editable path", async () => {
    expect(await convert("pipenv", "Pipfile.lock", PIPFILE_LOCK)).toEqual(["asgiref==3.8.1", "django==5.1.4", "tzdata==2024.2; sys_platform == 'win32'"]);
  });

  it("inspection reads the same packages and the lock's Python version", () => {
    const dir = mkdtempSync(join(tmpdir(), "cdd-lock-"));
    writeFileSync(join(dir, "Pipfile.lock"), PIPFILE_LOCK);
    expect(LOCK_READERS.pipenv(dir, "Pipfile.lock")).toEqual({ packages: ["asgiref==3.8.1", "django==5.1.4", "tzdata==2024.2"], requiresPython: "==3.11.*" });
    writeFileSync(join(dir, "uv.lock"), UV_LOCK);
    expect(LOCK_READERS.uv(dir, "uv.lock").requiresPython).toBe(">=3.11");
  });
});
