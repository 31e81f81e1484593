import type { ApiModule, PrincipalResolver } from '../../core/module.js';
import { createAuthResolvers, type AuthDeps } from './auth.resolver.js';
import { resolvePrincipal } from './principal.js';
import type { TokenSigner } from './tokens.js';

/**
 * Accounts, keys and sign-in as core sees them (core/module.ts). Its resolvers are made with the
 * server's token signer and sign-in limits; it has no loaders.
 */
export function authModule(deps: AuthDeps): ApiModule & { loaders?: never } {
  return { name: 'auth', resolvers: createAuthResolvers(deps) };
}

/** The caller of a request, from its token or API key (principal.ts), for core/http.ts. */
export function principalResolver(signer: TokenSigner): PrincipalResolver {
  return (em, { authorization, apiKey }) => resolvePrincipal(em, signer, authorization, apiKey);
}
