import { requirementName } from "../model/system-packages.js";

/**
 * The Python minor versions each Django feature release supports (Django's
 * own FAQ table), oldest first: a default Python outside them is an image
 * whose Django cannot run.
 */
export const DJANGO_PYTHON: Array<{ django: [number, number]; python: [number, number] }> = [
  { django: [1, 8], python: [3, 5] },
  { django: [1, 9], python: [4, 5] },
  { django: [1, 10], python: [4, 5] },
  { django: [1, 11], python: [4, 7] },
  { django: [2, 0], python: [4, 7] },
  { django: [2, 1], python: [5, 7] },
  { django: [2, 2], python: [5, 9] },
  { django: [3, 0], python: [6, 9] },
  { django: [3, 1], python: [6, 9] },
  { django: [3, 2], python: [6, 10] },
  { django: [4, 0], python: [8, 10] },
  { django: [4, 1], python: [8, 11] },
  { django: [4, 2], python: [8, 12] },
  { django: [5, 0], python: [10, 12] },
  { django: [5, 1], python: [10, 13] },
  { django: [5, 2], python: [10, 14] },
  { django: [6, 0], python: [12, 14] },
];

export interface DjangoPython {
  /** The newest Django release the requirement allows, e.g. "3.1". */
  django: string;
  /** The Python minors (3.X) it runs on, inclusive. */
  min: number;
  max: number;
  /** The requirement it was read from. */
  requirement: string;
}

/** The oldest Python the generated files run on (docker-install.py needs importlib.metadata). */
export const OLDEST_IMAGE_MINOR = 8;

/** A Django feature release X.Y as a comparable number. */
const rank = ([major, minor]: [number, number]) => major * 100 + minor;

/** Whether Django X.Y (any of its patch releases) satisfies one clause. */
function allows(clause: RegExpExecArray, release: [number, number]): boolean {
  const op = clause[1]!;
  const target = clause[2]!.split(".").map(Number);
  const [tMajor = 0, tMinor = 0] = target;
  const d = rank(release) - rank([tMajor, tMinor]);
  const wildcard = !!clause[3] || target.length <= 2;
  switch (op) {
    case "==":
    case "===":
      return d === 0 || (wildcard && target.length === 1 && release[0] === tMajor);
    case "~=":
      return target.length >= 3 ? d === 0 : d >= 0 && release[0] === tMajor;
    case ">=":
      return d >= 0;
    case ">":
      // >3.1 allows 3.1.1: the feature release stays in.
      return d > 0 || (d === 0 && target.length >= 3);
    case "<":
      return d < 0;
    case "<=":
      return d <= 0;
    case "!=":
      return !(wildcard && d === 0 && !!clause[3]);
    default:
      return true;
  }
}

/**
 * The Python range of the newest Django release that the project's Django
 * requirement allows, or null when it names none or cannot be read (a URL,
 * an unbounded `django`: any release, so no bound worth stating).
 */
export function djangoPython(requirements: string[]): DjangoPython | null {
  const line = requirements.find((r) => requirementName(r) === "django");
  if (!line) return null;
  const spec = line
    .replace(/^\s*[A-Za-z0-9._-]+\s*(\[[^\]]*\])?/, "")
    .split(";")[0]!
    .trim();
  if (spec === "" || spec.startsWith("@")) return null;
  const clauses = spec.split(",").map((c) => /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?\s*$/.exec(c));
  if (clauses.some((c) => c === null)) return null;
  const newest = [...DJANGO_PYTHON].reverse().find((row) => clauses.every((c) => allows(c!, row.django)));
  // Only a bound from above says something: `Django>=4.2` allows the newest release.
  if (!newest || newest === DJANGO_PYTHON.at(-1)) return null;
  return { django: newest.django.join("."), min: newest.python[0], max: newest.python[1], requirement: line.trim() };
}
