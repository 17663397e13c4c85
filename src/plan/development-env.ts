import type { SettingsModuleFacts, ValueFacts } from "../inspect/django.js";

/** A line of the first .env that makes the settings work for compose.yaml on this machine. */
export interface DevelopmentValue {
  name: string;
  value: string;
  setting: string;
  /** Why this value, for the comment above it. */
  why: string;
}

interface Rule {
  setting: string;
  /** The value to give, or null when the setting's own fallback already works. */
  value: (facts: ValueFacts) => string | null;
  why: string;
}

/**
 * Settings whose production value stops the stack answering on localhost over
 * plain HTTP (compose.yaml has no TLS proxy). A table: one row per setting.
 */
const RULES: Rule[] = [
  {
    setting: "ALLOWED_HOSTS",
    value: () => "*",
    why: "any host, for development: list your real host names in production",
  },
  {
    setting: "SECURE_SSL_REDIRECT",
    value: (facts) => (facts.default === true ? (facts.offValue ?? null) : null),
    why: "off: compose.yaml serves plain HTTP; turn it on behind HTTPS",
  },
];

/** The development values for the variables the settings read these settings from. */
export function developmentValues(settings: SettingsModuleFacts | undefined): DevelopmentValue[] {
  if (!settings) return [];
  return RULES.flatMap((rule) => {
    const facts = settings.names[rule.setting]?.facts ?? {};
    const name = settings.env.find((read) => read.setting === rule.setting)?.name ?? facts.variables?.[0];
    const value = name ? rule.value(facts) : null;
    return name && value !== null ? [{ name, value, setting: rule.setting, why: rule.why }] : [];
  });
}
