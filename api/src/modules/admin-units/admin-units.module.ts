import type { ApiModule } from '../../core/module.js';
import { createUnitLoaders } from './admin-unit.loaders.js';
import { AdminUnitResolver } from './admin-unit.resolver.js';

/** The unit hierarchy as core sees it (core/module.ts): its resolver and its loaders. */
export const adminUnitsModule: ApiModule = {
  name: 'admin-units',
  resolvers: [AdminUnitResolver],
  loaders: createUnitLoaders,
};
