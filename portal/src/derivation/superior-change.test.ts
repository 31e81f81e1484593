import { describe, expect, it } from 'vitest';
import type { AncestorPlanRef } from '../plans/types';
import { superiorChange } from './superior-change';

const plan = (id: string, status: AncestorPlanRef['status'], parentPlan: AncestorPlanRef | null = null): AncestorPlanRef => ({
  id,
  numberSymbol: `${id}/KH-UBND`,
  status,
  unit: { id: `u-${id}`, name: `Unit ${id}` },
  parentPlan,
});

describe('superiorChange', () => {
  it('is nothing while every plan above is the version in force', () => {
    expect(superiorChange({ parentPlan: plan('district', 'ISSUED', plan('province', 'ISSUED')) })).toBeNull();
    expect(superiorChange({ parentPlan: null })).toBeNull();
  });

  it('names the superseded parent', () => {
    const change = superiorChange({ parentPlan: plan('district', 'SUPERSEDED', plan('province', 'ISSUED')) });
    expect(change).toMatchObject({ depth: 1, via: null, changed: { id: 'district' } });
  });

  it('sees a superseded plan further up, through a parent that is itself still in force', () => {
    // The commune is "up to date" with its district's plan, which rests on a superseded province plan.
    const change = superiorChange({ parentPlan: plan('district', 'ISSUED', plan('province', 'SUPERSEDED', plan('national', 'ISSUED'))) });
    expect(change).toMatchObject({ depth: 2, changed: { id: 'province' }, via: { id: 'district' } });
  });
});
