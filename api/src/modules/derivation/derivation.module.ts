import type { ApiModule } from '../../core/module.js';
import { DerivationResolver } from './derivation.resolver.js';

/** Derivation as core sees it (core/module.ts). */
export const derivationModule: ApiModule = {
  name: 'derivation',
  resolvers: [DerivationResolver],
};
