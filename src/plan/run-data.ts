import type { SettingsModuleFacts } from "../inspect/django.js";

/** The app user's folder where the image keeps what the settings write inside the project. */
export const DATA_DIR = "/app/data";

/**
 * What the site writes at run time inside the project's folder, which the
 * image holds read-only and owned by root: a SQLite database there fails
 * at the first `migrate` ("unable to open database file"), uploads under a
 * MEDIA_ROOT there fail when saved. The Dockerfile links each into
 * DATA_DIR (the build step reads the real paths from the settings), so one
 * volume keeps them.
 */
export interface RunData {
  /**
   * The default database is SQLite in the project: file:line of DATABASES,
   * and whether DATABASE_URL can point it elsewhere.
   */
  sqlite: { where: string; databaseUrl: boolean } | null;
  /** MEDIA_ROOT is in the project: file:line. */
  media: { where: string } | null;
}

export function runData(
  settings: SettingsModuleFacts | undefined,
  where: (at: { file: string; line: number }) => string,
): RunData {
  const databases = settings?.names.DATABASES;
  const media = settings?.names.MEDIA_ROOT;
  const sqlite =
    databases?.facts?.sqlite && !databases.facts.absolutePath
      ? { where: where(databases), databaseUrl: !!databases.facts.databaseUrl }
      : null;
  return { sqlite, media: media?.facts?.inProject ? { where: where(media) } : null };
}

/** "the SQLite database and uploads (MEDIA_ROOT)", for comments and messages; "" for nothing. */
export function dataKept(data: RunData): string {
  return [data.sqlite ? "the SQLite database" : "", data.media ? "uploads (MEDIA_ROOT)" : ""]
    .filter(Boolean)
    .join(" and ");
}
