import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type EnvLine, SECRET_PLACEHOLDER } from "../plan/stack.js";
import { applyWrites, type Write } from "./apply.js";

const ENV = ".env";
const GITIGNORE = ".gitignore";

/** The first .env: .env.example's values, with a fresh random key and database password for the placeholders. */
export function firstEnvContent(
  lines: EnvLine[],
  random: (bytes: number) => string = (n) => randomBytes(n).toString("hex"),
): string {
  const password = random(16);
  const body = lines.map((line) => {
    if (line.value === null) return `# ${line.name}=`;
    const value =
      line.secret === "key"
        ? random(32)
        : line.secret === "password"
          ? line.value.replace(SECRET_PLACEHOLDER, password)
          : line.value;
    return `${line.name}=${value}`;
  });
  const header = "# Development values written by create-django-docker for compose.yaml: never commit this file.";
  return `${header}\n${body.join("\n")}\n`;
}

/** .gitignore ignores .env already (a line naming it, or a pattern such as .env* covering it). */
function ignoresEnv(text: string): boolean {
  return text.split(/\r?\n/).some((line) => /^\/?(\.env|\.env\*|\*\.env|\.env\.?\*?)\s*$/.test(line.trim()));
}

/** What writing the first .env does: the writes, and the sentences saying so. */
export function firstEnvWrites(root: string, lines: EnvLine[]): { writes: Write[]; said: string[] } {
  const writes: Write[] = [];
  const said: string[] = [];
  if (!existsSync(join(root, ENV))) {
    writes.push({ path: ENV, content: firstEnvContent(lines), mode: 0o600 });
    said.push(".env with development values (generated secrets; compose.yaml reads it)");
  }
  const gitignore = join(root, GITIGNORE);
  const current = existsSync(gitignore) ? readFileSync(gitignore, "utf8") : null;
  if (current === null ? existsSync(join(root, ".git")) : !ignoresEnv(current)) {
    const head = !current ? "" : current.endsWith("\n") ? current : `${current}\n`;
    const mode = current === null ? 0o644 : statSync(gitignore).mode & 0o777;
    writes.push({
      path: GITIGNORE,
      content: `${head}# Settings and secrets for compose (create-django-docker)\n.env\n`,
      mode,
    });
    said.push(".env added to .gitignore");
  }
  return { writes, said };
}

export async function writeFirstEnv(root: string, lines: EnvLine[]): Promise<string[]> {
  const { writes, said } = firstEnvWrites(root, lines);
  await applyWrites(root, writes);
  return said;
}
