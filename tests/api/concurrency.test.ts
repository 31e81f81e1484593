import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgency, insertUser } from '../support/api-helpers.js';
import { createTestEnv, type GqlResult, type TestEnv } from '../support/env.js';

/** Optimistic locking (docs/DESIGN.md §7): edits carry the version they were based on. */

let env: TestEnv;
let tplaocai: number;

beforeAll(async () => {
  env = await createTestEnv();
  tplaocai = await env.unitId('080');
});
afterAll(async () => {
  await env?.stop();
});

const UPDATE_AGENCY = `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { id name sector disabled version } } }`;
const UPDATE_USER = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id username displayName role disabled version } } }`;

function split(results: GqlResult[]) {
  const winners = results.filter((r) => !r.errors);
  const losers = results.filter((r) => r.errors);
  return { winners, losers };
}

describe('updateAgency', () => {
  it('20 concurrent updates of the same version: one wins, 19 get CONFLICT with the current state', async () => {
    const agency = await insertAgency(env.db, tplaocai, 'Trung tâm thử tranh chấp');
    const admin = await env.login('tplaocai.admin');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        env.gql(
          UPDATE_AGENCY,
          { i: { id: agency.id, version: 1, name: `Trung tâm số ${i + 1}`, sector: i % 2 ? 'HEALTH' : 'EDUCATION' } },
          admin,
        ),
      ),
    );
    const { winners, losers } = split(results);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    const won = winners[0].data!.updateAgency.agency;
    expect(won.version).toBe(2);

    const { rows } = await env.db.query(
      `select id::text, name, sector, disabled_at is not null as disabled, version from agency where id = $1`,
      [agency.id],
    );
    const final = rows[0];
    // The row holds exactly the winner's write.
    expect(final).toEqual({ id: agency.id, name: won.name, sector: won.sector, disabled: false, version: 2 });

    for (const r of losers) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions?.code).toBe('CONFLICT');
      expect(r.data).toBeNull();
      expect(r.errors![0].extensions?.current).toMatchObject({
        id: agency.id,
        name: final.name,
        sector: final.sector,
        disabled: false,
        version: 2,
      });
    }
    // One audit event for one change.
    const audit = await env.db.query(`select count(*)::int n from audit_event where entity_type = 'Agency' and entity_id = $1`, [
      agency.id,
    ]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('a loser that retries with the version it was given succeeds', async () => {
    const agency = await insertAgency(env.db, tplaocai, 'Phòng thử thử lại');
    const admin = await env.login('tplaocai.admin');
    const first = await env.gql(UPDATE_AGENCY, { i: { id: agency.id, version: 1, name: 'Phòng thử A' } }, admin);
    expect(first.errors).toBeUndefined();
    const stale = await env.gql(UPDATE_AGENCY, { i: { id: agency.id, version: 1, name: 'Phòng thử B' } }, admin);
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const current = stale.errors![0].extensions!.current as { version: number; name: string };
    expect(current).toMatchObject({ name: 'Phòng thử A', version: 2 });
    const retry = await env.gql(UPDATE_AGENCY, { i: { id: agency.id, version: current.version, name: 'Phòng thử B' } }, admin);
    expect(retry.data!.updateAgency.agency).toMatchObject({ name: 'Phòng thử B', version: 3 });
  });

  it('a version from the future is a CONFLICT too, and changes nothing', async () => {
    const agency = await insertAgency(env.db, tplaocai, 'Phòng thử tương lai');
    const admin = await env.login('tplaocai.admin');
    const r = await env.gql(UPDATE_AGENCY, { i: { id: agency.id, version: 7, name: 'Không được' } }, admin);
    expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
    const { rows } = await env.db.query(`select name, version from agency where id = $1`, [agency.id]);
    expect(rows[0]).toEqual({ name: 'Phòng thử tương lai', version: 1 });
  });
});

describe('updateUser', () => {
  it('two administrators (the unit and its province) edit the same account at once: one wins, the other gets CONFLICT', async () => {
    const user = await insertUser(env.db, tplaocai, { username: 'tranh-chap' });
    const city = await env.login('tplaocai.admin');
    const province = await env.login('laocai.admin');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        env.gql(
          UPDATE_USER,
          {
            i: {
              id: user.id,
              version: 1,
              displayName: `Tên do ${i % 2 ? 'tỉnh' : 'thành phố'} đặt ${i}`,
              role: i % 2 ? 'EDITOR' : 'APPROVER',
            },
          },
          i % 2 ? province : city,
        ),
      ),
    );
    const { winners, losers } = split(results);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    const won = winners[0].data!.updateUser.user;
    const { rows } = await env.db.query(`select display_name as "displayName", role, version from app_user where id = $1`, [user.id]);
    expect(rows[0]).toEqual({ displayName: won.displayName, role: won.role, version: 2 });
    for (const r of losers) {
      expect(r.errors!.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      expect(r.errors![0].extensions?.current).toMatchObject({
        username: 'tranh-chap',
        displayName: won.displayName,
        role: won.role,
        version: 2,
      });
      // The conflict payload never carries the password hash.
      expect(JSON.stringify(r.errors)).not.toContain('argon2');
    }
    const audit = await env.db.query(`select count(*)::int n from audit_event where entity_type = 'User' and entity_id = $1`, [user.id]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('two password resets at once: one wins, the other changes nothing', async () => {
    const user = await insertUser(env.db, tplaocai, { username: 'hai-mat-khau' });
    const city = await env.login('tplaocai.admin');
    const province = await env.login('laocai.admin');
    const [a, b] = await Promise.all([
      env.gql(UPDATE_USER, { i: { id: user.id, version: 1, password: 'Mat-khau-cua-A-1' } }, city),
      env.gql(UPDATE_USER, { i: { id: user.id, version: 1, password: 'Mat-khau-cua-B-2' } }, province),
    ]);
    const { winners, losers } = split([a, b]);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.errors![0].extensions?.code)).toEqual(['CONFLICT']);
    const winnerPassword = winners[0] === a ? 'Mat-khau-cua-A-1' : 'Mat-khau-cua-B-2';
    const loserPassword = winners[0] === a ? 'Mat-khau-cua-B-2' : 'Mat-khau-cua-A-1';
    const signIn = `mutation($p: String!) { signIn(input: { username: "hai-mat-khau", password: $p }) { token } }`;
    expect((await env.gql(signIn, { p: winnerPassword })).errors).toBeUndefined();
    expect((await env.gql(signIn, { p: loserPassword })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('concurrent creates never surface a database error', () => {
  it('10 concurrent createAgency with the same name (NFC and NFD): one agency, the others BAD_USER_INPUT', async () => {
    const admin = await env.login('tplaocai.admin');
    const name = 'Ban chỉ đạo phòng chống thiên tai';
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        env.gql(
          `mutation($i: CreateAgencyInput!) { createAgency(input: $i) { agency { id } } }`,
          { i: { unitId: tplaocai, name: i % 2 ? name : name.normalize('NFD'), sector: 'OTHER' } },
          admin,
        ),
      ),
    );
    const { winners, losers } = split(results);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.errors![0].extensions?.code)).toEqual(Array(9).fill('BAD_USER_INPUT'));
    const { rows } = await env.db.query(`select count(*)::int n from agency where unit_id = $1 and name = $2`, [tplaocai, name]);
    expect(rows[0].n).toBe(1);
  });

  it('concurrent renames of different agencies onto one name: one wins, the others BAD_USER_INPUT', async () => {
    const admin = await env.login('tplaocai.admin');
    const agencies = await Promise.all(Array.from({ length: 6 }, (_, i) => insertAgency(env.db, tplaocai, `Tổ công tác số ${i}`)));
    const results = await Promise.all(
      agencies.map((a) => env.gql(UPDATE_AGENCY, { i: { id: a.id, version: 1, name: 'Tổ công tác đặc biệt' } }, admin)),
    );
    const { winners, losers } = split(results);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('BAD_USER_INPUT'));
    const { rows } = await env.db.query(`select count(*)::int n from agency where unit_id = $1 and name = 'Tổ công tác đặc biệt'`, [
      tplaocai,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('10 concurrent createUser with the same username: one account, the others BAD_USER_INPUT', async () => {
    const admin = await env.login('tplaocai.admin');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        env.gql(
          `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
          {
            i: {
              unitId: tplaocai,
              username: i % 2 ? '080.cung-ten' : '080.CUNG-TEN',
              displayName: `Người ${i}`,
              role: 'VIEWER',
              password: 'Mat-khau-du-dai-1',
            },
          },
          admin,
        ),
      ),
    );
    const { winners, losers } = split(results);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.errors![0].extensions?.code)).toEqual(Array(9).fill('BAD_USER_INPUT'));
    const { rows } = await env.db.query(`select count(*)::int n from app_user where lower(username) = '080.cung-ten'`);
    expect(rows[0].n).toBe(1);
  });
});
