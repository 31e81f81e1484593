import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The one list of error codes clients may rely on (`extensions.code`). Tests assert on these,
 * never on message text.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  /** The input exceeds a size or work budget (upload bytes, inflated .docx parts, import time or memory); HTTP 413. */
  TOO_LARGE: 'TOO_LARGE',
  /** A bounded queue of work is full (imports); retry later; HTTP 503. */
  BUSY: 'BUSY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A domain error with a stable code; `details` go to `extensions` (e.g. the current version on CONFLICT). */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

/** HTTP 401 as well, so plain HTTP clients and proxies see the failure without parsing GraphQL. */
export const unauthenticated = (message = 'Sign-in required or credentials invalid') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
export const forbidden = (message = 'Not allowed') => new AppError(ErrorCode.FORBIDDEN, message);
/** Also used for what the caller may not see: invisible is indistinguishable from absent. */
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badInput = (message: string, field?: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const conflict = (message: string, current: Record<string, unknown>) => new AppError(ErrorCode.CONFLICT, message, { current });
export const invalidState = (message: string) => new AppError(ErrorCode.INVALID_STATE, message);

const KNOWN = new Set<string>(Object.values(ErrorCode));
/** Codes produced by graphql-js / Apollo for malformed requests. */
const CLIENT_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The single exit for errors. Domain errors pass with their code; request errors become
 * BAD_USER_INPUT (keeping the original under `reason`); anything else is masked so that
 * no SQL, stack trace or path reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (KNOWN.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _s, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    // Variable coercion errors come as BAD_USER_INPUT from Apollo and may include "Did you mean".
    return { ...base, message: stripSuggestions(formatted.message), extensions: ext };
  }
  if (CLIENT_REQUEST_CODES.has(code)) {
    return {
      ...base,
      message: stripSuggestions(formatted.message),
      // Our own validation rules (depth, aliases) say why in `reason`; keep it over Apollo's wrapper code.
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        reason: typeof formatted.extensions?.reason === 'string' ? formatted.extensions.reason : code,
      },
    };
  }
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  if (process.env.KEHOACH_LOG_ERRORS !== '0') console.error('[internal error]', original);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

function stripSuggestions(message: string): string {
  return message.replace(/ Did you mean .*\?$/s, '');
}
