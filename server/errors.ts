import type { MessageRef } from '@/lib/i18n/format';
import { refOf } from '@/lib/i18n/sentence';

/**
 * The closed vocabulary of errors. Each has a stable code, an HTTP status and a websocket
 * close code, mapped here and nowhere else. `message` is a sentence for the user that says
 * what to do (in English here; messages/<locale>.json has it in every interface language,
 * `errors.<code>`); the cause goes to the log.
 */
export const ERRORS = {
  unauthenticated: { status: 401, close: 4401, message: 'Sign in to continue.' },
  not_found: { status: 404, close: 4404, message: 'There is no such document, or you do not have access to it.' },
  forbidden: { status: 403, close: 4403, message: 'Your role does not allow this.' },
  password_change_required: { status: 403, close: 4403, message: 'Choose a new password first: the one you signed in with was set by an administrator.' },
  bad_origin: { status: 403, close: 4403, message: 'This page is not allowed to connect to Communiqué.' },
  bad_request: { status: 400, close: 1007, message: 'The request is malformed.' },
  unprocessable: { status: 422, close: 1007, message: 'The request was understood but its content is not acceptable.' },
  conflict: { status: 409, close: 4409, message: 'This is not possible in the document’s current state.' },
  length_required: { status: 411, close: 1002, message: 'Send the request body with a Content-Length header.' },
  too_large: { status: 413, close: 1009, message: 'The message is too large.' },
  too_many_requests: { status: 429, close: 4429, message: 'Too many attempts. Wait a while and try again.' },
  unsupported_media_type: { status: 415, close: 1003, message: 'This kind of file is not accepted here.' },
  unavailable: { status: 503, close: 1013, message: 'The service is temporarily unavailable. Try again in a moment.' },
  internal: { status: 500, close: 1011, message: 'Something went wrong on the server. Your work is safe; try again.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** Websocket close codes with meaning in the protocol (written once, in lib/collab/protocol.ts). */
export { CLOSE } from '@/lib/collab/protocol';

/**
 * An error the user may see: carries a code from ERRORS and an optional specific sentence.
 * `ref` names the catalogue message (messages/<locale>.json) the sentence is, so that the
 * HTTP adapter writes it in the reader's language: the code's own `errors.<code>`, a
 * refusal made by lib/i18n/sentence.ts, or one given in `options.ref`. A sentence with no
 * ref (not yet moved into the catalogues) is answered in English.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly ref: MessageRef | undefined;
  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; ref?: MessageRef }) {
    super(message ?? ERRORS[code].message, options);
    this.code = code;
    this.name = 'AppError';
    this.ref = options?.ref ?? (message === undefined ? { key: `errors.${code}` } : refOf(message));
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === 'AppError' && typeof (e as AppError).code === 'string' && (e as AppError).code in ERRORS;
}
