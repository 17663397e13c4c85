import type { SettingValue } from "../inspect/django.js";
import type { Facts } from "../inspect/index.js";
import { requirementName } from "../model/system-packages.js";

/** A management command the static stage runs, and why. */
export interface StaticStep {
  /** The command after django-admin ("collectstatic --noinput"). */
  command: string;
  /** Its name, for the plan JSON's staticSteps. */
  name: string;
  why: string;
  /** A shell command run right after it: tidying what the step leaves in the project. */
  after?: string;
}

/** The package that provides an app the steps depend on. */
const APP_PACKAGES: Record<string, string> = {
  sass_processor: "django-sass-processor",
  compressor: "django-compressor",
  django_tailwind_cli: "django-tailwind-cli",
};

/** STATIC_ROOT is set to something: `STATIC_ROOT = ""` (or None) is the same as no STATIC_ROOT. */
export function staticRootSet(staticRoot: SettingValue | undefined): boolean {
  return !!staticRoot && !(staticRoot.known && (staticRoot.value === null || staticRoot.value === ""));
}

/**
 * Whether the settings leave django.contrib.staticfiles out (an API): then there is no
 * collectstatic to run and no static files to serve. Only a literal INSTALLED_APPS says so.
 */
export function withoutStaticFiles(names: Record<string, SettingValue>): boolean {
  const apps = names.INSTALLED_APPS;
  return (
    !!apps?.known &&
    Array.isArray(apps.value) &&
    !apps.value.some((app) => typeof app === "string" && app.startsWith("django.contrib.staticfiles"))
  );
}

/** A setting that is on: True as a literal, or an expression whose default says True (env.bool("X", default=True)). */
function isOn(setting: SettingValue | undefined): boolean {
  if (!setting) return false;
  return setting.known ? !!setting.value : /\bTrue\b/.test(setting.expr);
}

/** The static files storage's class: STORAGES["staticfiles"]["BACKEND"], else STATICFILES_STORAGE. */
function storageOf(names: Record<string, SettingValue>): string {
  const storages = names.STORAGES;
  if (storages) {
    const value = storages.value as Record<string, { BACKEND?: unknown }> | null;
    const backend = storages.known ? value?.staticfiles?.BACKEND : undefined;
    return typeof backend === "string" ? backend : storages.expr;
  }
  const legacy = names.STATICFILES_STORAGE;
  return legacy ? (typeof legacy.value === "string" ? legacy.value : legacy.expr) : "";
}

/** "python manage.py rebuild --all" -> "rebuild --all": the image runs management commands through django-admin. */
export function managementCommand(step: string): string {
  return step.trim().replace(/^(?:python3?\s+)?(?:\.\/)?(?:manage\.py|django-admin)\s+/, "");
}

/**
 * The build-time management commands, in order: compilescss (django-sass-
 * processor) and tailwind build (django-tailwind-cli) before collectstatic; the user's steps; collectstatic; compress
 * when django-compressor compresses offline, then collectstatic again when a
 * manifest storage must learn the compressed files' names.
 */
export function staticSteps(
  facts: Facts,
  settingsModule: string,
  userSteps: string[],
  requirements: string[],
): StaticStep[] {
  const names = facts.django.modules[settingsModule]?.names ?? {};
  const apps = names.INSTALLED_APPS;
  const required = new Set(requirements.map(requirementName));
  // INSTALLED_APPS built from other names (PREREQ_APPS + PROJECT_APPS) cannot be read: the requirement says.
  const hasApp = (app: string) =>
    apps?.known && Array.isArray(apps.value)
      ? apps.value.includes(app)
      : (apps?.expr ?? "").includes(`"${app}"`) ||
        (apps?.expr ?? "").includes(`'${app}'`) ||
        required.has(APP_PACKAGES[app] ?? app);
  const steps: StaticStep[] = [];
  if (hasApp("sass_processor"))
    steps.push({ command: "compilescss", name: "compilescss", why: "django-sass-processor is installed" });
  if (hasApp("django_tailwind_cli")) {
    // Its standalone Tailwind binary, fetched at build (the settings may turn the automatic download off).
    const why = "django-tailwind-cli is installed: the CSS it builds is git-ignored";
    steps.push({ command: "tailwind download_cli", name: "tailwind download_cli", why });
    // The binary (tens of MB) lands in the project's folder by default: not for the image.
    steps.push({ command: "tailwind build", name: "tailwind build", why, after: "rm -rf .django_tailwind_cli" });
  }
  for (const step of userSteps) {
    const command = managementCommand(step);
    steps.push({ command, name: command, why: "--build-step" });
  }
  if (withoutStaticFiles(names)) return steps;
  steps.push({ command: "collectstatic --noinput", name: "collectstatic", why: "" });
  const offline = names.COMPRESS_OFFLINE;
  if (hasApp("compressor") && isOn(offline)) {
    steps.push({
      command: "compress --force",
      name: "compress",
      why: `COMPRESS_OFFLINE (${offline!.file}:${offline!.line})`,
    });
    if (/Manifest/.test(storageOf(names))) {
      steps.push({
        command: "collectstatic --noinput",
        name: "collectstatic",
        why: "the manifest storage learns the compressed files",
      });
    }
  }
  return steps;
}
