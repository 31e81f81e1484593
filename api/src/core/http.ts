import crypto from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AuthedCtx, Ctx } from './context.js';
import { beginRequestTransaction, LSN_HEADER, onlyReads, primaryLsn, type ReadRouting } from './db/read-routing.js';
import { beginTransaction, endTransaction, transactionOpen } from './db/transaction.js';
import { AppError, ErrorCode, Reason, httpStatusOf, unauthenticated } from './errors.js';
import type { RequestWiring } from './module.js';
import { unwaited } from './request-stats.js';

/**
 * The per-request context, built once for GraphQL and for plain HTTP routes alike: the request's
 * transaction (one connection, begun here — core/db/transaction.ts), the caller resolved inside it
 * from the Authorization / X-Api-Key headers and set for row-level security by the same statement
 * (the principal resolver the composition root wires in: modules/auth/principal.ts), the modules'
 * loaders on the same EntityManager. Whoever builds a context ends its transaction (finishGraphqlRequest, withRequest).
 */
export async function buildContext(
  orm: MikroORM,
  wiring: RequestWiring,
  req: Request,
  op: string | null,
  begun?: EntityManager,
): Promise<Ctx> {
  const em = begun ?? (await beginTransaction(orm));
  try {
    const apiKeyHeader = req.headers['x-api-key'];
    const principal = await wiring.resolvePrincipal(em, {
      authorization: req.headers.authorization,
      apiKey: Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader,
    });
    if (principal?.kind === 'API_KEY') {
      // Integrator requests are attributable: one line per request with the key id.
      console.log(JSON.stringify({ at: new Date().toISOString(), apiKey: principal.id, unitId: principal.unitId, op }));
    }
    return { em, principal, loaders: wiring.createLoaders(em, principal), requestId: crypto.randomUUID(), clientAddress: req.ip };
  } catch (e) {
    await endTransaction(em, false);
    throw e;
  }
}

/**
 * GraphQL: the context, remembered on the response so that releaseUnfinished can end it. With
 * read replicas, a request that only reads may be served by one (core/db/read-routing.ts).
 */
export async function buildGraphqlContext(routing: ReadRouting, wiring: RequestWiring, req: Request, res: Response): Promise<Ctx> {
  const readOnly = routing.replicas.length > 0 && onlyReads(req.body);
  const { em, servedBy } = await beginRequestTransaction(routing, readOnly, req.get(LSN_HEADER));
  const ctx = await buildContext(
    routing.primary,
    wiring,
    req,
    (req.body as { operationName?: string } | undefined)?.operationName ?? null,
    em,
  );
  (res.locals as { requestEm?: EntityManager }).requestEm = ctx.em;
  // Which database answered, for operators and the tests of read routing.
  if (routing.replicas.length > 0) res.setHeader('x-kehoach-served-by', servedBy);
  return ctx;
}

/**
 * With read replicas, the answer to a mutation that was kept tells the client the primary's
 * position, to send back so that its next reads see its write (core/db/read-routing.ts).
 */
export async function tellWritePosition(rc: GraphQLRequestContextWillSendResponse<Ctx>, routing: ReadRouting): Promise<void> {
  if (routing.replicas.length === 0 || rc.operation?.operation !== 'mutation') return;
  try {
    rc.response.http.headers.set(LSN_HEADER, await primaryLsn(routing.primary));
  } catch {
    // Without the position the client's next reads may lag; the write itself is done.
  }
}

/** Errors the services raise on purpose (AppError) or graphql-js raises on a bad request. */
function isExpected(error: GraphQLError): boolean {
  return error.originalError === undefined || error.originalError === null || error.originalError instanceof GraphQLError;
}

/**
 * The end of a GraphQL request, before its response is sent: commit when every error was an
 * expected one; otherwise (or when the commit fails) roll back, and a mutation's response then
 * says that nothing was done (data: null) instead of showing results that were not kept.
 *
 * A query's answer does not depend on how its transaction ends (it read; the one write a query
 * may make, an API key's last use, is kept at best), so its end is not waited for: the response
 * leaves while COMMIT travels, one round trip less per read (docs/ARCHITECTURE.md, "What every
 * request costs"). The connection, and the settings of row-level security that are local to the
 * transaction, go back to the pool only once it has ended.
 *
 * A field that failed may have ended execution while its siblings' statements still run: the end
 * waits for them, and refuses any they would start after it (core/db/transaction.ts).
 */
export async function finishGraphqlRequest(rc: GraphQLRequestContextWillSendResponse<Ctx>): Promise<void> {
  const em = rc.contextValue.em;
  if (!transactionOpen(em)) return;
  const mutation = rc.operation?.operation === 'mutation';
  const unexpected = (rc.errors ?? []).some((e) => !isExpected(e));
  if (!mutation) {
    unwaited(() => endTransaction(em, !unexpected)).catch((e: unknown) => {
      if (process.env.KEHOACH_LOG_ERRORS !== '0') console.error('[internal error] commit of a query failed', e);
    });
    return;
  }
  let kept = false;
  if (unexpected) await endTransaction(em, false);
  else {
    try {
      await endTransaction(em, true);
      kept = true;
    } catch (e) {
      if (process.env.KEHOACH_LOG_ERRORS !== '0') console.error('[internal error] commit failed', e);
    }
  }
  if (kept || rc.response.body.kind !== 'single') return;
  const result = rc.response.body.singleResult;
  result.data = null;
  if (!result.errors?.length) {
    result.errors = [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }];
    rc.response.http.status = 500;
  }
}

/** Ends the transaction of a GraphQL request Apollo answered without finishing it (a malformed HTTP request). */
export async function releaseUnfinished(res: Response): Promise<void> {
  const em = (res.locals as { requestEm?: EntityManager }).requestEm;
  if (em) await endTransaction(em, false);
}

/**
 * A plain HTTP route's database work as the authenticated caller, in one transaction committed
 * before `work`'s result is used: long work that is not SQL (PDF conversion, writing to a slow
 * client) happens after, without holding a connection or an open transaction.
 */
export async function withRequest<T>(
  orm: MikroORM,
  wiring: RequestWiring,
  req: Request,
  op: string,
  work: (ctx: AuthedCtx) => Promise<T>,
): Promise<T> {
  const ctx = await buildContext(orm, wiring, req, op);
  let result: T;
  try {
    if (!ctx.principal) throw unauthenticated();
    result = await work(ctx as AuthedCtx);
  } catch (e) {
    await endTransaction(ctx.em, false);
    throw e;
  }
  await endTransaction(ctx.em, true);
  return result;
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
