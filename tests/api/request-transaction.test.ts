import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../api/src/core/context.js';
import { beginTransaction, endTransaction, setPrincipal, STATEMENT_AFTER_END } from '../../api/src/core/db/transaction.js';
import { rows } from '../../api/src/core/sql.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { createTestEnv, type GqlResult, type TestEnv } from '../support/env.js';

/**
 * A request's transaction ends only once every statement it started has settled, and refuses the
 * statements started after its end (docs/ARCHITECTURE.md, "Database roles and row-level security").
 * GraphQL runs sibling fields at the same time and finishes the response as soon as a non-null
 * field fails: the request used to send COMMIT or ROLLBACK while a sibling's statements were still
 * queued, and those then ran outside the transaction — or inside the next request's, on the pooled
 * connection it had been given back: without a principal (the next request failed with 25P02), or
 * with that request's caller. One connection in the pool, so every request takes the same one.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ env: { KEHOACH_DB_POOL_SIZE: '1' } });
});
afterAll(async () => {
  await env?.stop();
});

const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }`;

/** Sign-ins (they set no principal: any statement of another request inside their transaction fails it) sent right behind `first`. */
async function signInsBehind(first: Promise<GqlResult>, n = 3): Promise<{ first: GqlResult; after: GqlResult[] }> {
  const after = Array.from({ length: n }, () => env.gql(SIGN_IN, { u: 'laocai.viewer', p: DEMO_PASSWORD }));
  return { first: await first, after: await Promise.all(after) };
}

/**
 * The serving pool's one connection is idle, in no transaction (open or failed), once a last
 * request — a sign-in, whose COMMIT is waited for — is done.
 */
async function connectionIdle() {
  expect((await env.gql(SIGN_IN, { u: 'laocai.viewer', p: DEMO_PASSWORD })).errors).toBeUndefined();
  const { rows: sessions } = await env.db.query(
    `select state from pg_stat_activity where application_name = 'kehoach' and datname = current_database()`,
  );
  expect(sessions.length).toBeLessThanOrEqual(1);
  for (const s of sessions) expect(s.state).toBe('idle');
}

describe('a request ends its transaction only once its statements have settled', () => {
  it('a query whose non-null field fails at once, while a sibling field still reads, leaves the connection clean for the next requests', async () => {
    const viewer = await env.login('laocai.viewer');
    // `plan` refuses the id before any SQL; `plans` and its nested fields go on reading, level after level.
    const query = `{
      bad: plan(id: "not-a-uuid") { id }
      plans(first: 20) { totalCount nodes { id unit { name } nodes { id } checks { message } parentPlan { id unit { name } nodes { id } } } }
    }`;
    for (let i = 0; i < 10; i++) {
      const { first, after } = await signInsBehind(env.gql(query, {}, viewer));
      expect(first.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['bad']]]);
      expect(first.data).toBeNull();
      for (const r of after) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    }
    await connectionIdle();
  });

  it('a mutation whose answer fails in a field while its siblings still read keeps exactly its own write, and the next requests succeed', async () => {
    const editor = await env.login('laocai.editor');
    // A draft of the province with a body, targets and milestones for the answer's fields to read:
    // an amendment of its issued plan, which copies them.
    const { rows: issued } = await env.db.query(
      `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'
       order by p.created_at limit 1`,
    );
    const amended = await env.gql(
      `mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id } } }`,
      { i: { planId: issued[0].id } },
      editor,
    );
    expect(amended.errors).toBeUndefined();
    const planId = amended.data!.amendPlan.plan.id as string;
    expect(Number((await env.db.query(`select count(*) n from plan_node where plan_id = $1`, [planId])).rows[0].n)).toBeGreaterThan(10);
    const state = async () =>
      (
        await env.db.query(
          `select p.title, p.version, (select count(*)::int from audit_event a where a.entity_id = p.id::text) as audits from plan p where p.id = $1`,
          [planId],
        )
      ).rows[0] as { title: string; version: number; audits: number };
    const before = await state();
    const auditsBefore = Number((await env.db.query(`select count(*) n from audit_event`)).rows[0].n);
    for (let i = 0; i < 5; i++) {
      const { version } = await state();
      // The header is saved; then its answer: `history` refuses the cursor at once while its siblings read.
      const { first, after } = await signInsBehind(
        env.gql(
          `mutation($i: UpdatePlanHeaderInput!) { updatePlanHeader(input: $i) { plan {
             id nodes { id } checks { message } milestones { id } targets { id allocations { assignee } } legalBases { number } phases { id }
             history(after: "not-a-cursor") { totalCount } } } }`,
          { i: { planId, version, title: `Kế hoạch thử kết thúc giao dịch ${i}` } },
          editor,
        ),
      );
      expect(first.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(first.data).toBeNull();
      for (const r of after) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    }
    // An expected error keeps the work done (docs/ARCHITECTURE.md): each save once, with its audit event, and nothing else.
    const now = await state();
    expect(now.title).toBe('Kế hoạch thử kết thúc giao dịch 4');
    expect(now.version).toBe(before.version + 5);
    expect(now.audits).toBe(before.audits + 5);
    expect(Number((await env.db.query(`select count(*) n from audit_event`)).rows[0].n)).toBe(auditsBefore + 5);
    await connectionIdle();
  });

  it('ending while a write is in flight: the end waits for it, the write started after is refused, a rollback keeps neither', async () => {
    // The GraphQL path, without GraphQL: a field writes twice in a row; a sibling fails unexpectedly
    // while the first write runs, and the request rolls back (core/http.ts, finishGraphqlRequest).
    const { rows: found } = await env.db.query(
      `select a.id, a.display_name, a.role, a.unit_id, u.path::text as path, u.province_id
       from app_user a join admin_unit u on u.id = a.unit_id where a.username = 'laocai.editor'`,
    );
    const me = found[0];
    const principal: Principal = {
      kind: 'USER',
      id: me.id,
      label: me.display_name,
      role: me.role,
      unitId: me.unit_id,
      unitPath: me.path,
      provinceId: me.province_id,
    };
    const plan = (await env.db.query(`select id, title from plan where unit_id = $1 order by created_at limit 1`, [me.unit_id])).rows[0];
    const em = await beginTransaction(env.app.orm);
    await setPrincipal(em, principal);
    const steps: string[] = [];
    const field = (async () => {
      await rows(em, `update plan set title = 'first write' where id = ?`, [plan.id]);
      steps.push('first write done');
      await rows(em, `update plan set title = 'second write' where id = ?`, [plan.id]);
    })();
    field.catch(() => {});
    const ended = endTransaction(em, false).then(() => steps.push('ended'));
    await ended;
    await expect(field).rejects.toThrow(STATEMENT_AFTER_END);
    expect(steps).toEqual(['first write done', 'ended']);
    expect((await env.db.query(`select title from plan where id = $1`, [plan.id])).rows[0].title).toBe(plan.title);
    // Ended once: a second end sends nothing, and the request's EntityManager stays refused.
    await endTransaction(em, true);
    await expect(rows(em, `select 1`)).rejects.toThrow(STATEMENT_AFTER_END);
    await expect(em.transactional((tem) => rows(tem, `select 1`))).rejects.toThrow(STATEMENT_AFTER_END);
    // The one connection of the pool serves the next request, clean.
    const viewer = await env.login('laocai.viewer');
    const next = await env.gql(`{ me { username } plan(id: "${plan.id}") { title } }`, {}, viewer);
    expect(next.errors).toBeUndefined();
    expect(next.data!.plan.title).toBe(plan.title);
    await connectionIdle();
  });

  it('a nested transaction (savepoint) cut by the end runs nothing after it: not its statements, not its RELEASE or ROLLBACK TO', async () => {
    const em = await beginTransaction(env.app.orm);
    const ran: string[] = [];
    const work = em.transactional(async (tem) => {
      ran.push('savepoint made');
      await rows(tem, `select 1`);
      ran.push('statement ran');
    });
    work.catch(() => {});
    // Its SAVEPOINT is on its way: the end waits for it and commits; what the nested work starts after is refused.
    await endTransaction(em, true);
    await expect(work).rejects.toThrow(STATEMENT_AFTER_END);
    expect(ran).toEqual(['savepoint made']);
    await connectionIdle();
  });
});
