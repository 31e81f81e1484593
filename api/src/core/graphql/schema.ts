import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AdminUnitResolver } from '../../modules/admin-units/admin-unit.resolver.js';
import { AgencyResolver, UnitAgenciesResolver } from '../../modules/agencies/agency.resolver.js';
import { createAuthResolvers, type AuthDeps } from '../../modules/auth/auth.resolver.js';
import {
  AllocationLinksResolver,
  LegalBasisLinksResolver,
  PlanNodeLinksResolver,
  PlanResolver,
  TargetLinksResolver,
} from '../../modules/plans/plan.resolver.js';
import { DerivationResolver } from '../../modules/derivation/derivation.resolver.js';
import { CascadeResolver } from '../../modules/cascade/cascade.resolver.js';
import { DocumentsResolver } from '../../modules/documents/documents.resolver.js';
import { ReportObligationResolver, ReportResolver } from '../../modules/reports/report.resolver.js';
import { DateTime } from './scalars.js';

export interface SchemaDeps extends AuthDeps {}

/** Builds the executable schema. Resolver classes are created here, once per process. */
export async function createSchema(deps: SchemaDeps): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AdminUnitResolver,
      AgencyResolver,
      UnitAgenciesResolver,
      ...createAuthResolvers(deps),
      PlanResolver,
      PlanNodeLinksResolver,
      TargetLinksResolver,
      LegalBasisLinksResolver,
      AllocationLinksResolver,
      DerivationResolver,
      CascadeResolver,
      DocumentsResolver,
      ReportResolver,
      ReportObligationResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
    emitSchemaFile: false,
  });
}
