import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canCreatePlanFor } from '../../core/access/policy.js';
import { AppError, ErrorCode, forbidden } from '../../core/errors.js';
import { claimIdempotencyKey } from '../../core/idempotency.js';
import { rows } from '../../core/sql.js';
import { cleanText, searchKey } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { assigneeNamesUnit } from '../derivation/derivation.service.js';
import { PROVENANCE_SQL, refreshRollup } from '../derivation/rollup.js';
import type { AgencyRef, PlanDocument } from '../plans/plan-document.js';
import { insertPlanContent } from '../plans/plan-store.js';
import { auditPlan, creatorOf, insertPlanRow, reloadPlan } from '../plans/plan.service.js';
import type { PlanNode } from '../plans/plan.types.js';
import { docxToText } from './import/docx-to-text.js';
import { parsePlanText, type ImportReport } from './import/parse-plan-text.js';

/** Decoded upload size accepted by importPlan (the HTTP body limit leaves room for base64). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

export interface StoredImport {
  planId: string;
  report: ImportReport & { matchedAgencies: number; parentPlanId: string | null; linkedNodes: number };
}

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Text of an uploaded .docx, .txt or .md file; unreadable input is refused with a reason. */
export async function uploadedText(bytes: Uint8Array, fileName: string): Promise<{ text: string; warnings: string[] }> {
  const refuse = (reason: string, message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field: 'file', reason });
  if (bytes.length === 0) throw refuse('EMPTY', 'The file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw refuse('TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  if (isZip(bytes) || /\.docx$/i.test(fileName)) return docxToText(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('NOT_TEXT', 'The file is neither a .docx nor UTF-8 text');
  }
  if (/\u0000/.test(text)) throw refuse('NOT_TEXT', 'The file is neither a .docx nor UTF-8 text');
  if (!text.trim()) throw refuse('EMPTY', 'The file is empty');
  return { text, warnings: [] };
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
  const match = (ref: AgencyRef): AgencyRef => {
    if (ref.subordinateCommittees) return ref;
    const byName = agencies.find((a) => searchKey(a.name) === searchKey(ref.name));
    const bySector = ref.sector ? agencies.filter((a) => a.sector === ref.sector) : [];
    const hit = byName ?? (bySector.length === 1 ? bySector[0] : undefined);
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
  const document: PlanDocument = {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.task ? { ...n, task: { ...n.task, lead: n.task.lead.map(match), cooperating: n.task.cooperating.map(match) } } : n,
    ),
    targets: doc.targets.map((t) => ({
      ...t,
      responsible: t.responsible ? match(t.responsible) : null,
      allocations: t.allocations.map((a) => ({
        ...a,
        unitId: a.unitId ?? children.find((c) => assigneeNamesUnit(a.assignee, c))?.id ?? null,
      })),
    })),
  };

  // A cited plan of an ancestor, issued and in the system, is the parent plan.
  const cited = document.legalBases.filter((b) => b.type === 'PLAN' && b.number && b.date);
  let parentPlanId: string | null = null;
  for (const [i, b] of document.legalBases.entries()) {
    if (!cited.includes(b)) continue;
    const found = await rows<{ id: string }>(
      em,
      `select id from plan where number || '/' || symbol = ? and issued_date = ? and status in ('ISSUED','SUPERSEDED')
         and unit_path @> ?::ltree and unit_id <> ? order by version_no desc limit 1`,
      [b.number, b.date, unit.path, unit.id],
    );
    if (found[0]) {
      document.legalBases[i] = { ...b, planId: found[0].id };
      parentPlanId ??= found[0].id;
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
  if (parentPlanId) {
    linkedNodes = await linkToParent(em, created.id, parentPlanId);
    await refreshRollup(em, created.id);
  }
  return {
    planId: created.id,
    report: { ...report, unknownAgencies: [...unknown], matchedAgencies, parentPlanId, linkedNodes },
  };
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

const words = (t: string) =>
  new Set(
    searchKey(t)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  );

/**
 * Links each imported node to the parent node it reproduces (same kind, most words in common,
 * at least half): that node's content becomes its reference, so unchanged text is INHERITED and
 * edited text ADAPTED, exactly as if the plan had been derived in the system.
 */
async function linkToParent(em: EntityManager, planId: string, parentPlanId: string): Promise<number> {
  const [mine, theirs] = await Promise.all([
    rows<{ id: string; kind: string; text: string }>(em, `select id, kind, text from plan_node where plan_id = ?`, [planId]),
    rows<{ id: string; kind: string; text: string }>(em, `select id, kind, text from plan_node where plan_id = ?`, [parentPlanId]),
  ]);
  const pairs: { child: string; parent: string; score: number }[] = [];
  const theirWords = theirs.map((t) => ({ ...t, words: words(t.text) }));
  for (const m of mine) {
    const w = words(m.text);
    if (!w.size) continue;
    for (const t of theirWords) {
      if (t.kind !== m.kind || !t.words.size) continue;
      let common = 0;
      for (const x of w) if (t.words.has(x)) common++;
      const score = common / (w.size + t.words.size - common);
      if (score >= 0.5) pairs.push({ child: m.id, parent: t.id, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const usedChild = new Set<string>();
  const usedParent = new Set<string>();
  const links: { child: string; parent: string }[] = [];
  for (const p of pairs) {
    if (usedChild.has(p.child) || usedParent.has(p.parent)) continue;
    usedChild.add(p.child);
    usedParent.add(p.parent);
    links.push(p);
  }
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
  return links.length;
}

export async function importPlan(
  ctx: AuthedCtx,
  input: { fileName: string; contentBase64: string; unitId?: string; idempotencyKey?: string },
): Promise<{ plan: PlanNode; report: StoredImport['report'] }> {
  const fileName = cleanText(input.fileName, 'fileName', { max: 255 });
  const unitId = input.unitId ? parseUnitId(input.unitId, 'unitId') : ctx.principal.unitId;
  const unit = await findVisibleUnit(ctx, unitId);
  if (!canCreatePlanFor(ctx.principal, unit.id)) throw forbidden('Only editors of a unit import its plans');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(input.contentBase64))
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'contentBase64 is not base64', { field: 'file', reason: 'NOT_BASE64' });
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const { text, warnings } = await uploadedText(bytes, fileName);
  const parsed = parsePlanText(text);
  // A file in which nothing reads as a plan is refused, never stored as an empty draft (issue 14).
  if (parsed.document.nodes.length === 0)
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'No numbered plan content was found in the file', {
      field: 'file',
      reason: 'NO_PLAN_CONTENT',
    });
  parsed.report.warnings.unshift(...warnings);
  return ctx.em.transactional(async (em) => {
    const idem = await claimIdempotencyKey(ctx, em, input.idempotencyKey, 'importPlan', { fileName, size: bytes.length, unitId: unit.id });
    if (idem.replay)
      return { plan: await reloadPlan(em, String(idem.replay.planId)), report: idem.replay.report as StoredImport['report'] };
    const stored = await storeDocumentAsDraft(em, unit, creatorOf(ctx), parsed.document, parsed.report);
    const plan = await reloadPlan(em, stored.planId);
    await auditPlan(ctx, em, plan, 'IMPORT', undefined, {
      fileName,
      bytes: bytes.length,
      nodes: parsed.document.nodes.length,
      report: stored.report,
    });
    await idem.complete({ planId: plan.id, report: stored.report });
    return { plan, report: stored.report };
  });
}
