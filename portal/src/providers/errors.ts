import type { HttpError } from '@refinedev/core';
import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';
import { httpStatusOf } from '../../../api/src/core/error-codes';

/**
 * The HTTP status Refine gets for each API error code (and the few reasons with a status of their
 * own): the server's own table (api/src/core/error-codes.ts), imported, so both sides give one
 * status per code.
 */
export const statusOf = (code: string, reason?: unknown): number => httpStatusOf(code, reason);

/** Codes the portal adds for failures that never reached the API's error format. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const SERVER_ERROR = 'SERVER_ERROR';

/**
 * Refine's HttpError plus what the API said: `code` (stable, for the UI to choose its wording),
 * `field` for BAD_USER_INPUT on one input field, `current` (the record as it is now) on CONFLICT.
 * `errors` maps the field to the message so that Refine/antd forms can show it beside the input.
 */
export interface ApiError extends HttpError {
  code: string;
  /** `extensions.reason` (api/src/core/error-codes.ts, Reason), with the refusal's figures in `extensions`. */
  reason?: string;
  extensions?: Record<string, unknown>;
  field?: string;
  current?: Record<string, unknown>;
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).statusCode === 'number' &&
    typeof (value as ApiError).code === 'string'
  );
}

function fromGraphQLError(first: GraphQLFormattedError): ApiError {
  const ext = (first.extensions ?? {}) as Record<string, unknown>;
  const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
  const error: ApiError = { message: first.message, statusCode: statusOf(code, ext.reason), code, extensions: ext };
  if (typeof ext.reason === 'string') error.reason = ext.reason;
  if (typeof ext.field === 'string') {
    error.field = ext.field;
    error.errors = { [ext.field]: first.message };
  }
  if (ext.current && typeof ext.current === 'object') error.current = ext.current as Record<string, unknown>;
  return error;
}

function graphQLErrorsIn(bodyText: string): GraphQLFormattedError[] | null {
  try {
    const body = JSON.parse(bodyText) as { errors?: GraphQLFormattedError[] };
    return Array.isArray(body.errors) && body.errors.length > 0 ? body.errors : null;
  } catch {
    return null;
  }
}

/**
 * Turns whatever Apollo Client threw into Refine's HttpError shape. The first GraphQL error
 * decides the status (the API reports one domain error per operation).
 */
export function toHttpError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  if (CombinedGraphQLErrors.is(error) && error.errors.length > 0) return fromGraphQLError(error.errors[0]);
  if (ServerError.is(error)) {
    // Apollo Server answers some request errors (e.g. validation) with HTTP 400 and a GraphQL body.
    const errors = graphQLErrorsIn(error.bodyText);
    if (errors) return fromGraphQLError(errors[0]);
    return { message: error.message, statusCode: error.statusCode || 500, code: SERVER_ERROR };
  }
  if (ServerParseError.is(error)) return { message: error.message, statusCode: 502, code: SERVER_ERROR };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError) return { message, statusCode: 503, code: NETWORK_ERROR };
  return { message, statusCode: 500, code: SERVER_ERROR };
}
