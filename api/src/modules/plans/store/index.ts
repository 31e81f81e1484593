/**
 * The plan store: the only code that writes SQL to the plan tables (plan, plan_node, legal bases,
 * phases, targets and allocations, milestones, omissions, upstream decisions, roll-ups, number
 * sequences) and the only code that reads them, through the read paths it owns. A test
 * (tests/api/plan-store-owner.test.ts) keeps it so. Writes go through write.ts (`writePlan`,
 * `editDraft`, `createPlan`): docs/ARCHITECTURE.md, "How a write happens".
 */
export * from './body-cache.js';
export * from './content.js';
export * from './draft.js';
export * from './lifecycle.js';
export * from './limits.js';
export * from './parts.js';
export * from './queries.js';
export * from './reads.js';
export * from './rollup.js';
export * from './upstream-state.js';
export * from './write.js';
export * from './cascade-queries.js';
export * from './seed-dates.js';
export * from './reporting.js';
export * from './desk.js';
