import { GraphQLError, type GraphQLFormattedError } from 'graphql';

// The codes, reasons and their HTTP statuses live in a file without imports, which the portal
// imports too: one status per code on both sides (docs/ARCHITECTURE.md, "Request limits").
export { ErrorCode, Reason, HTTP_STATUS, HTTP_STATUS_BY_REASON, httpStatusOf } from './error-codes.js';
import { ErrorCode, Reason } from './error-codes.js';

/** A domain error with a stable code; `details` go to `extensions` (e.g. the current version on CONFLICT). */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

/** HTTP 401 (through HTTP_STATUS), so plain HTTP clients and proxies see the failure without parsing GraphQL. */
export const unauthenticated = (message = 'Sign-in required or credentials invalid', details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, details);
export const forbidden = (message = 'Not allowed') => new AppError(ErrorCode.FORBIDDEN, message);
/** Also used for what the caller may not see: invisible is indistinguishable from absent. */
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badInput = (message: string, field?: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
/** A request refused as a whole (a limit, unusable variables): BAD_USER_INPUT with its reason. */
export const refused = (reason: keyof typeof Reason, message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { ...details, reason });
export const conflict = (message: string, current: Record<string, unknown>) => new AppError(ErrorCode.CONFLICT, message, { current });
export const invalidState = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.INVALID_STATE, message, details);
/** HTTP 429 with Retry-After as well, so that plain HTTP clients and proxies back off too. */
export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.TOO_MANY_ATTEMPTS, `Too many failed sign-in attempts: try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });

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
