import { UNUSED_SERVERS } from "./unused-servers.js";
/**
 * Python packages that are commonly built from source, and the Debian
 * packages they need: -dev packages (headers) to build, shared libraries to
 * run. Names are PEP 503-normalised. A package with binary wheels for the
 * image's platform needs nothing here; these are the ones without (or
 * deliberately installed without, like psycopg2 instead of psycopg2-binary).
 */
export const SYSTEM_PACKAGES: Record<string, { compiles: boolean; build: string[]; runtime: string[] }> = {
  psycopg2: { compiles: true, build: ["libpq-dev"], runtime: ["libpq5"] },
  "psycopg-c": { compiles: true, build: ["libpq-dev"], runtime: ["libpq5"] },
  mysqlclient: { compiles: true, build: ["default-libmysqlclient-dev", "pkg-config"], runtime: ["libmariadb3"] },
  "python-ldap": { compiles: true, build: ["libldap2-dev", "libsasl2-dev"], runtime: ["libldap-2.5-0", "libsasl2-2"] },
  pycurl: { compiles: true, build: ["libcurl4-openssl-dev", "libssl-dev"], runtime: ["libcurl4"] },
  uwsgi: { compiles: true, build: [], runtime: [] },
  xmlsec: { compiles: true, build: ["libxmlsec1-dev", "pkg-config"], runtime: ["libxmlsec1", "libxmlsec1-openssl"] },
  pygraphviz: { compiles: true, build: ["libgraphviz-dev"], runtime: ["libgvc6", "libcgraph6"] },
  // Pure Python, but they load these libraries at run time.
  "python-magic": { compiles: false, build: [], runtime: ["libmagic1"] },
  weasyprint: { compiles: false, build: [], runtime: ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"] },
};

/** Always needed to compile anything. */
export const COMPILER_PACKAGES = ["build-essential"];

/** PEP 503 name of a requirement line ("psycopg2>=2.9; python_version>'3'" -> "psycopg2"). */
export function requirementName(requirement: string): string {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return (match?.[1] ?? "").toLowerCase().replace(/[-_.]+/g, "-");
}

/** Extras asked for in a requirement line ("psycopg[c]" -> ["c"]). */
function requirementExtras(requirement: string): string[] {
  const match = /^\s*[A-Za-z0-9._-]+\s*\[([^\]]*)\]/.exec(requirement);
  return match ? match[1]!.split(",").map((e) => e.trim().toLowerCase()) : [];
}

export interface SystemNeeds {
  /** Requirements (and the project itself) that will be compiled. */
  compiled: string[];
  build: string[];
  runtime: string[];
}

/** What the requirements (and the project's own C extensions) need from Debian. */
export function systemNeeds(requirements: string[], projectHasExtensions: boolean, projectName: string): SystemNeeds {
  const compiled: string[] = [];
  const build = new Set<string>();
  const runtime = new Set<string>();
  for (const requirement of requirements) {
    const name = requirementName(requirement);
    // Left out of the image's install (see unused-servers.ts); named once however many lock entries.
    if (name in UNUSED_SERVERS || compiled.includes(name)) continue;
    const key = name === "psycopg" && requirementExtras(requirement).includes("c") ? "psycopg-c" : name;
    const entry = SYSTEM_PACKAGES[key];
    if (!entry) continue;
    if (entry.compiles) compiled.push(name);
    for (const p of entry.build) build.add(p);
    for (const p of entry.runtime) runtime.add(p);
  }
  if (projectHasExtensions) compiled.push(projectName);
  return {
    compiled,
    build: compiled.length > 0 ? [...COMPILER_PACKAGES, ...build] : [...build],
    runtime: [...runtime],
  };
}
