import type { RequiredEnv } from "../inspect/build-env.js";

/** A variable the image itself sets: it picks the settings file the image runs. */
export interface ImageEnv {
  name: string;
  value: string;
  /** Where the settings read it, for the Dockerfile's comment. */
  where: string;
}

/**
 * The reads that pick a settings file (django-split-settings' include(f"environments/{ENV}.py"))
 * go into the image's ENV, so `docker run IMAGE` runs the production file without a -e; the
 * rest stay required from whoever runs it.
 */
export function splitRequiredEnv(
  reads: RequiredEnv[],
  at: (read: RequiredEnv) => string,
): { image: ImageEnv[]; caller: RequiredEnv[] } {
  return {
    image: reads.flatMap((read) => (read.value ? [{ name: read.name, value: read.value, where: at(read) }] : [])),
    caller: reads.filter((read) => !read.value),
  };
}
