/**
 * The benchmark's reports (issue 11): the report obligations of every issued plan and, for the
 * first monthly report ("Báo cáo kết quả thực hiện định kỳ hằng tháng", the first RESULT_REPORT
 * milestone) of every plan below the national ones, a report from most units — submitted on
 * time, some late, some missing, a few left as drafts, a few returned, about half of the rest
 * accepted — with a figure for every target it reports on.
 *
 * `mode: 'graphql'` plays each unit's script through the product's own mutations (createReport,
 * updateReportFigure, updateReportTask, updateReportText, submitReport, acceptReport,
 * returnReport); `mode: 'bulk'` writes the very same rows with COPY and set-based statements,
 * then the roll-up through kh_refresh_report_rollup, as those mutations do
 * (api/src/modules/reports/reports.service.ts and reports/store/). tests/api/bench-smoke.test.ts
 * runs both on a small tree and compares them row by row.
 */
import crypto from 'node:crypto';
import type pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { reportingDuties, reportingTargets, type ReportingTarget } from '../../api/src/modules/plans/store/index.js';
import { backdateSubmission, dutyJson, expandDuties, INSERT_OBLIGATIONS_SQL } from '../../api/src/modules/reports/store/index.js';
import { addDays, rng, type Rng } from './prng.js';
import type { UnitRow } from './model.js';
import type { GqlClient } from './write-path.js';

/* ---------------------------------------------------------- obligations */

/**
 * The obligations of issued plans, as issuePlan writes them (reports/store/obligations.ts,
 * `openObligations`): every reporting milestone × every unit expected to implement the plan
 * (the plan store's `reportingDuties`), each linked to the obligation its issuer owes on the plan
 * it implements — the store's own statement. The only difference: ids come from the seeded stream, in a fixed order, so the
 * data set is the same on every run. The plans of a level are opened after those of the level
 * above (the parent links need them), before the plans of the level below exist — as when each
 * plan is issued. Keep this the generator's one INSERT on report_obligation.
 */
export async function openObligationsBulk(db: pg.Client, orm: MikroORM, planIds: string[], ids: Rng): Promise<number> {
  if (!planIds.length) return 0;
  let n = 0;
  for (let i = 0; i < planIds.length; i += 1000) {
    // The duties as issuePlan expands them (a periodic milestone one per period, only units existing on the due date).
    const duties = expandDuties(await reportingDuties(orm.em.fork(), planIds.slice(i, i + 1000)));
    duties.sort((a, b) =>
      a.milestoneId < b.milestoneId
        ? -1
        : a.milestoneId > b.milestoneId
          ? 1
          : a.unitId - b.unitId || (a.agencyId ?? '').localeCompare(b.agencyId ?? '') || a.periodKey.localeCompare(b.periodKey),
    );
    // The store's own statement (numbered parameter for pg), ids from the seeded stream.
    const r = await db.query(INSERT_OBLIGATIONS_SQL.replace('?::jsonb', '$1::jsonb'), [dutyJson(duties, () => ids.uuid())]);
    n += r.rowCount ?? 0;
    // issuePlan's audit event says what the issue opened (after.obligations): the plans issued in
    // bulk get it here; a plan issued through GraphQL already has it.
    const opened = new Map<string, number>();
    for (const row of r.rows as { plan_id: string }[]) opened.set(row.plan_id, (opened.get(row.plan_id) ?? 0) + 1);
    const chunk = planIds.slice(i, i + 1000);
    await db.query(
      `update audit_event a set after = a.after || jsonb_build_object('obligations',
         jsonb_build_object('opened', coalesce(x.n, 0), 'moved', 0, 'rescheduled', 0, 'closed', 0))
       from unnest($1::text[], $2::int[]) as x(id, n)
       where a.entity_type = 'Plan' and a.action = 'ISSUE' and a.entity_id = x.id and not (a.after ? 'obligations')`,
      [chunk, chunk.map((id) => opened.get(id) ?? 0)],
    );
  }
  return n;
}

/* -------------------------------------------------------------- scripts */

/** What a unit does with its first monthly report. */
export type ReportFate = 'NONE' | 'DRAFT' | 'ON_TIME' | 'LATE' | 'RETURNED';

export interface ObligationFacts {
  id: string;
  planId: string;
  unitId: number;
  unitPath: string;
  provinceId: number | null;
  issuerUnitId: number;
  dueDate: string | null;
  recipient: string | null;
  planPeriodStart: string | null;
  planPeriodEnd: string | null;
  depth: number;
}

export interface ReportScript {
  obligation: ObligationFacts;
  unit: UnitRow;
  fate: ReportFate;
  /** The day it was first submitted (ON_TIME, LATE, RETURNED). */
  submittedOn: string | null;
  /** The superior's decision on a submitted report. */
  decision: 'ACCEPTED' | 'RETURNED' | null;
  /** Share of its allocation the unit reports achieved. */
  share: number;
}

const TEXT = {
  done: 'Đã tổ chức Hội nghị quán triệt, triển khai Kế hoạch đến các cơ quan, đơn vị.'.normalize('NFC'),
  difficulties: 'Địa bàn rộng, lực lượng mỏng; kinh phí còn hạn chế.'.normalize('NFC'),
  proposals: 'Đề nghị cấp trên hỗ trợ kinh phí và tăng cường tập huấn nghiệp vụ cho cơ sở.'.normalize('NFC'),
  signerName: 'Chủ tịch Ủy ban nhân dân'.normalize('NFC'),
  returned: 'Số liệu chưa khớp với báo cáo của lực lượng Công an; đề nghị rà soát, báo cáo lại.'.normalize('NFC'),
};

const SIGNATURE = { authority: 'TM. ỦY BAN NHÂN DÂN'.normalize('NFC'), title: 'CHỦ TỊCH', signerName: null as string | null };

/** The figure a unit reports for a target (period and cumulative alike: the first period of the plan). */
export function figureValue(s: ReportScript, f: { allocated: number | null; unitOfMeasure: string }, index: number): number {
  if (f.unitOfMeasure.trim() === '%') return Math.round(60 + 40 * s.share);
  if (f.allocated !== null) return Math.round(f.allocated * s.share);
  return 1 + Math.round(20 * s.share) + index;
}

/**
 * A unit's fate, drawn from its own stream (independent of the order units are processed in):
 * about 10 % missing, 4 % a draft never submitted, 5 % late, 4 % returned, the rest on time; half
 * of the submitted reports accepted.
 */
export function reportScript(seed: string, o: ObligationFacts, unit: UnitRow, force?: ReportFate): ReportScript {
  const r = rng(seed, 'report', unit.code, unit.validFrom ?? '');
  const x = r.next();
  const fate: ReportFate = force ?? (x < 0.1 ? 'NONE' : x < 0.14 ? 'DRAFT' : x < 0.19 ? 'LATE' : x < 0.23 ? 'RETURNED' : 'ON_TIME');
  const due = o.dueDate ?? o.planPeriodStart ?? '2024-06-01';
  const early = r.int(0, 6);
  const late = r.int(1, 12);
  const accept = r.chance(0.5);
  const share = Math.round((0.15 + 0.7 * r.next()) * 100) / 100;
  const submittedOn = fate === 'LATE' ? addDays(due, late) : fate === 'ON_TIME' || fate === 'RETURNED' ? addDays(due, -early) : null;
  const decision = fate === 'RETURNED' ? 'RETURNED' : (fate === 'ON_TIME' || fate === 'LATE') && accept ? 'ACCEPTED' : null;
  return { obligation: o, unit, fate, submittedOn, decision, share };
}

const submits = (s: ReportScript) => s.fate === 'ON_TIME' || s.fate === 'LATE' || s.fate === 'RETURNED';

/**
 * The obligations that get a report: the first RESULT_REPORT milestone of every plan below the
 * given national plans, owed by a unit in scope; grouped by depth, deepest first (a district
 * reports after its communes, on their sum).
 */
export async function reportingObligations(db: pg.Client, roots: string[], unitIds: number[]): Promise<ObligationFacts[][]> {
  const { rows } = await db.query<ObligationFacts>(
    `select o.id, o.plan_id as "planId", o.unit_id as "unitId", o.unit_path::text as "unitPath", o.province_id as "provinceId",
       o.issuer_unit_id as "issuerUnitId", o.due_date::text as "dueDate", o.recipient, o.plan_period_start::text as "planPeriodStart",
       o.plan_period_end::text as "planPeriodEnd", nlevel(o.unit_path) as depth
     from report_obligation o
     where o.kind = 'RESULT_REPORT' and o.kind_rank = 0 and o.unit_id = any($2::int[])
       and exists (select 1 from plan_rollup r where r.plan_id = o.plan_id and r.lineage && $1::uuid[])
     order by nlevel(o.unit_path) desc, o.unit_path, o.id`,
    [roots, unitIds],
  );
  const groups = new Map<number, ObligationFacts[]>();
  for (const o of rows) {
    if (!groups.has(o.depth)) groups.set(o.depth, []);
    groups.get(o.depth)!.push(o);
  }
  return [...groups.values()];
}

/** periodDefaults() of reports.service.ts: the plan's start to the due date, within the plan's period. */
function periodOf(o: ObligationFacts): { start: string | null; end: string | null } {
  const end = o.dueDate && o.planPeriodEnd && o.dueDate > o.planPeriodEnd ? o.planPeriodEnd : (o.dueDate ?? o.planPeriodEnd);
  const start = o.planPeriodStart;
  return { start, end: start && end && end < start ? start : end };
}

/* ------------------------------------------------------ through GraphQL */

const mut = (name: string, inputType: string, selection: string) => `mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} } }`;

/** Plays a group of scripts through the product's mutations, as the unit's editor and approver and its superior's approver would. */
export async function playReports(
  gql: GqlClient,
  orm: MikroORM,
  scripts: ReportScript[],
  users: (unitId: number) => { editor: string; approver: string },
): Promise<number> {
  let n = 0;
  for (const s of scripts) {
    if (s.fate === 'NONE') continue;
    const e = await gql.login(users(s.unit.id).editor);
    const d = await gql.call(
      mut(
        'createReport',
        'CreateReportInput',
        'report { id version figures { targetId allocated unitOfMeasure periodValue version } tasks { id version } }',
      ),
      { i: { obligationId: s.obligation.id } },
      e,
    );
    const report = d.createReport.report;
    n++;
    for (const [i, f] of (
      report.figures as { targetId: string; allocated: number | null; unitOfMeasure: string; periodValue: number | null; version: number }[]
    ).entries()) {
      // A district keeps the sum its communes submitted; every other figure is filled in.
      if (f.periodValue !== null) continue;
      const v = String(figureValue(s, f, i));
      await gql.call(
        mut('updateReportFigure', 'UpdateReportFigureInput', 'figure { version }'),
        { i: { reportId: report.id, targetId: f.targetId, version: f.version, periodValue: v, cumulativeValue: v } },
        e,
      );
    }
    if (!submits(s)) continue;
    if (report.tasks.length) {
      await gql.call(
        mut('updateReportTask', 'UpdateReportTaskInput', 'task { version }'),
        { i: { taskId: report.tasks[0].id, version: report.tasks[0].version, status: 'COMPLETED', done: TEXT.done } },
        e,
      );
    }
    const t = await gql.call(
      mut('updateReportText', 'UpdateReportTextInput', 'report { version }'),
      {
        i: {
          reportId: report.id,
          version: report.version,
          difficulties: TEXT.difficulties,
          proposals: TEXT.proposals,
          signature: { signerName: TEXT.signerName },
        },
      },
      e,
    );
    const a = await gql.login(users(s.unit.id).approver);
    const sub = await gql.call(
      mut('submitReport', 'ReportTransitionInput', 'report { version }'),
      { i: { reportId: report.id, version: t.updateReportText.report.version } },
      a,
    );
    // The day it was submitted: the demo data's own backdating (seeding only).
    await backdateSubmission(orm.em.fork(), report.id, s.submittedOn!);
    if (s.decision) {
      const boss = await gql.login(users(s.obligation.issuerUnitId).approver);
      await gql.call(
        mut(s.decision === 'ACCEPTED' ? 'acceptReport' : 'returnReport', 'ReportTransitionInput', 'report { version }'),
        {
          i: {
            reportId: report.id,
            version: sub.submitReport.report.version,
            ...(s.decision === 'RETURNED' ? { reason: TEXT.returned } : {}),
          },
        },
        boss,
      );
    }
  }
  return n;
}

/* --------------------------------------------------------------- in bulk */

/** A deterministic uuid from a text, the same in JS and in SQL (`md5(text)::uuid`). */
export function md5Uuid(text: string): string {
  const h = crypto.createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

interface Audit {
  actor: string;
  unitId: number;
  provinceId: number | null;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface BulkReportIo {
  copy(table: string, cols: string[], rows: Iterable<unknown[]>): Promise<number>;
  /** User ids of a unit's editor and approver. */
  users(unitId: number): { editor: string; approver: string };
}

/**
 * Writes a group of scripts (units of one depth) in bulk: the report rows, their tasks (the
 * tasks of the unit's own plan, else of the ordering plan, in document order), their figures
 * (pre-filled with what the units below submitted, the rest filled in), the audit events of every
 * step, then the roll-up of the obligations submitted on. `ids` gives the report ids.
 */
export async function writeReportsBulk(
  db: pg.Client,
  orm: MikroORM,
  io: BulkReportIo,
  scripts: ReportScript[],
  ids: Rng,
): Promise<{ reports: number; tasks: number; figures: number }> {
  const made = scripts.filter((s) => s.fate !== 'NONE').map((s) => ({ s, id: ids.uuid() }));
  if (!made.length) return { reports: 0, tasks: 0, figures: 0 };
  // What createReport reads: the targets the unit reports on and the sums from below.
  const targets = new Map<string, ReportingTarget[]>();
  for (let i = 0; i < made.length; i += 2000) {
    const found = await reportingTargets(
      orm.em.fork(),
      made.slice(i, i + 2000).map(({ s }) => ({ planId: s.obligation.planId, unitId: s.unit.id })),
    );
    for (const t of found) {
      const k = `${t.planId}|${t.unitId}`;
      if (!targets.has(k)) targets.set(k, []);
      targets.get(k)!.push(t);
    }
  }
  const below = new Map<string, { period: number | null; cumulative: number | null }>();
  const { rows: sums } = await db.query(
    `select obligation_id, target_id, below_period::float8 as period, below_cumulative::float8 as cumulative
     from report_rollup where obligation_id = any($1::uuid[])`,
    [made.map(({ s }) => s.obligation.id)],
  );
  for (const x of sums) below.set(`${x.obligation_id}|${x.target_id}`, { period: x.period, cumulative: x.cumulative });

  // report: its final state after the script's steps (versions: text +1, submit +1, decision +1).
  await io.copy(
    'report',
    [
      'id',
      'obligation_id',
      'unit_id',
      'unit_path',
      'province_id',
      'version_no',
      'status',
      'period_start',
      'period_end',
      'difficulties',
      'proposals',
      'recipients',
      'signature',
      'returned_reason',
      'submitted_at',
      'first_submitted_on',
      'decided_at',
      'created_by',
      'version',
      'created_at',
      'updated_at',
    ],
    made.map(({ s, id }) => {
      const o = s.obligation;
      const p = periodOf(o);
      const sub = submits(s);
      const status = s.decision ?? (sub ? 'SUBMITTED' : 'DRAFT');
      const day = s.submittedOn ?? o.dueDate ?? o.planPeriodStart;
      return [
        id,
        o.id,
        s.unit.id,
        o.unitPath,
        s.unit.provinceId,
        1,
        status,
        p.start,
        p.end,
        sub ? TEXT.difficulties : '',
        sub ? TEXT.proposals : '',
        o.recipient ? [o.recipient, 'Lưu: VT'] : ['Lưu: VT'],
        sub ? { ...SIGNATURE, signerName: TEXT.signerName } : SIGNATURE,
        s.decision === 'RETURNED' ? TEXT.returned : null,
        sub ? `${s.submittedOn} 09:00` : null,
        sub ? s.submittedOn : null,
        s.decision ? `${addDays(s.submittedOn!, 2)} 10:00` : null,
        io.users(s.unit.id).editor,
        1 + (sub ? 2 : 0) + (s.decision ? 1 : 0),
        `${addDays(day!, -3)} 08:00`,
        `${addDays(day!, s.decision ? 2 : 0)} 10:00`,
      ];
    }),
  );
  // report_task: reportingTasks() of the plan store for every report at once; the first task of
  // a submitted report marked done (updateReportTask).
  const withTask = new Set<string>();
  let tasks = 0;
  for (let i = 0; i < made.length; i += 1000) {
    const chunk = made.slice(i, i + 1000);
    const r = await db.query<{ report_id: string; n: number }>(
      `with recursive d as (select * from jsonb_to_recordset($1::jsonb) as d(report_id uuid, plan_id uuid, unit_id int, done boolean)),
       src as (
         select d.report_id, d.done, coalesce((
           select c.id from plan p join plan c on c.unit_id = d.unit_id and c.parent_series_id = p.series_id and c.status <> 'REVOKED'
           where p.id = d.plan_id order by (c.status = 'ISSUED') desc, c.version_no desc limit 1), d.plan_id) as plan_id
         from d),
       doc as (
         select n.plan_id, n.id, n.label, n.text, n.task, array[n.position] as k from plan_node n
         where n.plan_id in (select plan_id from src) and n.parent_id is null
         union all
         select n.plan_id, n.id, n.label, n.text, n.task, doc.k || n.position from plan_node n join doc on n.parent_id = doc.id),
       t as (select plan_id, id, label, text, (row_number() over (partition by plan_id order by k))::int - 1 as pos from doc where task is not null),
       ins as (
         insert into report_task (id, report_id, node_id, position, label, text, status, done, version)
         select md5(src.report_id::text || ':' || t.pos)::uuid, src.report_id, t.id, t.pos, t.label, t.text,
           case when t.pos = 0 and src.done then 'COMPLETED' else 'NOT_STARTED' end,
           case when t.pos = 0 and src.done then $2 else '' end,
           case when t.pos = 0 and src.done then 2 else 1 end
         from src join t on t.plan_id = src.plan_id
         returning report_id, position)
       select report_id, count(*)::int as n from ins group by report_id`,
      [
        JSON.stringify(chunk.map(({ s, id }) => ({ report_id: id, plan_id: s.obligation.planId, unit_id: s.unit.id, done: submits(s) }))),
        TEXT.done,
      ],
    );
    for (const x of r.rows) {
      withTask.add(x.report_id);
      tasks += x.n;
    }
  }

  const figures: unknown[][] = [];
  const audits: Audit[] = [];
  for (const { s, id } of made) {
    const o = s.obligation;
    const u = io.users(s.unit.id);
    const who = { unitId: s.unit.id, provinceId: s.unit.provinceId, entityId: id };
    audits.push({ ...who, actor: u.editor, action: 'CREATE_REPORT', before: null, after: { obligationId: o.id, versionNo: 1 } });
    for (const [i, t] of (targets.get(`${o.planId}|${s.unit.id}`) ?? []).entries()) {
      const b = below.get(`${o.id}|${t.targetId}`);
      const pre = { period: b?.period ?? null, cumulative: b?.cumulative ?? null };
      let period: number | null = pre.period;
      let cumulative: number | null = pre.cumulative;
      let version = 1;
      if (pre.period === null) {
        const v = figureValue(s, t, i);
        period = v;
        cumulative = v;
        version = 2;
        audits.push({
          ...who,
          actor: u.editor,
          action: 'UPDATE_REPORT_FIGURE',
          before: {
            targetId: t.targetId,
            periodValue: null,
            cumulativeValue: pre.cumulative === null ? null : String(pre.cumulative),
            overrideNote: null,
          },
          after: { targetId: t.targetId, periodValue: String(v), cumulativeValue: String(v), overrideNote: null },
        });
      }
      figures.push([
        md5Uuid(`${id}:f${i}`),
        id,
        t.targetId,
        t.rollsIntoTargetId,
        i,
        t.metric,
        t.unitOfMeasure,
        t.allocated,
        period,
        cumulative,
        null,
        version,
      ]);
    }
    if (!submits(s)) continue;
    if (withTask.has(id)) {
      const taskId = md5Uuid(`${id}:0`);
      audits.push({
        ...who,
        actor: u.editor,
        action: 'UPDATE_REPORT_TASK',
        before: { taskId, status: 'NOT_STARTED', done: '' },
        after: { taskId, status: 'COMPLETED', done: TEXT.done },
      });
    }
    const p = periodOf(o);
    audits.push({
      ...who,
      actor: u.editor,
      action: 'UPDATE_REPORT_TEXT',
      before: null,
      after: {
        periodStart: p.start,
        periodEnd: p.end,
        difficulties: TEXT.difficulties,
        proposals: TEXT.proposals,
        recipients: o.recipient ? [o.recipient, 'Lưu: VT'] : ['Lưu: VT'],
        signature: { ...SIGNATURE, signerName: TEXT.signerName },
      },
    });
    audits.push({
      ...who,
      actor: u.approver,
      action: 'SUBMIT_REPORT',
      before: { status: 'DRAFT' },
      after: { status: 'SUBMITTED', versionNo: 1 },
    });
    if (s.decision) {
      audits.push({
        ...who,
        actor: io.users(o.issuerUnitId).approver,
        action: s.decision === 'ACCEPTED' ? 'ACCEPT_REPORT' : 'RETURN_REPORT',
        before: { status: 'SUBMITTED' },
        after: { status: s.decision, reason: s.decision === 'RETURNED' ? TEXT.returned : null, by: o.issuerUnitId },
      });
    }
  }
  await io.copy(
    'report_figure',
    [
      'id',
      'report_id',
      'target_id',
      'rolls_into_target_id',
      'position',
      'metric',
      'unit_of_measure',
      'allocated',
      'period_value',
      'cumulative_value',
      'override_note',
      'version',
    ],
    figures,
  );
  const req = rng('report-requests', made[0].id);
  await io.copy(
    'audit_event',
    ['actor_user_id', 'unit_id', 'province_id', 'entity_type', 'entity_id', 'action', 'before', 'after', 'request_id'],
    audits.map((a) => [a.actor, a.unitId, a.provinceId, 'Report', a.entityId, a.action, a.before, a.after, req.uuid()]),
  );
  // The roll-up, as submitReport and returnReport refresh it: the obligations and every one above.
  const submitted = made.filter(({ s }) => submits(s)).map(({ s }) => s.obligation.id);
  for (let i = 0; i < submitted.length; i += 1000) {
    await db.query(`select kh_refresh_report_rollup($1::uuid[])`, [submitted.slice(i, i + 1000)]);
  }
  return { reports: made.length, tasks, figures: figures.length };
}
