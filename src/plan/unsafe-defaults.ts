import type { SettingsModuleFacts } from "../inspect/django.js";

/**
 * Settings whose fallback lets the image start but is wrong in production,
 * each with the variable that fixes it, the value to give when the tool
 * knows it, and why. A table: one entry per setting.
 */
export interface UnsafeDefault {
  setting: string;
  /** The summary row's name. */
  label: string;
  /** The variable to pass (null: the settings read none; the file must change). */
  variable: string | null;
  /** The value to pass, when it is known (DEBUG's "off" value); else the user supplies one. */
  value: string | null;
  why: string;
  where: string;
}

type Rule = (
  settings: SettingsModuleFacts,
  where: (at: { file: string; line: number }) => string,
) => UnsafeDefault | null;

const RULES: Rule[] = [
  (settings, where) => {
    const key = settings.names.SECRET_KEY;
    if (!key?.facts?.random) return null;
    const variable = settings.env.find((read) => read.setting === "SECRET_KEY")?.name ?? key.facts.variable ?? null;
    return {
      setting: "SECRET_KEY",
      label: "Secret key",
      variable,
      value: null,
      why:
        "SECRET_KEY falls back to a new random key in every process: " +
        "sessions and signed links break across gunicorn workers and restarts",
      where: where(key),
    };
  },
  (settings, where) => {
    const debug = settings.names.DEBUG;
    const facts = debug?.facts;
    const on = debug?.known ? debug.value === true : facts?.default === true;
    if (!debug || !on) return null;
    const variable = facts?.offValue ? (facts.variables?.[0] ?? null) : null;
    return {
      setting: "DEBUG",
      label: "Debug",
      variable,
      value: variable ? (facts?.offValue ?? null) : null,
      why: variable
        ? `DEBUG is True unless ${variable} is set: error pages would show settings and code to anyone`
        : "DEBUG is True in these settings: error pages would show settings and code to anyone. " +
          "Read it from the environment, off by default",
      where: where(debug),
    };
  },
  (settings, where) => {
    // django-vite: dev_mode True makes every page load its scripts from a Vite dev server.
    const modern = settings.names.DJANGO_VITE;
    const configs =
      modern?.known && modern.value && typeof modern.value === "object" ? Object.values(modern.value) : [];
    const on = configs.some((c) => (c as { dev_mode?: unknown } | null)?.dev_mode === true);
    const legacy = settings.names.DJANGO_VITE_DEV_MODE;
    const at = on ? modern : legacy?.known && legacy.value === true ? legacy : undefined;
    if (!at) return null;
    return {
      setting: on ? "DJANGO_VITE" : "DJANGO_VITE_DEV_MODE",
      label: "Vite dev mode",
      variable: null,
      value: null,
      why:
        "django-vite's dev_mode is True in these settings: the image's pages would load their scripts " +
        "from a Vite dev server that is not there. Set it from DEBUG (dev_mode = DEBUG)",
      where: where(at),
    };
  },
];

export function unsafeDefaults(
  settings: SettingsModuleFacts | undefined,
  where: (at: { file: string; line: number }) => string,
): UnsafeDefault[] {
  if (!settings) return [];
  return RULES.map((rule) => rule(settings, where)).filter((u): u is UnsafeDefault => u !== null);
}
