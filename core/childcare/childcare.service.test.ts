import { describe, expect, it } from 'vitest';
import { carryStatuses } from './childcare.service.ts';
import { range } from './childcare-plan.factory.ts';

describe('carryStatuses: the card plans, the stored plan remembers', () => {
  const stored = [
    range('spouse_childbirth_leave', '2026-07-14', '2026-07-15', 'planned'),
    range('postnatal_paternity_leave', '2026-07-27', '2026-08-09', 'requested'),
  ];
  it('records an unchanged range whose start has passed as taken, and keeps other statuses', () => {
    const sent = stored.map((r) => ({ ...r, status: 'planned' as const }));
    expect(carryStatuses(sent, stored, '2026-07-20').map((r) => r.status)).toEqual(['taken', 'requested']);
    expect(carryStatuses(sent, stored, '2026-07-01').map((r) => r.status)).toEqual(['planned', 'requested']);
  });
  it('treats a moved range as a new plan', () => {
    const moved = [range('spouse_childbirth_leave', '2026-07-13', '2026-07-14')];
    expect(carryStatuses(moved, stored, '2026-07-20')[0]?.status).toBe('planned');
  });
});
