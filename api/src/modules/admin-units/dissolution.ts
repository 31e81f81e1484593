import type { EntityManager } from '@mikro-orm/postgresql';
import { recordSystemAudit } from '../audit/audit.service.js';
import { adjustObligationsForUnits, type ObligationChanges } from '../reports/store/index.js';
import { readUnit, recordDissolution } from './unit-table.js';

/*
 * A unit dissolved (docs/ARCHITECTURE.md, "Administrative units"; docs/REPORTS.md, "Dissolution"):
 * its last day and successors recorded, and in the same transaction what the units owe adjusted —
 * the dissolved unit owes nothing due after its last day, its successors owe from their start —
 * with one audit event. The owner's act (the serving role writes no unit table): run by the unit
 * loader, scripts and tests on the owner's connection.
 */
export async function dissolveUnit(
  em: EntityManager,
  d: { unitId: number; lastDay: string; successors: { unitId: number; kind: 'FULL' | 'PARTIAL' }[] },
): Promise<ObligationChanges> {
  const before = await readUnit(em, d.unitId);
  if (!before) throw new Error(`no unit ${d.unitId}`);
  const changed = await recordDissolution(em, d);
  const obligations = await adjustObligationsForUnits(em, changed);
  await recordSystemAudit(em, {
    unitId: d.unitId,
    provinceId: before.provinceId,
    entityType: 'AdminUnit',
    entityId: String(d.unitId),
    action: 'DISSOLVE',
    before: { validTo: before.validTo },
    after: { validTo: d.lastDay, successors: d.successors, obligations },
  });
  return obligations;
}
