/**
 * A canonical dump of everything the plan and report write paths write, with ids replaced by stable keys
 * (a plan by its unit's code and era, a node by its position path, a user by username) and
 * timestamps left out: two databases built differently compare equal when they hold the same
 * plans. Used by the equivalence test of the bulk generator.
 */
import type pg from 'pg';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export type Snapshot = Record<string, unknown[]>;

/** Only the plans of the given national plans' cascades (a database may hold other plans). */
export async function snapshot(db: pg.Client, roots: string[]): Promise<Snapshot> {
  const keys = `
    pk as (select p.id, u.code || coalesce('@' || u.valid_from::text, '') || '#' || p.version_no || ':' || left(md5(p.title), 6) as k from plan p join admin_unit u on u.id = p.unit_id
      where p.id = any($1::uuid[]) or exists (select 1 from plan_rollup r where r.plan_id = p.id and r.lineage && $1::uuid[])),
    nk as (
      with recursive t(id, k) as (
        select n.id, pk.k || '/' || n.position from plan_node n join pk on pk.id = n.plan_id where n.parent_id is null
        union all
        select n.id, t.k || '.' || n.position from plan_node n join t on n.parent_id = t.id)
      select * from t),
    tk as (select t.id, pk.k || '/t' || t.position as k from plan_target t join pk on pk.id = t.plan_id),
    fk as (select f.id, pk.k || '/f' || f.position as k from plan_phase f join pk on pk.id = f.plan_id),
    us as (select id, username from app_user),
    ok as (select o.id, pk.k || '/m' || m.position || '>' || u.code || coalesce('@' || u.valid_from::text, '') as k
      from report_obligation o join pk on pk.id = o.plan_id join plan_milestone m on m.id = o.milestone_id join admin_unit u on u.id = o.unit_id),
    rk as (select r.id, ok.k || '#' || r.version_no as k from report r join ok on ok.id = r.obligation_id)`;
  const q = async (sql: string) => (await db.query(`with ${keys} ${sql}`, [roots])).rows;
  const out: Snapshot = {
    plan: await q(`select pk.k, pp.k as parent, p.status, p.issuing_body, p.number, p.symbol, p.place, p.date_line, p.issued_date::text,
        p.document_kind, p.title, p.preamble, p.period_start::text, p.period_end::text, p.submission_deadline::text, p.recipients, p.signature,
        p.revoked_reason, p.issued_at is not null as issued, ib.username as issued_by, cb.username as created_by, p.version, p.version_no,
        p.series_id = p.id as own_series, ps.k as parent_series, p.unit_path::text, p.province_id, p.search_key
      from plan p join pk on pk.id = p.id left join pk pp on pp.id = p.parent_plan_id left join pk ps on ps.id = p.parent_series_id
      left join us ib on ib.id = p.issued_by left join us cb on cb.id = p.created_by order by 1`),
    legalBasis: await q(`select pk.k, b.position, b.type, b.number, b.date::text, b.issuer, b.title, b.text, rk.k as ref, b.province_id
      from plan_legal_basis b join pk on pk.id = b.plan_id left join pk rk on rk.id = b.ref_plan_id order by 1, 2`),
    node: await q(`select nk.k, n.kind, n.label, n.text, n.task, dk.k as derived_from, n.source_snapshot, n.version, n.provenance, n.province_id,
        n.previous_version_node_id is null as no_previous, n.search_key
      from plan_node n join nk on nk.id = n.id left join nk dk on dk.id = n.derived_from_node_id order by 1`),
    phase: await q(`select fk.k, nk.k as node, f.name, f.start_date::text, f.end_date::text, f.goal, f.version, f.province_id
      from plan_phase f join fk on fk.id = f.id left join nk on nk.id = f.node_id order by 1`),
    target:
      await q(`select tk.k, nk.k as node, t.metric, t.unit_of_measure, t.comparator, t.value::float8, t.period_start::text, t.period_end::text,
        fk.k as phase, t.year, t.responsible, dk.k as derived_from, t.version, t.province_id, t.previous_version_target_id is null as no_previous
      from plan_target t join tk on tk.id = t.id left join nk on nk.id = t.node_id left join fk on fk.id = t.phase_id
      left join tk dk on dk.id = t.derived_from_target_id order by 1`),
    allocation: await q(`select tk.k as target, a.position, a.assignee, a.unit_id, g.name as agency, a.value::float8, pk.k as plan
      from plan_target_allocation a join tk on tk.id = a.target_id join pk on pk.id = a.plan_id left join agency g on g.id = a.agency_id order by 1, 2`),
    milestone: await q(`select pk.k, m.position, nk.k as node, m.kind, m.title, m.due_date::text, m.recipient, m.version, m.province_id
      from plan_milestone m join pk on pk.id = m.plan_id left join nk on nk.id = m.node_id order by 1, 2`),
    omission: await q(`select pk.k, sk.k as source, o.reason, us.username as created_by
      from plan_omission o join pk on pk.id = o.plan_id join nk sk on sk.id = o.source_node_id left join us on us.id = o.created_by order by 1, 2`),
    rollup:
      await q(`select pk.k, pp.k as parent, (select array_agg(lk.k order by o.i) from unnest(r.lineage) with ordinality o(s, i) join pk lk on lk.id = o.s) as lineage,
        ps.k as parent_series, r.unit_id, r.unit_path::text, r.province_id, r.inherited, r.adapted, r.local, r.omitted, r.parent_tasks,
        r.parent_tasks_covered, r.upstream_pending, r.upstream_declined
      from plan_rollup r join pk on pk.id = r.plan_id join pk pp on pp.id = r.parent_plan_id join pk ps on ps.id = r.parent_series_id order by 1`),
    numberSequence: await q(`select s.unit_id, s.symbol, s.year, s.last_number from plan_number_sequence s
      where exists (select 1 from plan p join pk on pk.id = p.id where p.unit_id = s.unit_id) order by 1, 2, 3`),
    audit:
      await q(`select pk.k, e.action, us.username as actor, e.unit_id, e.province_id, e.before, e.after, e.actor_api_key_id is null as no_key
      from audit_event e join pk on pk.id::text = e.entity_id left join us on us.id = e.actor_user_id where e.entity_type = 'Plan' order by 1, e.id`),
    // The reporting loop (issue 11): obligations opened by issuePlan, the reports and their roll-up.
    obligation: await q(`select ok.k, pk.k as plan, ps.k as plan_series, o.kind, o.kind_rank, o.title, o.recipient, o.due_date::text,
        o.plan_period_start::text, o.plan_period_end::text, o.unit_id, o.unit_path::text, o.issuer_unit_id, o.province_id, po.k as parent
      from report_obligation o join ok on ok.id = o.id join pk on pk.id = o.plan_id left join pk ps on ps.id = o.plan_series_id
      left join ok po on po.id = o.parent_obligation_id order by 1`),
    report:
      await q(`select rk.k, ok.k as obligation, r.unit_id, r.unit_path::text, r.province_id, r.version_no, r.corrects_report_id is null as no_corrects,
        r.status, r.period_start::text, r.period_end::text, r.difficulties, r.proposals, r.recipients, r.signature, r.returned_reason,
        r.submitted_at is not null as submitted, r.first_submitted_on::text, r.decided_at is not null as decided, us.username as created_by, r.version
      from report r join rk on rk.id = r.id join ok on ok.id = r.obligation_id left join us on us.id = r.created_by order by 1`),
    reportTask: await q(`select rk.k, t.position, nk.k as node, t.label, t.text, t.status, t.done, t.version
      from report_task t join rk on rk.id = t.report_id left join nk on nk.id = t.node_id order by 1, 2`),
    reportFigure: await q(`select rk.k, f.position, tk.k as target, rt.k as rolls_into, f.metric, f.unit_of_measure, f.allocated::float8,
        f.period_value::float8, f.cumulative_value::float8, f.override_note, f.version
      from report_figure f join rk on rk.id = f.report_id left join tk on tk.id = f.target_id left join tk rt on rt.id = f.rolls_into_target_id order by 1, 2`),
    reportRollup:
      await q(`select ok.k, tk.k as target, rt.k as rolls_into, x.unit_id, x.unit_path::text, x.province_id, x.position, x.metric,
        x.unit_of_measure, x.own_period::float8, x.own_cumulative::float8, x.below_period::float8, x.below_cumulative::float8, x.below_units
      from report_rollup x join ok on ok.id = x.obligation_id left join tk on tk.id = x.target_id left join tk rt on rt.id = x.rolls_into_target_id
      order by 1, 2`),
    reportAudit:
      await q(`select rk.k, e.action, us.username as actor, e.unit_id, e.province_id, e.before, e.after, e.actor_api_key_id is null as no_key
      from audit_event e join rk on rk.id::text = e.entity_id left join us on us.id = e.actor_user_id where e.entity_type = 'Report' order by 1, e.id`),
  };
  // Ids inside JSON (agency ids, phase ids, node ids in audit payloads) are masked.
  for (const rows of Object.values(out)) {
    for (const row of rows as Record<string, unknown>[]) {
      for (const [k, v] of Object.entries(row)) {
        if (v && typeof v === 'object') row[k] = JSON.parse(JSON.stringify(v).replace(UUID, '<id>'));
      }
    }
  }
  return out;
}
