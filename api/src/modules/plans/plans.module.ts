import type { ApiModule } from '../../core/module.js';
import { createPlanLoaders } from './plan.loaders.js';
import {
  AllocationLinksResolver,
  LegalBasisLinksResolver,
  PlanNodeLinksResolver,
  PlanResolver,
  TargetLinksResolver,
} from './plan.resolver.js';
import { planStreamRouter } from './plan-stream.routes.js';

/** Plans as core sees them (core/module.ts): resolvers, the plan loaders, the NDJSON stream. */
export const plansModule: ApiModule = {
  name: 'plans',
  resolvers: [PlanResolver, PlanNodeLinksResolver, TargetLinksResolver, LegalBasisLinksResolver, AllocationLinksResolver],
  loaders: (em) => createPlanLoaders(em),
  routes: planStreamRouter,
};
