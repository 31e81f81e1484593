import { describe, expect, it } from 'vitest';
import { decide } from '../access/policy';
import type { Identity, Role } from '../auth/identity';

const VN = '1';
const PROVINCE = '10';
const CITY = '80';
const WARD = '2641';
const SIBLING = '82';

const chains: Record<string, string[]> = { [PROVINCE]: [VN], [CITY]: [VN, PROVINCE], [WARD]: [VN, PROVINCE, CITY], [SIBLING]: [VN, PROVINCE] };

function who(role: Role, unitId: string, level: Identity['unit']['level'] = 'DISTRICT', kind: Identity['kind'] = 'USER'): Identity {
  return {
    id: 'u',
    kind,
    displayName: 'x',
    username: 'x',
    role,
    unit: { id: unitId, name: 'x', kind: 'x', code: 'x', level, validTo: null, ancestors: chains[unitId].map((id) => ({ id, name: id })) },
  };
}
const plan = (unitId: string, status = 'ISSUED') => ({ id: 'p', status, unit: { id: unitId, ancestors: chains[unitId].map((id) => ({ id })) } });

describe('derivation access (portal mirror of docs/DESIGN.md §4, §6)', () => {
  it('lets editors of any unit below the issuer derive from an issued plan, at any depth', () => {
    expect(decide(who('EDITOR', CITY), { resource: 'derivation', action: 'create', params: { parentPlan: plan(PROVINCE) } }).can).toBe(true);
    expect(decide(who('EDITOR', WARD, 'COMMUNE'), { resource: 'derivation', action: 'create', params: { parentPlan: plan(PROVINCE) } }).can).toBe(true);
    expect(decide(who('EDITOR', WARD, 'COMMUNE'), { resource: 'derivation', action: 'create', params: { parentPlan: plan(CITY) } }).can).toBe(true);
    // An editor API key is an editor too.
    expect(decide(who('EDITOR', CITY, 'DISTRICT', 'API_KEY'), { resource: 'derivation', action: 'create', params: { parentPlan: plan(PROVINCE) } }).can).toBe(
      true,
    );
  });

  it('refuses the issuer itself, a sibling, a draft parent and every other role', () => {
    const derive = (identity: Identity, parent: ReturnType<typeof plan>) =>
      decide(identity, { resource: 'derivation', action: 'create', params: { parentPlan: parent } });
    expect(derive(who('EDITOR', PROVINCE, 'PROVINCE'), plan(PROVINCE))).toMatchObject({ can: false, reason: 'NOT_BELOW_ISSUER' });
    expect(derive(who('EDITOR', WARD, 'COMMUNE'), plan(SIBLING))).toMatchObject({ can: false, reason: 'NOT_BELOW_ISSUER' });
    expect(derive(who('EDITOR', CITY), plan(PROVINCE, 'DRAFT'))).toMatchObject({ can: false, reason: 'PARENT_NOT_ISSUED' });
    expect(derive(who('EDITOR', CITY), plan(PROVINCE, 'SUPERSEDED'))).toMatchObject({ can: false, reason: 'PARENT_NOT_ISSUED' });
    for (const role of ['ADMIN', 'APPROVER', 'VIEWER'] as Role[]) {
      expect(derive(who(role, CITY), plan(PROVINCE))).toMatchObject({ can: false, reason: 'EDITOR_ONLY' });
    }
  });

  it('shows the list of plans from above to editors only, the diff and upstream pages to everyone', () => {
    expect(decide(who('EDITOR', CITY), { resource: 'derivation', action: 'list' }).can).toBe(true);
    expect(decide(who('VIEWER', CITY), { resource: 'derivation', action: 'list' }).can).toBe(false);
    expect(decide(who('VIEWER', PROVINCE, 'PROVINCE'), { resource: 'derivation', action: 'show' }).can).toBe(true);
    expect(decide(null, { resource: 'derivation', action: 'show' }).can).toBe(false);
  });

  it("lets only the derived plan's own editors take or decline changes and reword omissions, on a draft", () => {
    for (const action of ['takeUpstream', 'declineUpstream', 'setOmissionReason']) {
      expect(decide(who('EDITOR', CITY), { resource: 'derivation', action, params: { plan: plan(CITY, 'DRAFT') } }).can, action).toBe(true);
      // Superiors read, never write.
      expect(decide(who('EDITOR', PROVINCE, 'PROVINCE'), { resource: 'derivation', action, params: { plan: plan(CITY, 'DRAFT') } }).can).toBe(false);
      expect(decide(who('EDITOR', CITY), { resource: 'derivation', action, params: { plan: plan(CITY, 'IN_REVIEW') } }).can).toBe(false);
      expect(decide(who('EDITOR', CITY), { resource: 'derivation', action, params: { plan: plan(CITY, 'ISSUED') } }).can).toBe(false);
      expect(decide(who('APPROVER', CITY), { resource: 'derivation', action, params: { plan: plan(CITY, 'DRAFT') } }).can).toBe(false);
      expect(decide(who('EDITOR', CITY), { resource: 'derivation', action }).can).toBe(false);
    }
    expect(decide(who('EDITOR', CITY), { resource: 'derivation', action: 'delete' }).can).toBe(false);
  });
});

describe('cascade access', () => {
  it('opens any readable plan’s cascade; the menu entry is hidden from communes, which have no subordinates', () => {
    expect(decide(who('VIEWER', PROVINCE, 'PROVINCE'), { resource: 'cascade', action: 'list' }).can).toBe(true);
    expect(decide(who('VIEWER', CITY), { resource: 'cascade', action: 'list' }).can).toBe(true);
    expect(decide(who('EDITOR', WARD, 'COMMUNE'), { resource: 'cascade', action: 'list' }).can).toBe(false);
    expect(decide(who('EDITOR', WARD, 'COMMUNE'), { resource: 'cascade', action: 'show' }).can).toBe(true);
    expect(decide(who('ADMIN', PROVINCE, 'PROVINCE'), { resource: 'cascade', action: 'edit' }).can).toBe(false);
  });
});
