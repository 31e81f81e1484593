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
};

/** Errors of plain HTTP routes: JSON `{ code, message }` with the GraphQL API's codes; internals masked. */
export function sendHttpError(res: Response, error: unknown): void {
  if (error instanceof AppError) {
    const code = String(error.extensions.code);
    if (!res.headersSent)
      res
        .status(HTTP_STATUS[code] ?? 400)
        .json({ code, message: error.message, ...(error.extensions.reason ? { reason: error.extensions.reason } : {}) });
    else res.end();
    return;
  }
  console.error('[internal error]', error);
  if (!res.headersSent) res.status(500).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
  else res.destroy();
}
