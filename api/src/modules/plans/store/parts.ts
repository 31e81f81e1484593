import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../../core/sql.js';
import type { PlanRow } from '../plan.types.js';

/*
 * The store's statements for targets, phases, milestones, legal bases and the plan header:
 * called only inside a `writePlan` / `editDraft` change (write.ts).
 */

export interface TargetRecord {
  nodeId: string | null;
  metric: string;
  unitOfMeasure: string;
  comparator: string;
  value: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  phaseId: string | null;
  year: number | null;
  responsible: unknown;
  allocations: { assignee: string; unit_id: number | null; agency_id: string | null; value: number }[];
}

/** Creates (no id) or replaces a target with its allocations; returns its id. */
export async function saveTargetRow(em: EntityManager, plan: Pick<PlanRow, 'id' | 'provinceId'>, id: string | null, t: TargetRecord) {
  const values = [
    t.nodeId,
    t.metric,
    t.unitOfMeasure,
    t.comparator,
    t.value,
    t.periodStart,
    t.periodEnd,
    t.phaseId,
    t.year,
    t.responsible ? JSON.stringify(t.responsible) : null,
  ];
  if (id) {
    await rows(
      em,
      `update plan_target set node_id = ?, metric = ?, unit_of_measure = ?, comparator = ?, value = ?, period_start = ?, period_end = ?, phase_id = ?,
         year = ?, responsible = ?::jsonb, version = version + 1 where id = ?`,
      [...values, id],
    );
    await rows(em, `delete from plan_target_allocation where target_id = ?`, [id]);
  } else {
    id = crypto.randomUUID();
    await rows(
      em,
      `insert into plan_target (id, plan_id, province_id, position, node_id, metric, unit_of_measure, comparator, value, period_start, period_end, phase_id, year, responsible)
       values (?, ?, ?, (select coalesce(max(position), -1) + 1 from plan_target where plan_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
      [id, plan.id, plan.provinceId, plan.id, ...values],
    );
  }
  if (t.allocations.length) {
    await rows(
      em,
      `insert into plan_target_allocation (id, target_id, plan_id, position, assignee, unit_id, agency_id, value)
       select gen_random_uuid(), ?::uuid, ?::uuid, x.position, x.assignee, x.unit_id, x.agency_id, x.value
       from jsonb_to_recordset(?::jsonb) as x(position int, assignee text, unit_id int, agency_id uuid, value numeric)`,
      [id, plan.id, JSON.stringify(t.allocations.map((a, position) => ({ ...a, position })))],
    );
  }
  return id;
}

export async function savePhaseRow(
  em: EntityManager,
  plan: Pick<PlanRow, 'id' | 'provinceId'>,
  id: string | null,
  f: { nodeId: string | null; name: string; startDate: string | null; endDate: string | null; goal: string | null },
) {
  const values = [f.nodeId, f.name, f.startDate, f.endDate, f.goal];
  if (id) {
    await rows(
      em,
      `update plan_phase set node_id = ?, name = ?, start_date = ?, end_date = ?, goal = ?, version = version + 1 where id = ?`,
      [...values, id],
    );
    return id;
  }
  id = crypto.randomUUID();
  await rows(
    em,
    `insert into plan_phase (id, plan_id, province_id, position, node_id, name, start_date, end_date, goal)
     values (?, ?, ?, (select coalesce(max(position), -1) + 1 from plan_phase where plan_id = ?), ?, ?, ?, ?, ?)`,
    [id, plan.id, plan.provinceId, plan.id, ...values],
  );
  return id;
}

export async function saveMilestoneRow(
  em: EntityManager,
  plan: Pick<PlanRow, 'id' | 'provinceId'>,
  id: string | null,
  m: {
    nodeId: string | null;
    kind: string;
    title: string;
    dueDate: string | null;
    recipient: string | null;
    recurrence: string | null;
    dueDay: number | null;
  },
) {
  const values = [m.nodeId, m.kind, m.title, m.dueDate, m.recipient, m.recurrence, m.dueDay];
  if (id) {
    await rows(
      em,
      `update plan_milestone set node_id = ?, kind = ?, title = ?, due_date = ?, recipient = ?, recurrence = ?, due_day = ?, version = version + 1
       where id = ?`,
      [...values, id],
    );
  } else {
    id = crypto.randomUUID();
    await rows(
      em,
      `insert into plan_milestone (id, plan_id, province_id, position, node_id, kind, title, due_date, recipient, recurrence, due_day)
       values (?, ?, ?, (select coalesce(max(position), -1) + 1 from plan_milestone where plan_id = ?), ?, ?, ?, ?, ?, ?, ?)`,
      [id, plan.id, plan.provinceId, plan.id, ...values],
    );
  }
  if (m.kind === 'PLAN_SUBMISSION' && m.dueDate) {
    // The submission milestone is the deadline the cascade measures subordinates against.
    await rows(em, `update plan set submission_deadline = ? where id = ?`, [m.dueDate, plan.id]);
  }
  return id;
}

export const PART_TABLES = { Target: 'plan_target', Phase: 'plan_phase', Milestone: 'plan_milestone' } as const;

/** A target, phase or milestone, locked, as a JSON row (what the audit keeps of a deleted part). */
export async function lockPartRow(em: EntityManager, table: (typeof PART_TABLES)[keyof typeof PART_TABLES], id: string) {
  return one<{ version: number; row: unknown }>(em, `select version, to_jsonb(t) as row from ${table} t where id = ? for update`, [id]);
}

export async function deletePartRow(em: EntityManager, table: (typeof PART_TABLES)[keyof typeof PART_TABLES], id: string) {
  await rows(em, `delete from ${table} where id = ?`, [id]);
}

export async function isUnitBelow(em: EntityManager, unitId: number, plan: Pick<PlanRow, 'unitPath' | 'unitId'>): Promise<boolean> {
  return !!(await one(em, `select 1 from admin_unit where id = ? and path <@ ?::ltree and id <> ?`, [unitId, plan.unitPath, plan.unitId]));
}

export async function isAgencyOfUnit(em: EntityManager, agencyId: string, unitId: number): Promise<boolean> {
  return !!(await one(em, `select 1 from agency where id = ? and unit_id = ?`, [agencyId, unitId]));
}

export interface LegalBasisRecord {
  id: string;
  position: number;
  type: string;
  number: string | null;
  date: string | null;
  issuer: string | null;
  title: string | null;
  text: string;
  ref_plan_id: string | null;
}

/** Replaces the legal bases of a plan; returns the ones it had. */
export async function replaceLegalBases(em: EntityManager, plan: Pick<PlanRow, 'id' | 'provinceId'>, bases: LegalBasisRecord[]) {
  const before = await rows(
    em,
    `select type, number, date, issuer, title, text, ref_plan_id as "refPlanId" from plan_legal_basis where plan_id = ? order by position`,
    [plan.id],
  );
  await rows(em, `delete from plan_legal_basis where plan_id = ?`, [plan.id]);
  if (bases.length) {
    await rows(
      em,
      `insert into plan_legal_basis (id, plan_id, province_id, position, type, number, date, issuer, title, text, ref_plan_id)
       select x.id, ?::uuid, ?::int, x.position, x.type, x.number, x.date, x.issuer, x.title, x.text, x.ref_plan_id
       from jsonb_to_recordset(?::jsonb) as x(id uuid, position int, type text, number text, date date, issuer text, title text, text text, ref_plan_id uuid)`,
      [plan.id, plan.provinceId, JSON.stringify(bases)],
    );
  }
  return before;
}

export interface HeaderRecord {
  title: string;
  issuingBody: string | null;
  symbol: string;
  place: string | null;
  dateLine: string | null;
  documentKind: string;
  preamble: string;
  periodStart: string | null;
  periodEnd: string | null;
  submissionDeadline: string | null;
  recipients: string[];
  signature: PlanRow['signature'];
}

/** The header of a plan, with its version bumped (the header is checked against the plan's version). */
export async function updateHeader(em: EntityManager, planId: string, h: HeaderRecord): Promise<void> {
  await rows(
    em,
    `update plan set title = ?, issuing_body = ?, symbol = ?, place = ?, date_line = ?, document_kind = ?, preamble = ?, period_start = ?,
       period_end = ?, submission_deadline = ?, recipients = ?::jsonb, signature = ?::jsonb, version = version + 1, updated_at = now()
     where id = ?`,
    [
      h.title,
      h.issuingBody,
      h.symbol,
      h.place,
      h.dateLine,
      h.documentKind,
      h.preamble,
      h.periodStart,
      h.periodEnd,
      h.submissionDeadline,
      JSON.stringify(h.recipients),
      JSON.stringify(h.signature),
      planId,
    ],
  );
}
