import crypto from 'node:crypto';
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { resolvePrincipal } from '../modules/auth/principal.js';
import type { TokenSigner } from '../modules/auth/tokens.js';
import type { AuthedCtx, Ctx } from './context.js';
import { AppError, ErrorCode, Reason, httpStatusOf, unauthenticated } from './errors.js';
import { createLoaders } from './loaders.js';

/**
 * The per-request context, built once for GraphQL and for plain HTTP routes alike: a fresh
 * EntityManager fork, the caller resolved from the Authorization / X-Api-Key headers, loaders.
 */
export async function buildContext(orm: MikroORM, signer: TokenSigner, req: Request, op: string | null): Promise<Ctx> {
  const em = orm.em.fork();
  const apiKeyHeader = req.headers['x-api-key'];
  const principal = await resolvePrincipal(
    em,
    signer,
    req.headers.authorization,
    Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader,
  );
  if (principal?.kind === 'API_KEY') {
    // Integrator requests are attributable: one line per request with the key id.
    console.log(JSON.stringify({ at: new Date().toISOString(), apiKey: principal.id, unitId: principal.unitId, op }));
  }
  return { em, principal, loaders: createLoaders(em, principal), requestId: crypto.randomUUID(), clientAddress: req.ip };
}

/** Same, for routes that need a caller. */
export async function buildAuthedContext(orm: MikroORM, signer: TokenSigner, req: Request, op: string): Promise<AuthedCtx> {
  const ctx = await buildContext(orm, signer, req, op);
  if (!ctx.principal) throw unauthenticated();
  return ctx as AuthedCtx;
}

/**
 * Errors of plain HTTP routes: JSON `{ code, message, reason? }` with the GraphQL API's codes;
 * anything else is masked, as formatError does for GraphQL. A response already streaming is cut.
 */
export function sendHttpError(res: Response, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof AppError) {
    const code = String(error.extensions.code);
    const reason = error.extensions.reason;
    const status = httpStatusOf(code, reason);
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (typeof error.extensions.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(error.extensions.retryAfterSeconds));
    res.status(status).json({ code, message: error.message, ...(typeof reason === 'string' ? { reason } : {}) });
    return;
  }
  if (process.env.KEHOACH_LOG_ERRORS !== '0') console.error('[internal error]', error);
  res.status(500).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
}

/**
 * GraphQL answers with the same statuses as plain routes (HTTP_STATUS). A response without data
 * (the request was refused before execution: parse, validation, variables, limits, credentials)
 * or with `data: null` (nothing could be answered) takes the status of its first error; a
 * partial result stays 200, as GraphQL over HTTP has it. Statuses Apollo chose for its own
 * transport errors (405 for a GET mutation) are kept.
 */
export function graphqlHttpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || (data !== undefined && data !== null)) return;
          const current = response.http.status;
          if (current !== undefined && current > 400 && current < 500 && current !== 401) return;
          const status = httpStatusOf(errors[0].extensions?.code, errors[0].extensions?.reason);
          response.http.status = status;
          if (status === 401) response.http.headers.set('www-authenticate', 'Bearer');
        },
      };
    },
  };
}

/** Errors thrown while building the context (bad credentials) leave Apollo with this status. */
export function withHttpStatus(error: unknown): unknown {
  if (error instanceof AppError) {
    error.extensions.http = { status: httpStatusOf(error.extensions.code, error.extensions.reason) };
  }
  return error;
}

/** express.json's failures (body-parser sets `type` and `status`). */
function bodyError(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large')
    return new AppError(ErrorCode.BAD_USER_INPUT, 'The request body is too large', { reason: Reason.BODY_TOO_LARGE });
  if (
    typeof type === 'string' &&
    ['entity.parse.failed', 'encoding.unsupported', 'charset.unsupported', 'entity.verify.failed'].includes(type)
  ) {
    return new AppError(ErrorCode.BAD_USER_INPUT, 'The request body is not valid JSON in UTF-8', { reason: Reason.MALFORMED_BODY });
  }
  return null;
}

/**
 * Body errors on /graphql are answered in the GraphQL shape (`{ errors: [{ message, extensions:
 * { code, reason } }] }`), because GraphQL clients — the portal's Apollo Client among them —
 * read a non-2xx body for `errors`; express's default would be an HTML page with a stack trace.
 */
export const graphqlBodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const refused = bodyError(error);
  if (!refused || res.headersSent) return next(error);
  const { code, reason } = refused.extensions;
  res.status(httpStatusOf(code, reason)).json({ errors: [{ message: refused.message, extensions: { code, reason } }] });
};

/** The last handler: every other error of any route as `{ code, message }`, never express's HTML. */
export const httpErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  sendHttpError(res, bodyError(error) ?? error);
};
