import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir, run } from "../helpers.js";

/**
 * Shapes seen in public Django projects (sites, not tutorials) that stopped
 * the tool or gave a Dockerfile that could not build. Beside
 * public-layouts.test.ts; contents are minimal and written here.
 */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cdd-shape-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const managePy = (module: string) =>
  `import os, sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n`;
const settings = (extra = "") =>
  `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nMIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\nSTATIC_URL = "/static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n${extra}`;
const entry = (kind: "wsgi" | "asgi") =>
  `import os\nfrom django.core.${kind} import get_${kind}_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_.settings")\napplication = get_${kind}_application()\n`;

interface PlanJson {
  settingsModule: string;
  server: { kind: string; app: string; program?: string };
  dependencies: { kind: string; file: string; extras: string[]; groups: string[] };
  pythonVersion: string;
  warnings: string[];
}

async function plan(dir: string, args: string[] = []): Promise<PlanJson> {
  const result = await run([dir, "--yes", "--dry-run", "--json", ...args]);
  if (result.code !== 0) throw new Error(result.stderr || result.stdout);
  return JSON.parse(result.stdout) as PlanJson;
}

async function dockerfile(dir: string, args: string[] = []): Promise<string> {
  const result = await run([dir, "--yes", "--dry-run", ...args]);
  expect(result.stdout + result.stderr).not.toContain("Unexpected error");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("entry points written as packages", () => {
  it.each(["asgi", "wsgi"] as const)("site_/%s/__init__.py defining application, no %s.py, no *_APPLICATION setting", async (kind) => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/settings.py": settings(),
      [`site_/${kind}/__init__.py`]: entry(kind),
      "requirements.txt": "Django>=5.1\nwhitenoise\n",
    });
    expect(await plan(dir)).toMatchObject({ server: { kind, app: `site_.${kind}:application` } });
  });

  it("a folder named asgi that defines no application is no entry point", async () => {
    const dir = tree({
      "manage.py": managePy("site_.settings"),
      "site_/__init__.py": "",
      "site_/settings.py": settings(),
      "site_/wsgi.py": entry("wsgi"),
      "site_/asgi/__init__.py": "ROUTES = []\n",
      "requirements.txt": "Django>=5.1\nwhitenoise\n",
    });
    expect(await plan(dir)).toMatchObject({ server: { kind: "wsgi", app: "site_.wsgi:application" } });
  });

  it("the asgi-package fixture: served by gunicorn with uvicorn's worker", async () => {
    expect(await plan(join(fixturesDir, "asgi-package"))).toMatchObject({ server: { kind: "asgi", app: "board.asgi:application" } });
  });
});
