import { readFileSync } from "node:fs";

/**
 * Lock files shaped like the ones uv, Poetry and Pipenv write (trimmed: no
 * hashes or wheel lists), kept as files in test/lock-samples/ so that the
 * Python tests of the lock converters (test/python/) read the same ones.
 */
const sample = (name: string) => readFileSync(new URL(`./lock-samples/${name}`, import.meta.url), "utf8");

export const UV_LOCK = sample("uv.lock");

export const POETRY_LOCK = sample("poetry.lock");

export const PIPFILE_LOCK = sample("Pipfile.lock");

/**
 * A uv.lock with a package from git (locked at a commit), one pinned to a
 * second index (a CPU wheel index), and one name with two entries split by
 * markers: a wheel URL on Linux, the index elsewhere.
 */
export const UV_LOCK_REAL = sample("uv-real.lock");

/** A poetry.lock with a git package in a subdirectory and one from a named source (a second index). */
export const POETRY_LOCK_REAL = sample("poetry-real.lock");
