import { describe, expect, it } from "vitest";
import { ran } from "../bench/fresh.js";

// A plain-progress log of a build on a fresh machine that imported the
// dependency stages (shape of BuildKit's --progress=plain output).
const log = [
  "#4 importing cache manifest from 127.0.0.1:5000/site:cache-deps",
  "#4 DONE 0.2s",
  "#13 [installed-dependencies 2/2] RUN --mount=type=cache,target=/root/.cache/pip     python /tmp/docker-install.py /root/.cache/installed /install",
  "#19 [builder 2/2] RUN python /tmp/docker-install-project.py /opt/project setuptools.build_meta:__legacy__",
  "#13 [installed-dependencies 2/2] RUN --mount=type=cache,target=/root/.cache/pip     python /tmp/docker-install.py /root/.cache/installed /install",
  "#13 CACHED",
  "#19 DONE 2.2s",
  "#7 [4/5] RUN pip install --no-cache-dir . gunicorn",
  "#17 [static 1/4] RUN python -c 'import sysconfig'",
  "#7 DONE 45.1s",
  "#17 CACHED",
].join("\n");

describe("which steps a fresh-machine build ran", () => {
  it("reads a step reported CACHED, even when its header repeats, as imported", () => {
    expect(ran(log, /\[installed-dependencies .*docker-install\.py/)).toBe(false);
    expect(ran(log, /\[static 1\/4\]/)).toBe(false);
  });

  it("reads a step that ends DONE without CACHED as run", () => {
    expect(ran(log, /\[builder .*docker-install-project\.py/)).toBe(true);
    expect(ran(log, /pip install --no-cache-dir/)).toBe(true);
  });

  it("fails on a step the log does not have rather than guessing", () => {
    expect(() => ran(log, /compilemessages/)).toThrow(/no build step/);
  });
});
