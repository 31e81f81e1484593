import { describe, expect, it } from 'vitest';
import type { Identity, Role } from '../auth/identity';
import { decidePlan, PLAN_ACTIONS, type PlanFacts, type PlanStatusFact } from './plan-policy';
import { decide } from './policy';

const PROVINCE = '10';
const DISTRICT = '80';

function who(role: Role, unitId = PROVINCE, kind: Identity['kind'] = 'USER'): Identity {
  return {
    id: 'u',
    kind,
    displayName: 'x',
    username: 'x',
    role,
    unit: { id: unitId, name: 'x', kind: 'tỉnh', code: unitId, level: 'PROVINCE', validTo: null, ancestors: [{ id: '1', name: 'VN' }] },
  };
}
const plan = (status: PlanStatusFact, unitId = PROVINCE): PlanFacts => ({ unitId, status });
const can = (identity: Identity, action: string, facts?: PlanFacts, unitId?: string) =>
  decidePlan(identity, action, { plan: facts, unitId }).can;

const STATUSES: PlanStatusFact[] = ['DRAFT', 'IN_REVIEW', 'ISSUED', 'SUPERSEDED', 'REVOKED'];
const ROLES: Role[] = ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER'];

describe('plan rules (portal mirror of docs/DESIGN.md §6 and the plan lifecycle)', () => {
  it('lets everyone signed in read lists, plans, their history and exports (the API filters what is visible)', () => {
    for (const role of ROLES) {
      for (const action of ['list', 'show', 'history', 'export']) {
        expect(decide(who(role), { resource: 'plans', action }).can, `${role} ${action}`).toBe(true);
      }
    }
    expect(decide(null, { resource: 'plans', action: 'list' }).can).toBe(false);
  });

  it('lets only editors create and import plans, for their own unit', () => {
    expect(can(who('EDITOR'), 'create')).toBe(true);
    expect(can(who('EDITOR'), 'import', undefined, PROVINCE)).toBe(true);
    expect(can(who('EDITOR', PROVINCE, 'API_KEY'), 'create')).toBe(true);
    expect(can(who('EDITOR'), 'create', undefined, DISTRICT)).toBe(false);
    for (const role of ['ADMIN', 'APPROVER', 'VIEWER'] as Role[]) {
      expect(can(who(role), 'create'), role).toBe(false);
      expect(can(who(role), 'import'), role).toBe(false);
    }
  });

  it('lets editors of the issuing unit edit and submit drafts only', () => {
    for (const status of STATUSES) {
      expect(can(who('EDITOR'), 'edit', plan(status)), status).toBe(status === 'DRAFT');
      expect(can(who('EDITOR'), 'submit', plan(status)), status).toBe(status === 'DRAFT');
    }
    // Another unit's draft (a district below, whose drafts the province reads) stays read-only.
    expect(can(who('EDITOR'), 'edit', plan('DRAFT', DISTRICT))).toBe(false);
    expect(decidePlan(who('EDITOR'), 'edit', { plan: plan('DRAFT', DISTRICT) }).reason).toBe('OTHER_UNIT');
    for (const role of ['ADMIN', 'APPROVER', 'VIEWER'] as Role[]) {
      expect(can(who(role), 'edit', plan('DRAFT')), role).toBe(false);
      expect(decidePlan(who(role), 'edit', { plan: plan('DRAFT') }).reason).toBe('EDITORS_ONLY');
    }
    expect(decidePlan(who('EDITOR'), 'edit', { plan: plan('ISSUED') }).reason).toBe('STATUS');
  });

  it('lets approvers of the issuing unit return and issue a plan in review, and revoke an issued plan', () => {
    const approver = who('APPROVER');
    for (const status of STATUSES) {
      expect(can(approver, 'issue', plan(status)), status).toBe(status === 'IN_REVIEW');
      expect(can(approver, 'return', plan(status)), status).toBe(status === 'IN_REVIEW');
      expect(can(approver, 'revoke', plan(status)), status).toBe(status === 'ISSUED');
    }
    expect(can(approver, 'issue', plan('IN_REVIEW', DISTRICT))).toBe(false);
    for (const role of ['ADMIN', 'EDITOR', 'VIEWER'] as Role[]) {
      expect(can(who(role), 'issue', plan('IN_REVIEW')), role).toBe(false);
      expect(can(who(role), 'revoke', plan('ISSUED')), role).toBe(false);
    }
  });

  it('never lets an API key approve, even one carrying the approver role', () => {
    const key = who('APPROVER', PROVINCE, 'API_KEY');
    expect(can(key, 'issue', plan('IN_REVIEW'))).toBe(false);
    expect(can(key, 'revoke', plan('ISSUED'))).toBe(false);
  });

  it('lets editors withdraw a plan from review and amend an issued plan of their unit', () => {
    expect(can(who('EDITOR'), 'withdraw', plan('IN_REVIEW'))).toBe(true);
    expect(can(who('EDITOR'), 'withdraw', plan('DRAFT'))).toBe(false);
    expect(can(who('EDITOR'), 'amend', plan('ISSUED'))).toBe(true);
    for (const status of ['DRAFT', 'IN_REVIEW', 'SUPERSEDED', 'REVOKED'] as PlanStatusFact[]) {
      expect(can(who('EDITOR'), 'amend', plan(status)), status).toBe(false);
    }
    expect(can(who('EDITOR'), 'amend', plan('ISSUED', DISTRICT))).toBe(false);
    expect(can(who('APPROVER'), 'amend', plan('ISSUED'))).toBe(false);
  });

  it('denies actions on a plan without the plan, and unknown actions', () => {
    expect(decidePlan(who('EDITOR'), 'edit').reason).toBe('NO_PLAN');
    expect(decidePlan(who('EDITOR'), 'delete', { plan: plan('DRAFT') }).can).toBe(false);
    expect(PLAN_ACTIONS).toContain('amend');
  });
});
