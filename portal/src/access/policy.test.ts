import { describe, expect, it } from 'vitest';
import type { Identity, Role } from '../auth/identity';
import { decide, type UnitScope } from './policy';

const PROVINCE = '10';
const DISTRICT = '80';
const COMMUNE = '2641';
const SIBLING = '82';

function who(role: Role, unitId = PROVINCE, kind: Identity['kind'] = 'USER'): Identity {
  return {
    id: 'u',
    kind,
    displayName: 'x',
    username: 'x',
    role,
    unit: { id: unitId, name: 'x', kind: 'tỉnh', code: '10', level: 'PROVINCE', validTo: null, ancestors: [{ id: '1', name: 'VN' }] },
  };
}
const scope = (id: string, ...ancestorIds: string[]): UnitScope => ({ id, ancestorIds });
const province = scope(PROVINCE, '1');
const district = scope(DISTRICT, '1', PROVINCE);
const commune = scope(COMMUNE, '1', PROVINCE, DISTRICT);
const sibling = scope(SIBLING, '1', PROVINCE);
const country = scope('1');

describe('access policy (portal mirror of docs/DESIGN.md §6)', () => {
  it('everyone signed in reads units and agencies; nobody signed out does anything', () => {
    for (const role of ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER'] as Role[]) {
      expect(decide(who(role), { resource: 'units', action: 'list' }).can).toBe(true);
      expect(decide(who(role), { resource: 'agencies', action: 'list', params: { unit: country } }).can).toBe(true);
    }
    expect(decide(null, { resource: 'units', action: 'list' }).can).toBe(false);
  });

  it('administrators manage agencies, users and API keys of their unit and below only', () => {
    const admin = who('ADMIN', DISTRICT);
    for (const resource of ['agencies', 'users', 'apiKeys']) {
      expect(decide(admin, { resource, action: 'create', params: { unit: district } }).can, resource).toBe(true);
      expect(decide(admin, { resource, action: 'edit', params: { unit: commune } }).can, resource).toBe(true);
      expect(decide(admin, { resource, action: 'create', params: { unit: province } }).can, resource).toBe(false);
      expect(decide(admin, { resource, action: 'create', params: { unit: sibling } }).can, resource).toBe(false);
    }
  });

  it('editors, approvers and viewers see no administration', () => {
    for (const role of ['EDITOR', 'APPROVER', 'VIEWER'] as Role[]) {
      expect(decide(who(role), { resource: 'agencies', action: 'create', params: { unit: province } }).can).toBe(false);
      expect(decide(who(role), { resource: 'users', action: 'list', params: { unit: province } }).can).toBe(false);
      expect(decide(who(role), { resource: 'apiKeys', action: 'list' }).can).toBe(false);
    }
  });

  it('an API key is never an administrator, and unknown resources are denied', () => {
    expect(decide(who('ADMIN', PROVINCE, 'API_KEY'), { resource: 'users', action: 'list' }).can).toBe(false);
    expect(decide(who('ADMIN'), { resource: 'no-such-feature', action: 'list' }).can).toBe(false);
  });
});
