import type { ApiModule } from '../../core/module.js';
import { CascadeResolver, CascadeRowResolver } from './cascade.resolver.js';

/** The cascade as core sees it (core/module.ts). */
export const cascadeModule: ApiModule = {
  name: 'cascade',
  resolvers: [CascadeResolver, CascadeRowResolver],
};
