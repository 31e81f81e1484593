import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { resolvePrincipal } from '../modules/auth/principal.js';
import type { TokenSigner } from '../modules/auth/tokens.js';
import type { AuthedCtx, Ctx } from './context.js';
import { AppError, ErrorCode, unauthenticated } from './errors.js';
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
  return { em, principal, loaders: createLoaders(em, principal), requestId: crypto.randomUUID() };
}

/** Same, for routes that need a caller. */
export async function buildAuthedContext(orm: MikroORM, signer: TokenSigner, req: Request, op: string): Promise<AuthedCtx> {
  const ctx = await buildContext(orm, signer, req, op);
  if (!ctx.principal) throw unauthenticated();
  return ctx as AuthedCtx;
}

const HTTP_STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.INVALID_STATE]: 409,
  [ErrorCode.TOO_LARGE]: 413,
  [ErrorCode.BUSY]: 503,
};

/** Reasons that are the server's lack rather than the caller's mistake. */
const UNAVAILABLE_REASONS = new Set(['PDF_UNAVAILABLE']);

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
    const status = typeof reason === 'string' && UNAVAILABLE_REASONS.has(reason) ? 503 : (HTTP_STATUS[code] ?? 500);
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json({ code, message: error.message, ...(typeof reason === 'string' ? { reason } : {}) });
    return;
  }
  if (process.env.KEHOACH_LOG_ERRORS !== '0') console.error('[internal error]', error);
  res.status(500).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
}
