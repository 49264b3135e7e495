import { ERROR_CODES, type ErrorAction, type ErrorCode } from './error-codes.js';

/** An error with a code from ERROR_CODES and a message that tells the user what to do next. */
export class TailwatchError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TailwatchError';
    this.code = code;
    this.details = details;
  }

  get action(): ErrorAction {
    return ERROR_CODES[this.code].action;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }
}

export function isTailwatchError(error: unknown, code?: ErrorCode): error is TailwatchError {
  return error instanceof TailwatchError && (code === undefined || error.code === code);
}
