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
