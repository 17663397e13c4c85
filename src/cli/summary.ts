import { deriveSystemPackages, selectedRequirements, selectedSource } from "../ask/defaults.js";
import { chooseFrontend } from "../ask/frontend-choice.js";
import type { Answers, Reasons } from "../ask/index.js";
import type { Facts } from "../inspect/index.js";
import { splitRequiredEnv } from "../plan/image-env.js";
import { fromRoot, type Plan } from "../plan/index.js";
import { chooseServer, type Server } from "../plan/server.js";
import { staticRootSet, withoutStaticFiles } from "../plan/static-steps.js";
import { stackRows } from "./stack-summary.js";
import { hanging } from "./wrap.js";

/** A summary line: what, the value, and why that value. */
type Row = [label: string, value: string, why?: string];

/** clack's note box takes this many columns beside its text. */
export const NOTE_MARGIN = 6;

/**
 * Label, value and (why) on one line when they fit in `width`; otherwise
 * the why moves to the next line, and long texts wrap, all under the value,
 * so the labels stay a clean column in a narrow terminal.
 */
function layout(rows: Row[], width: number): string {
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .flatMap(([label, value, why]) => {
      const whole = why ? `${value} (${why})` : value;
      if (!why || labelWidth + whole.length <= width) return hanging(label.padEnd(labelWidth), whole, width);
      return [
        ...hanging(label.padEnd(labelWidth), value, width),
        ...hanging(" ".repeat(labelWidth), `(${why})`, width),
      ];
    })
    .join("\n");
}

/** The Debian packages row, when there are any: why a compiler or libraries join the image. */
function systemPackages(facts: Facts, answers: Answers): Row[] {
  const { buildPackages, runtimePackages } = answers;
  if (buildPackages.length === 0 && runtimePackages.length === 0) return [];
  const { compiled } = deriveSystemPackages(facts, answers);
  return [
    [
      "apt packages",
      `build: ${buildPackages.join(" ") || "none"}; run: ${runtimePackages.join(" ") || "none"}`,
      compiled.length > 0
        ? `${compiled.join(", ")} ${compiled.length === 1 ? "is" : "are"} compiled`
        : "libraries loaded at run time",
    ],
  ];
}

/** What was detected, each with why: shown before anything is written. */
export function describe(facts: Facts, plan: Plan, answers: Answers & { why: Reasons }, width: number): string {
  const { summary, context } = plan;
  const settings = facts.django.modules[summary.settingsModule];
  const source = selectedSource(facts, answers);
  const requirements = selectedRequirements(source, answers);
  const server = chooseServer(facts, summary.settingsModule, requirements);
  const staticRoot = settings?.names.STATIC_ROOT;
  const { file, install, optional } = source;
  // A name that is both an extra and a group (kitsune's dev) says which one.
  const both = new Set(Object.keys(optional.extras).filter((name) => name in optional.groups));
  const named = (kind: "extra" | "group") => (name: string) => (both.has(name) ? `${name} (${kind})` : name);
  const installed = [...answers.extras.map(named("extra")), ...answers.groups.map(named("group"))];
  const left = [
    ...Object.keys(optional.extras)
      .filter((name) => !answers.extras.includes(name))
      .map(named("extra")),
    ...Object.keys(optional.groups)
      .filter((name) => !answers.groups.includes(name))
      .map(named("group")),
  ];
  const at = (setting: { file: string; line: number }) => `${fromRoot(facts, setting.file)}:${setting.line}`;
  return layout(
    [
      [
        "Project",
        facts.root,
        facts.appDir === "." ? `manage.py and ${file}` : `${file}; manage.py in ${facts.appDir}/`,
      ],
      ["Settings", summary.settingsModule, answers.why.settingsModule],
      ["Server", `${server.program} ${summary.server.app}${serverKind(server)}`, server.why],
      [
        "Dependencies",
        `${requirements.length} requirement${requirements.length === 1 ? "" : "s"} from ${file}` +
          (install === "copy" ? "; no packaging, so the source is copied into the image" : ""),
        [
          answers.why.dependencies,
          installed.length > 0 ? `with ${installed.join(", ")}` : "",
          left.length > 0 ? `not installed: ${left.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join("; "),
      ],
      ["Python", `${answers.pythonVersion}, ${context.pythonImage}`, answers.why.pythonVersion],
      ...systemPackages(facts, answers),
      withoutStaticFiles(settings?.names ?? {})
        ? ["Static files", "none", "django.contrib.staticfiles is not in INSTALLED_APPS"]
        : [
            "Static files",
            staticRootSet(staticRoot) ? "collected into STATIC_ROOT" : "STATIC_ROOT is not set",
            staticRootSet(staticRoot) ? at(staticRoot!) : "see below",
          ],
      ...requiredEnvRow(facts, summary.settingsModule),
      ...frontendRows(facts, summary.settingsModule, answers),
      buildStepsRow(facts, summary.staticSteps, answers.buildSteps),
      ...runTimeRows(plan),
      ...dockerFilesRow(facts, answers),
      ...stackRows(plan),
      [
        "Translations",
        facts.localeDirs.length > 0 ? `compiled: ${facts.localeDirs.join(", ")}` : "none",
        facts.localeDirs.length > 0 ? undefined : "no locale folder with .po files",
      ],
    ],
    width,
  );
}

/**
 * The management commands run at build, and commands named like asset builds that are not among them:
 * a management command can be added with --build-step; a Makefile target cannot (the image has no make).
 */
function buildStepsRow(facts: Facts, steps: string[], chosen: string[]): Row {
  const name = (c: string) => c.replace(/^manage\.py /, "");
  // A project's own collectstatic (an override of Django's) is the step that runs anyway.
  const notRun = facts.assetCommands.filter(
    (c) => !steps.includes(name(c)) && !chosen.some((s) => s.includes(name(c))),
  );
  const commands = notRun.filter((c) => c.startsWith("manage.py "));
  const targets = notRun.filter((c) => !c.startsWith("manage.py "));
  const notes = [
    ...(commands.length > 0 ? [`not run: ${commands.join(", ")}; add with --build-step`] : []),
    ...(targets.length > 0
      ? [`not run: ${targets.join(", ")}; the image has no make: a package.json build script would run`]
      : []),
  ];
  return ["Build steps", steps.join(", ") || "none", notes.length > 0 ? notes.join("; ") : undefined];
}

/** The front end the image builds: which package.json, how, and where its output goes. */
function frontendRows(facts: Facts, settingsModule: string, answers: Answers): Row[] {
  const chosen = chooseFrontend(facts, settingsModule, answers);
  if (!chosen) {
    if (facts.frontends.length === 0) return [];
    // "none" is also what the answer holds when nothing was found to build: only a refused detection is the user's.
    const refused = answers.frontend === "none" && chooseFrontend(facts, settingsModule, {}) !== null;
    const why = refused ? "--frontend none" : "no build script, and no static finder reads node_modules";
    return [["Front end", "not built", why]];
  }
  const { pkg } = chosen;
  const detected = chooseFrontend(facts, settingsModule, {});
  const why =
    detected?.dir === chosen.dir ? detected.why : answers.frontend === chosen.dir ? "your choice" : chosen.why;
  const file = pkg.dir === "." ? "package.json" : `${pkg.dir}/package.json`;
  return [
    [
      "Front end",
      `${file}: ${chosen.manager}, ${chosen.script ? `script ${chosen.script}` : "install only"}, ` +
        `Node ${chosen.nodeVersion}`,
      [
        why,
        `manager: ${pkg.manager.from}`,
        `Node: ${answers.nodeVersion === pkg.nodeVersion.value ? pkg.nodeVersion.from : "your answer"}`,
      ].join("; "),
    ],
    ["Front-end output", chosen.outputs.join(", ") || "unknown (see below)", chosen.outputsFrom || undefined],
    ...(chosen.runtimeFiles.length > 0
      ? [
          [
            "Run-time files",
            chosen.runtimeFiles.join(", "),
            `read by the site, copied from the build (${facts.bundleSettings[settingsModule]!.runtimeFiles[0]!.from})`,
          ] as Row,
        ]
      : []),
  ];
}

/** Where the database and uploads go, and fallbacks the image must not run with. */
function runTimeRows(plan: Plan): Row[] {
  const { data, unsafe, context } = plan;
  const rows: Row[] = [];
  if (data.sqlite) {
    rows.push([
      "Database",
      `SQLite in the project's folder: in the image, ${context.dataDir} (a volume keeps it)`,
      `${data.sqlite.where}${data.sqlite.databaseUrl ? "; DATABASE_URL can change it" : ""}`,
    ]);
  }
  if (data.media)
    rows.push([
      "Uploads",
      `MEDIA_ROOT in the project's folder: in the image, ${context.dataDir}/media`,
      data.media.where,
    ]);
  for (const u of unsafe)
    rows.push([u.label, u.why, `${u.where}${u.variable ? `; pass ${u.variable}${u.value ? `=${u.value}` : ""}` : ""}`]);
  return rows;
}

/** The project's own Docker files, when it has some: what is done beside them is asked next. */
function dockerFilesRow(facts: Facts, answers: Answers & { why: Reasons }): Row[] {
  if (facts.foreignDockerFiles.length === 0) return [];
  const choice = answers.dockerFiles;
  const what =
    choice.kind === "beside"
      ? `ours go beside them as ${choice.dockerfile}`
      : choice.kind === "replace"
        ? "replaced, kept as *.orig"
        : choice.kind === "keep"
          ? "kept; nothing written over them"
          : "";
  return [
    [
      "Docker files",
      `${facts.foreignDockerFiles.join(", ")}: the project's own${what ? `, ${what}` : ""}`,
      answers.why.dockerFiles || "not written by create-django-docker",
    ],
  ];
}

/** Variables the settings cannot be imported without: built with throwaway values, needed at run time. */
function requiredEnvRow(facts: Facts, settingsModule: string): Row[] {
  const at = (r: { file: string; line: number }) => `${fromRoot(facts, r.file)}:${r.line}`;
  // A variable that picks the settings file is set in the image (ENV); the rest come from docker run.
  const { image: picks, caller: reads } = splitRequiredEnv(facts.requiredEnv[settingsModule] ?? [], at);
  return [
    ...(picks.length > 0
      ? ([
          [
            "Environment",
            `${picks.map((p) => `${p.name}=${p.value}`).join(", ")} set in the image`,
            `${picks.map((p) => p.where).join(", ")}; picks the settings file, -e ${picks[0]!.name}=... picks another`,
          ],
        ] as Row[])
      : []),
    ...(reads.length > 0
      ? ([
          [
            picks.length > 0 ? "" : "Environment",
            `${reads.map((r) => r.name).join(", ")} required at import`,
            `${reads.map(at).join(", ")}; the build uses throwaway values, docker run must pass real ones`,
          ],
        ] as Row[])
      : []),
  ];
}

/** " with X (ASGI)", " (ASGI)", " (WSGI)" or "": what the server line says about the interface. */
function serverKind(server: Server): string {
  if (server.workerClass) return ` with ${server.workerClass} (ASGI)`;
  if (server.program === "daphne") return " (ASGI)";
  if (server.program === "granian") return ` (${server.kind.toUpperCase()})`;
  return "";
}
