/** A problem the user can fix; printed without a stack trace unless --debug. */
export class UserError extends Error {
  constructor(
    message: string,
    /** What to do about it, shown on its own line. */
    readonly hint?: string,
    /** Supporting output, such as the tail of a failed command's stderr. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** The user cancelled a prompt (Ctrl-C or Escape). */
export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}

/** Operating-system refusals a person can act on, by errno code. */
const ownerHint = (path: string) =>
  `Check its owner and permissions (ls -ld ${path}), ` +
  "or run create-django-docker as a user who can read and write the project.";

const SYSTEM_PROBLEMS: Record<string, { reason: string; hint: (path: string) => string }> = {
  EACCES: {
    reason: "permission denied",
    hint: ownerHint,
  },
  EPERM: {
    reason: "operation not permitted",
    hint: ownerHint,
  },
  EROFS: {
    reason: "the file system is read-only",
    hint: () => "Run create-django-docker on a writable copy of the project.",
  },
  ENOSPC: {
    reason: "no space is left on the device",
    hint: () => "Free some space, then run create-django-docker again.",
  },
  ELOOP: { reason: "it is a loop of symbolic links", hint: (path) => `Fix or remove the symbolic link ${path}.` },
};

/** What the tool was doing, by the failing system call, for the message. */
const ACTIONS: Record<string, string> = {
  scandir: "list the folder",
  open: "open",
  read: "read",
  stat: "read",
  lstat: "read",
  copyfile: "copy",
  rename: "replace",
  mkdir: "create the folder",
  mkdtemp: "create a temporary folder at",
  chmod: "set the mode of",
  unlink: "remove",
  access: "write to",
};

/**
 * A file-system error (permission denied, read-only disk...) as a UserError
 * naming the path and what to do; null for anything else, which stays a bug.
 */
export function userErrorFromSystem(error: unknown): UserError | null {
  const e = error as NodeJS.ErrnoException | null;
  const problem = e?.code ? SYSTEM_PROBLEMS[e.code] : undefined;
  if (!e || !problem || !e.path) return null;
  return new UserError(
    `Could not ${ACTIONS[e.syscall ?? ""] ?? "use"} ${e.path}: ${problem.reason}.`,
    problem.hint(e.path),
  );
}
