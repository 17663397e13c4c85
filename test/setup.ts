import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

// Generated texts the tool keeps for later merges go here, not to the user's
// cache: one folder per test file's process, since a test that makes the
// tool forget a text (test/state.ts) must not find it again where a test
// file running beside it has just put the same text.
const cache = join(tmpdir(), `cdd-test-cache-${process.pid}`);
process.env.CREATE_DJANGO_DOCKER_CACHE = cache;
afterAll(() => rmSync(cache, { recursive: true, force: true }));
