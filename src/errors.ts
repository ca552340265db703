/**
 * Errors that stop a run (exit code 2). They carry a message id and data, rendered in the user's language
 * by the CLI from the i18n catalogue; never a stack trace unless --debug.
 */
export type ErrorData = Record<string, string | number | null | undefined>;

export class LedgerlintError extends Error {
  constructor(
    /** Key in the i18n catalogue (src/i18n/messages/*.ts), e.g. 'io.file-not-found'. */
    readonly messageId: string,
    readonly data: ErrorData = {},
    options?: { cause?: unknown },
  ) {
    super(`${messageId} ${JSON.stringify(data)}`, options);
    this.name = 'LedgerlintError';
  }
}
