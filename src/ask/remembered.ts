import { UserError } from "../errors.js";
import type { Facts } from "../inspect/index.js";
import { dockerFilesText, parseDockerFiles, STANDARD } from "../model/docker-files.js";
import { STATE_FILE } from "../model/state-file.js";
import { type Derived, derivePythonVersion, deriveSettingsModule, deriveSystemPackages } from "./defaults.js";
import { chooseFrontend, splitFolders } from "./frontend-choice.js";
import type { Answers } from "./index.js";
import { splitNames, splitPackages } from "./packages.js";
import { deriveCompose } from "./stack.js";

/**
 * How an answer is remembered: what the tool would answer by itself (an
 * answer equal to it is not remembered, so that it follows the project as
 * the project changes), and how it reads and writes as an INI value.
 */
interface Memorable<T> {
  /** What the tool would answer by itself, given the other answers (system packages follow the chosen dependencies). */
  derive: (facts: Facts, answers?: Answers) => T | undefined;
  toText: (value: T) => string;
  fromText: (text: string) => T;
}

const asText = { toText: (value: string) => value, fromText: (text: string) => text };
const asPackages = { toText: (value: string[]) => value.join(" "), fromText: splitPackages };
const asNames = { toText: (value: string[]) => value.join(" "), fromText: splitNames };

// One entry per answer: the type makes a new question add one.
const MEMORABLE: { [K in keyof Answers]: Memorable<Answers[K]> } = {
  settingsModule: { derive: (facts) => deriveSettingsModule(facts)?.value, ...asText },
  pythonVersion: { derive: (facts) => derivePythonVersion(facts).value, ...asText },
  dependencies: { derive: (facts) => facts.dependencies.detected, ...asText },
  extras: { derive: () => [], ...asNames },
  groups: { derive: () => [], ...asNames },
  buildPackages: { derive: (facts, answers) => deriveSystemPackages(facts, answers).build, ...asPackages },
  runtimePackages: { derive: (facts, answers) => deriveSystemPackages(facts, answers).runtime, ...asPackages },
  healthcheck: { derive: () => null, toText: (value) => value ?? "", fromText: (text) => text || null },
  // Each front-end answer is derived given the ones before it, so a chosen folder's own script is not remembered.
  frontend: {
    derive: (facts, a) => (a ? (chooseFrontend(facts, a.settingsModule, {})?.dir ?? "none") : undefined),
    ...asText,
  },
  frontendScript: {
    derive: (facts, a) =>
      a ? (chooseFrontend(facts, a.settingsModule, { frontend: a.frontend })?.script ?? "") : undefined,
    ...asText,
  },
  nodeVersion: {
    derive: (facts, a) =>
      a
        ? (chooseFrontend(facts, a.settingsModule, { frontend: a.frontend, frontendScript: a.frontendScript })
            ?.nodeVersion ?? "")
        : undefined,
    ...asText,
  },
  // Asked when nothing says where the build writes: then always remembered, so it is asked once.
  frontendOutputs: {
    derive: (facts, a) => {
      if (!a) return undefined;
      const chosen = chooseFrontend(facts, a.settingsModule, {
        frontend: a.frontend,
        frontendScript: a.frontendScript,
      });
      if (chosen?.outputsUnknown) return undefined;
      return chosen?.script ? chosen.outputs.filter((o) => !o.split("/").includes("node_modules")) : [];
    },
    toText: (value) => value.join(" "),
    fromText: splitFolders,
  },
  buildSteps: {
    derive: () => [],
    toText: (value) => value.join("; "),
    fromText: (text) =>
      text
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean),
  },
  // Replacing makes the files ours: nothing is left to remember about it.
  dockerFiles: {
    derive: (_, answers) => (answers?.dockerFiles.kind === "replace" ? answers.dockerFiles : STANDARD),
    toText: dockerFilesText,
    fromText: parseDockerFiles,
  },
  compose: {
    derive: (facts, answers) => (answers ? deriveCompose(facts, answers).value : undefined),
    toText: (value) => (value ? "yes" : "no"),
    fromText: (text) => text === "yes",
  },
};

const KEYS = Object.keys(MEMORABLE) as Array<keyof Answers>;

function textToRemember<K extends keyof Answers>(key: K, facts: Facts, answers: Answers): string | undefined {
  const memorable: Memorable<Answers[K]> = MEMORABLE[key];
  const derived = memorable.derive(facts, answers);
  const text = memorable.toText(answers[key]);
  return derived !== undefined && memorable.toText(derived) === text ? undefined : text;
}

/** Only the answers a re-run could not derive again, as INI values. */
export function answersToRemember(facts: Facts, answers: Answers): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const key of KEYS) {
    const text = textToRemember(key, facts, answers);
    if (text !== undefined) texts[key] = text;
  }
  return texts;
}

function readOne<K extends keyof Answers>(key: K, text: string, into: Partial<Answers>): void {
  try {
    into[key] = MEMORABLE[key].fromText(text);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `${STATE_FILE} remembers ${key}=${text}: ${error.message}`,
      "Fix or delete that line, or answer with the flag.",
    );
  }
}

/** The remembered answers, from the INI values; names it does not know (a newer version's) are left out. */
export function readRemembered(texts: Record<string, string>): Partial<Answers> {
  const remembered: Partial<Answers> = {};
  for (const key of KEYS) {
    const text = texts[key];
    if (text !== undefined) readOne(key, text, remembered);
  }
  return remembered;
}

/** A remembered answer stands in for the derived value, asked about exactly when that would have been. */
export function rememberedOr<T>(remembered: T | undefined, derived: Derived<T>): Derived<T>;
export function rememberedOr<T>(remembered: T | undefined, derived: Derived<T> | null): Derived<T> | null;
export function rememberedOr<T>(remembered: T | undefined, derived: Derived<T> | null): Derived<T> | null {
  if (remembered === undefined) return derived;
  return { value: remembered, why: `your answer, remembered in ${STATE_FILE}`, certain: derived?.certain ?? false };
}
