import { requirementName } from "../model/system-packages.js";

/** `name @ git+…`, `git+…#egg=name`, `-e git+…`: a requirement pip clones. */
const FROM_GIT = /(^|[\s@])git\+/;

/** The names of the requirements pip installs from git (it needs git then), each once. */
export function gitRequirements(requirements: string[]): string[] {
  const names = requirements
    .filter((r) => FROM_GIT.test(r))
    .map((r) => {
      const line = r.replace(/^(-e|--editable)\s+/, "");
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(line)?.[1];
      if (egg) return egg;
      // A bare URL: the repository's name.
      if (line.startsWith("git+"))
        return line
          .split(/[@#?]/)[0]!
          .replace(/\/+$/, "")
          .split("/")
          .pop()!
          .replace(/\.git$/, "");
      return requirementName(line);
    });
  return [...new Set(names)];
}
