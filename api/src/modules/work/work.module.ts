import type { ApiModule } from '../../core/module.js';
import { MyWorkResolver, PlanBehindUpstreamResolver } from './work.resolver.js';

/**
 * The desk as core sees it (core/module.ts; docs/REPORTS.md, "The desk"): it composes what the
 * plan and report stores read; its loaders are theirs.
 */
export const workModule: ApiModule = {
  name: 'work',
  resolvers: [MyWorkResolver, PlanBehindUpstreamResolver],
};
