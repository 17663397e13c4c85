import { chmodSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Write {
  path: string;
  content: string;
  mode: number;
}

/**
 * Writes each file to a temporary name beside it, then renames it into
 * place: a reader (or an interrupted run) sees the old file or the new one,
 * never half of one.
 */
export function applyWrites(root: string, writes: Write[]): void {
  for (const write of writes) {
    const target = join(root, write.path);
    const temp = `${target}.create-django-docker-${process.pid}.tmp`;
    try {
      writeFileSync(temp, write.content, { mode: write.mode });
      chmodSync(temp, write.mode);
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }
}
