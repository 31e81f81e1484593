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
  /** Too many failed sign-ins for this username or from this address: wait `extensions.retryAfterSeconds`. */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  /** The input exceeds a size or work budget (upload bytes, inflated .docx parts, import time or memory); HTTP 413. */
  TOO_LARGE: 'TOO_LARGE',
  /** A bounded queue of work is full (imports); retry later; HTTP 503. */
  BUSY: 'BUSY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Reasons (`extensions.reason`) that refine BAD_USER_INPUT for requests refused as a whole
 * (docs/ARCHITECTURE.md, "Request limits"). Stable like the codes.
 */
export const Reason = {
  DEPTH_LIMIT: 'DEPTH_LIMIT',
  ALIAS_LIMIT: 'ALIAS_LIMIT',
  /** The document, with every fragment spread expanded, selects too many fields. */
  SELECTION_LIMIT: 'SELECTION_LIMIT',
  COST_LIMIT: 'COST_LIMIT',
  INVALID_VARIABLES: 'INVALID_VARIABLES',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  MALFORMED_BODY: 'MALFORMED_BODY',
  INTROSPECTION_REQUIRES_CREDENTIALS: 'INTROSPECTION_REQUIRES_CREDENTIALS',
  /** A write would take a plan beyond one of its declared maxima (PLAN_LIMITS). */
  PLAN_LIMIT: 'PLAN_LIMIT',
} as const;

/**
 * The one map from error code to HTTP status, used by GraphQL (core/http.ts graphqlHttpStatus)
 * and by plain routes (sendHttpError). A few reasons need a status of their own.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  INVALID_STATE: 409,
  TOO_MANY_ATTEMPTS: 429,
  TOO_LARGE: 413,
  BUSY: 503,
  INTERNAL_SERVER_ERROR: 500,
};
const HTTP_STATUS_BY_REASON: Record<string, number> = {
  // The server lacks LibreOffice: not the caller's mistake.
  PDF_UNAVAILABLE: 503,
  [Reason.BODY_TOO_LARGE]: 413,
};

export function httpStatusOf(code: unknown, reason?: unknown): number {
  if (typeof reason === 'string' && HTTP_STATUS_BY_REASON[reason]) return HTTP_STATUS_BY_REASON[reason];
  return HTTP_STATUS[code as ErrorCode] ?? 500;
}

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
export const invalidState = (message: string) => new AppError(ErrorCode.INVALID_STATE, message);
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
