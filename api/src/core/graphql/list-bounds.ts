import 'reflect-metadata';
import { Extensions } from 'type-graphql';
import type { GraphQLField, GraphQLObjectType } from 'graphql';

/**
 * The declared size of every list in the schema (docs/ARCHITECTURE.md, "Request limits"). The
 * cost limit weighs a list by its bound before anything runs, so each bound must be a real one:
 *  - a connection's `nodes`/`edges` hold at most the `first` of the field that returned it ('PAGE');
 *  - every other list declares its maximum, backed by a cap the write paths enforce
 *    (modules/plans/plan-limits.ts), by the shape of the data (three ancestors) or by the code
 *    that computes it; `perPlan` adds a total over all parents within one plan (3,000 agency
 *    references in a plan whatever the number of tasks), which keeps a plan page's bound close
 *    to its real size;
 *  - `truncate`: informational lists (linter findings, import report) are cut at the maximum.
 * A list longer than its declared maximum at run time is a broken promise: the response fence
 * (limits.ts) refuses it rather than let the cost estimate lie. A schema test fails for a list
 * without `first` or a bound.
 */
export interface ListBound {
  max: number | 'PAGE';
  perPlan?: number;
  truncate?: boolean;
}

export function MaxItems(max: number | 'PAGE', opts: { perPlan?: number; truncate?: boolean } = {}): PropertyDecorator & MethodDecorator {
  const bound: ListBound = { max, ...opts };
  return Extensions({ listBound: bound }) as PropertyDecorator & MethodDecorator;
}

/**
 * Marks an object type whose subtree holds the content of `plans` plans (Plan: 1, PlanDiff: 2),
 * the scope of `perPlan` totals.
 */
export function PlanScope(plans: number): ClassDecorator {
  return Extensions({ planScope: plans }) as ClassDecorator;
}

export function listBoundOf(field: GraphQLField<unknown, unknown>): ListBound | undefined {
  return field.extensions?.listBound as ListBound | undefined;
}

export function planScopeOf(type: GraphQLObjectType): number | undefined {
  return type.extensions?.planScope as number | undefined;
}
