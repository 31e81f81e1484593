import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canCreatePlanFor } from '../../core/access/policy.js';
import { forbidden } from '../../core/errors.js';
import { rows } from '../../core/sql.js';
import { cleanText, searchKey } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { childUnits } from '../admin-units/unit-table.js';
import { unitNamedBy } from '../plans/unit-names.js';
import { PLAN_SYMBOL, type AgencyRef, type PlanDocument } from '../plans/plan-document.js';
import * as store from '../plans/store/index.js';
import type { NewPlan, NodeOrigin } from '../plans/store/index.js';
import { linkNodes } from './link-nodes.js';
import type { PlanRow } from '../plans/plan.types.js';
import { importPool } from './import/import-pool.js';
import { IMPORT_LIMITS, tooLarge, unreadable } from './import/limits.js';
import { citedNumber } from './import/references.js';
import { warning, type ImportReport, type ImportWarning } from './import/report.js';

/** Decoded upload size accepted by importPlan (the HTTP body limit leaves room for base64). */
export const MAX_IMPORT_BYTES = IMPORT_LIMITS.maxFileBytes;

export interface PreparedImport {
  plan: Omit<NewPlan, 'audit'>;
  report: ImportReport & { matchedAgencies: number; parentPlanId: string | null; linkedNodes: number };
}

/**
 * Builds a parsed document into a DRAFT of `unit` for the store to write: agencies named in it
 * are matched to the unit's agencies, allocations to its child units, and a cited plan of an
 * ancestor in the system becomes the parent — with each node linked to the parent node it
 * reproduces, so an imported plan takes its place in the cascade like a derived one.
 */
export async function prepareImport(
  em: EntityManager,
  unit: Pick<AdminUnitNode, 'id' | 'path' | 'provinceId' | 'name'>,
  doc: PlanDocument,
  report: ImportReport,
): Promise<PreparedImport> {
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
  const children = await childUnits(em, unit.id);
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
        [name, unit.name],
      ),
    );
  }

  // A cited plan of an ancestor, issued and in the system, is the parent plan (the first one
  // cited). A number is the same with or without leading zeros ("01/KH-UBND" is "1/KH-UBND",
  // both ways). All citations are looked up in one statement.
  const cited = document.legalBases.flatMap((b, i) => {
    const n = b.type === 'PLAN' && b.number && b.date ? citedNumber(b.number) : null;
    return n ? [{ i, n: n.number, s: n.symbol, d: b.date! }] : [];
  });
  const found = await store.citedPlans(em, unit, cited);
  let parentPlanId: string | null = null;
  let parentSeriesId: string | null = null;
  for (const { i, id, seriesId } of found.sort((a, b) => a.i - b.i)) {
    document.legalBases[i] = { ...document.legalBases[i], planId: id };
    if (!parentPlanId) [parentPlanId, parentSeriesId] = [id, seriesId];
  }

  // One plan per unit per parent plan (as derivePlan): a unit that already has its plan from the
  // cited one gets this document as a plan of its own, the citation kept, nothing lost.
  if (parentSeriesId) {
    const existing = await store.existingDerivedPlan(em, parentSeriesId, unit.id, { lock: true });
    if (existing) {
      report.warnings.push(
        warning('PARENT_TAKEN', `The unit already has plan ${existing} from the cited plan: imported as a plan of its own`, [existing]),
      );
      parentPlanId = null;
    }
  }

  const submission = document.milestones.find((m) => m.kind === 'PLAN_SUBMISSION')?.dueDate ?? null;
  const campaign = document.phases.length ? spanOf(document.phases) : { start: null, end: null };
  let linkedNodes = 0;
  const warnings = report.warnings;
  const origins = new Map<string, NodeOrigin>();
  if (parentPlanId) {
    // Linked before writing, so that each node is written once with its provenance.
    const theirs = await store.nodeContents(em, parentPlanId);
    const found = linkNodes(
      document.nodes.map((n) => ({ id: n.key, kind: n.kind, text: n.text })),
      theirs,
    );
    const contentOf = new Map(theirs.map((t) => [t.id, t.content]));
    for (const l of found.links) origins.set(l.child, { derivedFromNodeId: l.parent, sourceSnapshot: contentOf.get(l.parent) });
    linkedNodes = found.links.length;
    if (!found.complete) {
      warnings.push(
        warning('PARENT_LINK_PARTIAL', `Only part of the nodes were compared with the parent plan's (${found.comparisons} comparisons)`, [
          found.comparisons,
        ]),
      );
    }
  }
  return {
    plan: {
      unit,
      fields: {
        title: document.header.title || 'Kế hoạch',
        // A state or a Party symbol as read ("KH-UBND", "KH/TU"); anything else is no symbol.
        symbol: document.header.symbol && PLAN_SYMBOL.test(document.header.symbol) ? document.header.symbol : 'KH-UBND',
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
      },
      document,
      origins,
    },
    report: { ...report, warnings, unknownAgencies: [...unknown], matchedAgencies, parentPlanId, linkedNodes },
  };
}

/** The report as the API gives it: `warnings` the messages (as before), `warningDetails` each with its code. */
export type ClientReport = Omit<PreparedImport['report'], 'warnings'> & { warnings: string[]; warningDetails: ImportWarning[] };

function reportForClient(report: PreparedImport['report']): ClientReport {
  return { ...report, warnings: report.warnings.map((w) => w.message), warningDetails: report.warnings };
}

/** A report stored before warnings had values (replayed by its idempotency key) gives none. */
const withValues = (r: ClientReport): ClientReport => ({
  ...r,
  warningDetails: (r.warningDetails ?? []).map((w) => ({ ...w, values: w.values ?? [] })),
});

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

export async function importPlan(
  ctx: AuthedCtx,
  input: { fileName: string; contentBase64: string; unitId?: string; idempotencyKey?: string | null },
): Promise<{ plan: PlanRow; report: ClientReport }> {
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
  // A file in which nothing reads as a plan is refused, never stored as an empty draft (issue 14).
  if (parsed.document.nodes.length === 0) throw unreadable('NO_PLAN_CONTENT', 'No numbered plan content was found in the file');
  // The fingerprint holds a hash of the file, not the file: a retry with another file of the same name and size is refused.
  const request = { fileName, unitId: unit.id, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  return store.createPlan<{ plan: PlanRow; report: ClientReport }>(
    ctx,
    {
      idempotency: {
        operation: 'importPlan',
        key: input.idempotencyKey,
        request,
        ref: (r) => ({ planId: r.plan.id, report: r.report }),
        replay: async (ref, em) => ({
          plan: await store.replayPlan(ctx, em, ref.planId as string),
          report: withValues(ref.report as ClientReport),
        }),
      },
    },
    async (em) => {
      const prepared = await prepareImport(em, unit, parsed.document, parsed.report);
      return {
        ...prepared.plan,
        audit: {
          action: 'IMPORT',
          after: () => ({ fileName, bytes: bytes.length, nodes: parsed.document.nodes.length, report: prepared.report }),
        },
        result: (plan) => ({ plan, report: reportForClient(prepared.report) }),
      };
    },
  );
}
