import { derivePythonVersion, deriveSettingsModule } from "../ask/defaults.js";
import type { Facts } from "../inspect/index.js";
import type { Plan } from "../plan/index.js";

/** What was detected, each with why: shown before anything is written. */
export function describe(facts: Facts, plan: Plan, settingsFromFlag: boolean): string {
  const { summary, context } = plan;
  const settingsFacts = facts.django.modules[summary.settingsModule];
  const settingsWhy = settingsFromFlag ? "from --settings" : (deriveSettingsModule(facts)?.value === summary.settingsModule ? deriveSettingsModule(facts)?.why : "your answer");
  const wsgiSetting = settingsFacts?.names.WSGI_APPLICATION;
  const staticRoot = settingsFacts?.names.STATIC_ROOT;
  const pythonWhy = derivePythonVersion(facts).value === summary.pythonVersion ? derivePythonVersion(facts).why : "your answer";
  const reqs = facts.packaging.requirements;
  const inApp = (file: string) => (facts.appDir === "." ? file : `${facts.appDir}/${file}`);
  const lines = [
    ["Project", `${facts.root}${facts.appDir === "." ? "" : ` (manage.py in ${facts.appDir}/)`}`],
    ["Settings", `${summary.settingsModule} (${settingsWhy})`],
    ["Server", `gunicorn ${summary.server.app} (${wsgiSetting ? `WSGI_APPLICATION in ${inApp(wsgiSetting.file)}:${wsgiSetting.line}` : "the project's wsgi.py"})`],
    [
      "Dependencies",
      `setup.py of ${facts.packaging.name}: ${reqs.length} requirement${reqs.length === 1 ? "" : "s"}` +
        (facts.packaging.extras.length > 0 ? `; extras not installed: ${facts.packaging.extras.join(", ")}` : ""),
    ],
    ["Python", `${context.pythonImage} (${pythonWhy})`],
    ["Static files", staticRoot ? `STATIC_ROOT from ${inApp(staticRoot.file)}:${staticRoot.line}` : "STATIC_ROOT is not set"],
    ["Translations", facts.localeDirs.length > 0 ? `compilemessages for ${facts.localeDirs.join(", ")}` : "no locale folders with .po files"],
  ];
  const width = Math.max(...lines.map(([k]) => k!.length));
  return lines.map(([k, v]) => `${k!.padEnd(width)}  ${v}`).join("\n");
}
