import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canCreatePlanFor } from '../../core/access/policy.js';
import { forbidden } from '../../core/errors.js';
import { idempotent } from '../../core/idempotency.js';
import { rows } from '../../core/sql.js';
import { cleanText, searchKey } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { existingDerivedPlan, unitNamedBy } from '../derivation/derivation.service.js';
import { PROVENANCE_SQL, refreshRollup } from '../derivation/rollup.js';
import type { AgencyRef, PlanDocument } from '../plans/plan-document.js';
import { insertPlanContent } from '../plans/plan-store.js';
import { linkNodes, type NodeLinks } from './link-nodes.js';
import { auditPlan, creatorOf, insertPlanRow, reloadPlan, replayPlan } from '../plans/plan.service.js';
import type { PlanNode } from '../plans/plan.types.js';
import { importPool } from './import/import-pool.js';
import { IMPORT_LIMITS, tooLarge, unreadable } from './import/limits.js';
import { citedNumber } from './import/references.js';
import { warning, type ImportReport, type ImportWarning } from './import/report.js';

/** Decoded upload size accepted by importPlan (the HTTP body limit leaves room for base64). */
export const MAX_IMPORT_BYTES = IMPORT_LIMITS.maxFileBytes;

export interface StoredImport {
  planId: string;
  report: ImportReport & { matchedAgencies: number; parentPlanId: string | null; linkedNodes: number };
}

/**
 * Writes a parsed document as a DRAFT of `unit`: agencies named in it are matched to the unit's
 * agencies, allocations to its child units, and a cited plan of an ancestor in the system becomes
 * the parent — with each node linked to the parent node it reproduces, so an imported plan
 * takes its place in the cascade like a derived one.
 */
export async function storeDocumentAsDraft(
  em: EntityManager,
  unit: Pick<AdminUnitNode, 'id' | 'path' | 'provinceId' | 'name'>,
  createdBy: string | null,
  doc: PlanDocument,
  report: ImportReport,
): Promise<StoredImport> {
  const agencies = await rows<{ id: string; name: string; sector: string }>(
    em,
    `select id, name, sector from agency where unit_id = ? and disabled_at is null`,
    [unit.id],
  );
  let matchedAgencies = 0;
  const unknown = new Set(report.unknownAgencies);
  // Keys computed once: a plan names agencies thousands of times.
  const byKey = new Map<string, (typeof agencies)[number]>();
  const bySector = new Map<string, (typeof agencies)[number][]>();
  for (const a of agencies) {
    if (!byKey.has(searchKey(a.name))) byKey.set(searchKey(a.name), a);
    if (!bySector.has(a.sector)) bySector.set(a.sector, []);
    bySector.get(a.sector)!.push(a);
  }
  const match = (ref: AgencyRef): AgencyRef => {
    if (ref.subordinateCommittees) return ref;
    const sectorAgencies = ref.sector ? (bySector.get(ref.sector) ?? []) : [];
    const hit = byKey.get(searchKey(ref.name)) ?? (sectorAgencies.length === 1 ? sectorAgencies[0] : undefined);
    if (hit) {
      matchedAgencies++;
      return { ...ref, agencyId: hit.id, sector: ref.sector ?? hit.sector };
    }
    if (!isGroup(ref.name)) unknown.add(ref.name);
    return ref;
  };
  const children = await rows<{ id: number; name: string; kind: string }>(em, `select id, name, kind from admin_unit where parent_id = ?`, [
    unit.id,
  ]);
  const childNamed = unitNamedBy(children);
  // Allocations read from a table name units: those that match no unit below are reported.
  const tableNodes = new Set(doc.nodes.filter((n) => n.kind === 'TABLE').map((n) => n.key));
  const unknownUnits = new Set<string>();
  const document: PlanDocument = {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.task ? { ...n, task: { ...n.task, lead: n.task.lead.map(match), cooperating: n.task.cooperating.map(match) } } : n,
    ),
    targets: doc.targets.map((t) => ({
      ...t,
      responsible: t.responsible ? match(t.responsible) : null,
      allocations: t.allocations.map((a) => {
        const unitId = a.unitId ?? childNamed(a.assignee)?.id ?? null;
        if (unitId === null && tableNodes.has(t.nodeKey)) unknownUnits.add(a.assignee);
        return { ...a, unitId };
      }),
    })),
  };

  for (const name of unknownUnits) {
    report.warnings.push(
      warning(
        'ALLOCATION_UNIT_UNKNOWN',
        `"${name}" in an allocation table names no unit below ${unit.name}: its allocation is kept unlinked`,
      ),
    );
  }

  // A cited plan of an ancestor, issued and in the system, is the parent plan (the first one
  // cited). A number is the same with or without leading zeros ("01/KH-UBND" is "1/KH-UBND",
  // both ways: a number may be stored as "01" when given so at issue). All citations are looked
  // up in one statement.
  const cited = document.legalBases.flatMap((b, i) => {
    const n = b.type === 'PLAN' && b.number && b.date ? citedNumber(b.number) : null;
    return n ? [{ i, n: n.number, s: n.symbol, d: b.date }] : [];
  });
  const found = cited.length
    ? await rows<{ i: number; id: string; seriesId: string }>(
        em,
        `select distinct on (c.i) c.i, p.id, p.series_id as "seriesId"
           from jsonb_to_recordset(?::jsonb) as c(i int, n text, s text, d date)
           join plan p on coalesce(nullif(ltrim(p.number, '0'), ''), '0') = c.n and upper(p.symbol) = c.s and p.issued_date = c.d
          where p.status in ('ISSUED','SUPERSEDED') and p.unit_path @> ?::ltree and p.unit_id <> ?
          order by c.i, p.version_no desc`,
        [JSON.stringify(cited), unit.path, unit.id],
      )
    : [];
  let parentPlanId: string | null = null;
  let parentSeriesId: string | null = null;
  for (const { i, id, seriesId } of found.sort((a, b) => a.i - b.i)) {
    document.legalBases[i] = { ...document.legalBases[i], planId: id };
    if (!parentPlanId) [parentPlanId, parentSeriesId] = [id, seriesId];
  }

  // One plan per unit per parent plan (as derivePlan): a unit that already has its plan from the
  // cited one gets this document as a plan of its own, the citation kept, nothing lost.
  if (parentSeriesId) {
    const existing = await existingDerivedPlan(em, parentSeriesId, unit.id, { lock: true });
    if (existing) {
      report.warnings.push(
        warning('PARENT_TAKEN', `The unit already has plan ${existing} from the cited plan: imported as a plan of its own`),
      );
      parentPlanId = null;
    }
  }

  const submission = document.milestones.find((m) => m.kind === 'PLAN_SUBMISSION')?.dueDate ?? null;
  const campaign = document.phases.length ? spanOf(document.phases) : { start: null, end: null };
  const created = await insertPlanRow(em, unit, createdBy, {
    title: document.header.title || 'Kế hoạch',
    symbol: document.header.symbol && /^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$/u.test(document.header.symbol) ? document.header.symbol : 'KH-UBND',
    place: document.header.place,
    dateLine: document.header.dateLine,
    // What the document says, even nothing: the printed form supplies the committee's name then.
    issuingBody: document.header.issuingBody,
    documentKind: document.header.documentKind || 'KẾ HOẠCH',
    preamble: document.preamble,
    periodStart: campaign.start,
    periodEnd: campaign.end,
    submissionDeadline: submission,
    recipients: document.recipients,
    signature: document.signature,
    parentPlanId,
  });
  await insertPlanContent(em, created, document);
  let linkedNodes = 0;
  const warnings = report.warnings;
  if (parentPlanId) {
    const found = await linkToParent(em, created.id, parentPlanId);
    linkedNodes = found.links.length;
    if (!found.complete) {
      warnings.push(
        warning('PARENT_LINK_PARTIAL', `Only part of the nodes were compared with the parent plan's (${found.comparisons} comparisons)`),
      );
    }
    await refreshRollup(em, created.id);
  }
  return {
    planId: created.id,
    report: { ...report, warnings, unknownAgencies: [...unknown], matchedAgencies, parentPlanId, linkedNodes },
  };
}

/** The report as the API gives it: `warnings` the messages (as before), `warningDetails` each with its code. */
export type ClientReport = Omit<StoredImport['report'], 'warnings'> & { warnings: string[]; warningDetails: ImportWarning[] };

function reportForClient(report: StoredImport['report']): ClientReport {
  return { ...report, warnings: report.warnings.map((w) => w.message), warningDetails: report.warnings };
}

const isGroup = (name: string) => /^(?:các|những|thủ trưởng|lực lượng)\s/iu.test(name.trim());

function spanOf(phases: PlanDocument['phases']): { start: string | null; end: string | null } {
  const starts = phases
    .map((p) => p.startDate)
    .filter((d): d is string => !!d)
    .sort();
  const ends = phases
    .map((p) => p.endDate)
    .filter((d): d is string => !!d)
    .sort();
  return { start: starts[0] ?? null, end: ends.at(-1) ?? null };
}

/**
 * Links each imported node to the parent node it reproduces (link-nodes.ts): that node's content
 * becomes its reference, so unchanged text is INHERITED and edited text ADAPTED, exactly as if
 * the plan had been derived in the system.
 */
async function linkToParent(em: EntityManager, planId: string, parentPlanId: string): Promise<NodeLinks> {
  const [mine, theirs] = await Promise.all([
    rows<{ id: string; kind: string; text: string }>(em, `select id, kind, text from plan_node where plan_id = ?`, [planId]),
    rows<{ id: string; kind: string; text: string }>(em, `select id, kind, text from plan_node where plan_id = ?`, [parentPlanId]),
  ]);
  const found = linkNodes(mine, theirs);
  const { links } = found;
  if (links.length) {
    await rows(
      em,
      `update plan_node c set derived_from_node_id = x.parent,
         source_snapshot = jsonb_build_object('kind', p.kind, 'label', p.label, 'text', p.text, 'task', p.task)
       from jsonb_to_recordset(?::jsonb) as x(child uuid, parent uuid) join plan_node p on p.id = x.parent
       where c.id = x.child`,
      [JSON.stringify(links)],
    );
    await rows(em, `update plan_node set provenance = ${PROVENANCE_SQL} where plan_id = ?`, [planId]);
  }
  return found;
}

export async function importPlan(
  ctx: AuthedCtx,
  input: { fileName: string; contentBase64: string; unitId?: string; idempotencyKey?: string | null },
): Promise<{ plan: PlanNode; report: ClientReport }> {
  const fileName = cleanText(input.fileName, 'fileName', { max: 255 });
  const unitId = input.unitId ? parseUnitId(input.unitId, 'unitId') : ctx.principal.unitId;
  const unit = await findVisibleUnit(ctx, unitId);
  if (!canCreatePlanFor(ctx.principal, unit.id)) throw forbidden('Only editors of a unit import its plans');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(input.contentBase64)) throw unreadable('NOT_BASE64', 'contentBase64 is not base64');
  const bytes = Buffer.from(input.contentBase64, 'base64');
  // Refused here without occupying a worker; the worker checks again (npm run import).
  if (bytes.length === 0) throw unreadable('EMPTY', 'The file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw tooLarge('FILE_TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, { limit: MAX_IMPORT_BYTES });
  }
  const parsed = await importPool().read(bytes, fileName);
  // The fingerprint holds a hash of the file, not the file: a retry with another file of the same name and size is refused.
  const request = { fileName, unitId: unit.id, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'importPlan', key: input.idempotencyKey, request },
      {
        run: async () => {
          const stored = await storeDocumentAsDraft(em, unit, creatorOf(ctx), parsed.document, parsed.report);
          const plan = await reloadPlan(em, stored.planId);
          await auditPlan(ctx, em, plan, 'IMPORT', undefined, {
            fileName,
            bytes: bytes.length,
            nodes: parsed.document.nodes.length,
            report: stored.report,
          });
          return { plan, report: reportForClient(stored.report) };
        },
        ref: (r) => ({ planId: r.plan.id, report: r.report }),
        replay: async (ref) => ({ plan: await replayPlan(ctx, em, ref.planId), report: ref.report }),
      },
    ),
  );
}
