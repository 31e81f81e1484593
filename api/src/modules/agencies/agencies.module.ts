import type { ApiModule } from '../../core/module.js';
import { createAgencyLoaders } from './agency.loaders.js';
import { AgencyResolver, UnitAgenciesResolver } from './agency.resolver.js';

/** Agencies as core sees them (core/module.ts): resolvers and loaders. */
export const agenciesModule: ApiModule = {
  name: 'agencies',
  resolvers: [AgencyResolver, UnitAgenciesResolver],
  loaders: (em) => createAgencyLoaders(em),
};
