/**
 * The portal's hand-written types, checked against the types generated from the API's schema
 * (generated.ts, `npm run codegen -w portal`): what a query really returns must be assignable to
 * the type the screens use. When the schema or a document changes, `tsc` fails here — not in an
 * official's browser. Nothing here runs; it is read by the compiler only.
 */
import type { Agency, Sector } from '../agencies/types';
import type { ApiKey, CreatedApiKey } from '../api-keys/types';
import type { Identity } from '../auth/identity';
import type { CascadePlan, CascadeRow, CascadeSummary, CoverageMatrix } from '../cascade/types';
import type { DerivationPreview, PlanDiff, PlanHead, PlanSummary as DerivationPlanSummary, UpstreamPlan } from '../derivation/types';
import type { AgencyOption, AuditEvent, ChildUnit, ImportResult, PlanDocument, PlanSummary } from '../plans/types';
import type { UnitCore, UnitDetails, UnitSearchHit, UnitSummary } from '../units/types';
import type { User } from '../users/types';
import type * as G from './generated';

/** Compiles only when A (the API's answer) is assignable to B (the portal's type). */
type Agrees<A, B extends ([A] extends [B] ? unknown : { error: 'the API answers a shape the portal type does not accept'; api: A })> = true;
type Item<T> = T extends ReadonlyArray<infer I> ? I : never;
type NN<T> = NonNullable<T>;
/**
 * Fields the schema types as String whose values the API fixes (a principal's kind and role, an
 * upstream decision): the portal narrows them to those values. Replacing them here states the
 * narrowing; every other field is checked as generated.
 */
type Narrowed<T, N extends Partial<Record<keyof T, unknown>>> = Omit<T, keyof N> & N;

export type Agreement = [
  Agrees<G.AgencyFieldsFragment, Agency>,
  Agrees<Item<G.SectorsQuery['sectors']>, Sector>,
  Agrees<G.ApiKeyFieldsFragment, ApiKey>,
  Agrees<G.CreateApiKeyMutation['createApiKey'], CreatedApiKey>,
  Agrees<Narrowed<G.ViewerFieldsFragment, { kind: Identity['kind']; role: Identity['role'] }>, Identity>,
  Agrees<NN<G.CascadePlanQuery['plan']>, CascadePlan>,
  Agrees<Item<NN<G.CascadeRowsQuery['plan']>['cascade']['nodes']>, CascadeRow>,
  Agrees<NN<G.CascadeSummaryQuery['plan']>['cascadeSummary'], CascadeSummary>,
  Agrees<NN<G.CascadeCoverageMatrixQuery['plan']>['coverageMatrix'], CoverageMatrix>,
  Agrees<G.DerivationPlanHeadFragment, PlanHead>,
  Agrees<NN<G.DerivationPlanSummaryQuery['plan']>, DerivationPlanSummary>,
  Agrees<G.DerivationPreviewQuery['derivationPreview'], DerivationPreview>,
  Agrees<G.DerivationPlanDiffQuery['planDiff'], PlanDiff>,
  Agrees<
    Narrowed<
      NN<G.DerivationUpstreamChangesQuery['plan']>,
      { upstreamChanges: Narrowed<Item<NN<G.DerivationUpstreamChangesQuery['plan']>['upstreamChanges']>, { decision: 'TAKEN' | 'DECLINED' | null }>[] }
    >,
    UpstreamPlan
  >,
  Agrees<G.PlanSummaryFragment, PlanSummary>,
  Agrees<NN<G.PlanDocumentQuery['plan']>, PlanDocument>,
  Agrees<Item<NN<G.PlanHistoryQuery['plan']>['history']['nodes']>, AuditEvent>,
  Agrees<Item<G.PlanAgenciesQuery['agencies']['nodes']>, AgencyOption>,
  Agrees<Item<NN<G.PlanChildUnitsQuery['unit']>['children']['nodes']>, ChildUnit>,
  Agrees<G.ImportPlanMutation['importPlan'], ImportResult>,
  Agrees<G.UnitCoreFragment, UnitCore>,
  Agrees<NN<G.UnitDetailsQuery['unit']>, UnitDetails>,
  Agrees<Item<G.UnitSearchQuery['units']['nodes']>, UnitSearchHit>,
  Agrees<NN<G.UnitSummaryQuery['unit']>, UnitSummary>,
  Agrees<G.UserFieldsFragment, User>,
];
