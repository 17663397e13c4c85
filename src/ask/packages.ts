import { UserError } from "../errors.js";

const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

/** "libpq-dev, pkg-config" or "libpq-dev pkg-config" -> a checked list. */
export function splitPackages(text: string): string[] {
  const names = text.split(/[\s,]+/).filter(Boolean);
  const bad = names.find((n) => !DEBIAN_PACKAGE.test(n));
  if (bad)
    throw new UserError(
      `"${bad}" is not a Debian package name.`,
      "List package names separated by spaces, e.g. libpq-dev pkg-config.",
    );
  return names;
}

const OPTIONAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** "pg, s3" or "pg s3" -> extra or group names, checked; "" -> none. */
export function splitNames(text: string): string[] {
  const names = text.split(/[\s,]+/).filter(Boolean);
  const bad = names.find((n) => !OPTIONAL_NAME.test(n));
  if (bad)
    throw new UserError(
      `"${bad}" is not an extra or dependency group name.`,
      "List names separated by commas, e.g. postgres,s3.",
    );
  return [...new Set(names)];
}
