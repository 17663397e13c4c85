import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requirementName, systemNeeds } from "../../src/model/system-packages.js";
import { copyFixture, run } from "../helpers.js";

describe("system packages for compiled dependencies", () => {
  it("normalises requirement names", () => {
    expect(requirementName("Python_LDAP>=3.4; python_version>'3'")).toBe("python-ldap");
    expect(requirementName("psycopg[c]==3.2")).toBe("psycopg");
  });

  it("maps source-built packages to -dev packages for the build and libraries for the final image", () => {
    expect(systemNeeds(["Django", "psycopg2>=2.9", "mysqlclient"], false, "site")).toEqual({
      compiled: ["psycopg2", "mysqlclient"],
      build: ["build-essential", "libpq-dev", "default-libmysqlclient-dev", "pkg-config"],
      runtime: ["libpq5", "libmariadb3"],
    });
  });

  it("needs nothing for binary wheels such as psycopg2-binary or psycopg[binary]", () => {
    expect(systemNeeds(["psycopg2-binary", "psycopg[binary]"], false, "site")).toEqual({
      compiled: [],
      build: [],
      runtime: [],
    });
  });

  it("builds psycopg's C implementation against libpq", () => {
    expect(systemNeeds(["psycopg[c]"], false, "site").runtime).toEqual(["libpq5"]);
  });

  it("gives runtime libraries without a compiler for pure-Python packages that load them", () => {
    expect(systemNeeds(["python-magic"], false, "site")).toEqual({ compiled: [], build: [], runtime: ["libmagic1"] });
  });

  it("gives a compiler to a project with its own C extension", () => {
    expect(systemNeeds(["Django"], true, "tally")).toEqual({
      compiled: ["tally"],
      build: ["build-essential"],
      runtime: [],
    });
  });
});

describe("system packages in the generated Dockerfile", () => {
  it("detects the fixture's ext_modules and installs build-essential in the build stages only", async () => {
    const dir = copyFixture("setuppy-c-extension");
    expect((await run([dir, "--yes"])).code).toBe(0);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    const final = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    const buildBase = dockerfile.slice(dockerfile.indexOf("AS build-base"), dockerfile.indexOf("AS dependencies"));
    expect(buildBase).toContain("apt-get install -y --no-install-recommends build-essential");
    expect(final).not.toContain("apt-get");
  });

  it("takes the lists from --build-packages and --runtime-packages", async () => {
    const dir = copyFixture("setuppy-basic");
    expect(
      (await run([dir, "--yes", "--build-packages", "libpq-dev build-essential", "--runtime-packages", "libpq5"])).code,
    ).toBe(0);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    const base = dockerfile.slice(0, dockerfile.indexOf("AS build-base"));
    expect(base).toContain("apt-get install -y --no-install-recommends libpq5");
    expect(dockerfile).toContain("apt-get install -y --no-install-recommends libpq-dev build-essential");
  });

  it("refuses a package list with something that is not a Debian package name", async () => {
    const result = await run([copyFixture("setuppy-basic"), "--yes", "--runtime-packages", "libpq5; rm -rf /"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('"libpq5;" is not a Debian package name.');
  });
});

describe("--healthcheck", () => {
  it("adds a HEALTHCHECK requesting the path on the container's own port", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes", "--healthcheck", "/healthz"])).code).toBe(0);
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(
      /HEALTHCHECK [^\n]*\\\n *CMD \["python", "-c", "import os, urllib\.request; \\\n *port = os\.environ\.get\('PORT', '8000'\); \\\n *urllib\.request\.urlopen\('http:\/\/127\.0\.0\.1:%s\/healthz' % port, timeout=4\)"\]/,
    );
  });

  it("is absent unless asked for", async () => {
    const dir = copyFixture("setuppy-basic");
    expect((await run([dir, "--yes"])).code).toBe(0);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).not.toContain("HEALTHCHECK");
  });

  it("refuses something that is not a URL path", async () => {
    const result = await run([copyFixture("setuppy-basic"), "--yes", "--healthcheck", "health'); import os"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("is not a URL path");
  });
});
