import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type GraphUserChange,
  type KnownEmployee,
  mergeChanges,
  normaliseDepartment,
  planSync,
  type SyncPlan,
} from './graph-sync.rules.ts';

const oid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sections: Record<string, string> = { 人事課: 'sec-hr', 会計課: 'sec-acc' };
const sectionFor = (d: string) => sections[d];

const employee = (n: number, fields: Partial<KnownEmployee> = {}): KnownEmployee => ({
  id: `emp-${n}`,
  employeeNo: `E${n}`,
  entraOid: null,
  upn: `u${n}@example.go.jp`,
  sectionId: 'sec-hr',
  active: true,
  managerNo: null,
  ...fields,
});

/** The register after a plan, in memory: what applyPlan does in SQL. */
function applyInMemory(employees: KnownEmployee[], plan: SyncPlan): KnownEmployee[] {
  const rows = employees.map((e) => ({ ...e }));
  for (const a of plan.added)
    rows.push({
      id: `new-${a.employeeNo}`,
      employeeNo: a.employeeNo,
      entraOid: a.oid,
      upn: a.upn,
      sectionId: a.sectionId,
      active: a.active,
      managerNo: null,
    });
  for (const u of plan.updated) {
    const row = rows.find((r) => r.id === u.employeeId)!;
    if (u.set.entraOid) row.entraOid = u.set.entraOid;
    if (u.set.upn) row.upn = u.set.upn;
    if (u.set.active !== undefined) row.active = u.set.active;
  }
  for (const m of plan.managers) {
    const row = rows.find((r) => r.employeeNo === m.employeeNo)!;
    row.managerNo = rows.find((r) => r.entraOid === m.managerOid)?.employeeNo ?? row.managerNo;
  }
  return rows;
}

describe('Graph sync rules', () => {
  it('normalises department strings (full-width spaces and letters, runs of spaces)', () => {
    expect(normaliseDepartment('  大臣官房　人事課 ')).toBe('大臣官房 人事課');
    expect(normaliseDepartment('ＩＴ  推進室')).toBe('IT 推進室');
  });

  it('merges a user returned on two delta pages: later properties win, absent ones stay', () => {
    const merged = mergeChanges([
      { oid: oid(1).toUpperCase(), department: '人事課', jobTitle: '係長' },
      { oid: oid(1), department: '会計課' },
    ]);
    expect(merged).toEqual([{ oid: oid(1), department: '会計課', jobTitle: '係長' }]);
  });

  it('never touches what the CSV owns: a department move is reported, names and section stay', () => {
    const plan = planSync({
      changes: [{ oid: oid(1), upn: 'u1@example.go.jp', department: '会計課', surname: '別名' }],
      previous: [],
      employees: [employee(1)],
      sectionFor,
    });
    expect(plan.updated).toEqual([
      { employeeId: 'emp-1', employeeNo: 'E1', set: { entraOid: oid(1) }, fields: ['entra_oid'] },
    ]);
    expect(plan.sectionDiffers).toEqual(['E1']);
  });

  it('does not create a person without an employee number, and reports unmapped departments', () => {
    const plan = planSync({
      changes: [
        { oid: oid(7), upn: 'svc@example.go.jp', department: null },
        { oid: oid(8), employeeId: 'E8', department: '広報室', surname: '広報' },
      ],
      previous: [],
      employees: [],
      sectionFor,
    });
    expect(plan.added).toEqual([]);
    expect(plan.notInRegister).toBe(1);
    expect(plan.unmappedDepartments).toEqual([{ department: '広報室', users: 1 }]);
  });

  it('property: after any delta, Entra ids and UPNs stay unique and re-planning the same delta changes nothing', () => {
    const change = fc.record(
      {
        oid: fc.integer({ min: 1, max: 8 }).map(oid),
        upn: fc.option(
          fc.integer({ min: 1, max: 8 }).map((n) => `u${n}@example.go.jp`),
          { nil: undefined },
        ),
        employeeId: fc.option(
          fc.integer({ min: 1, max: 10 }).map((n) => `E${n}`),
          { nil: undefined },
        ),
        department: fc.option(fc.constantFrom('人事課', '会計課', '広報室'), { nil: undefined }),
        accountEnabled: fc.option(fc.boolean(), { nil: undefined }),
        removed: fc.option(fc.constant(true), { nil: undefined }),
        managerOid: fc.option(fc.integer({ min: 1, max: 8 }).map(oid), { nil: undefined }),
      },
      { requiredKeys: ['oid'] },
    );
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        (changes: GraphUserChange[], linked) => {
          const employees = [1, 2, 3, 4, 5].map((n) => employee(n, n <= linked ? { entraOid: oid(n) } : {}));
          const plan = planSync({ changes, previous: [], employees, sectionFor });
          const after = applyInMemory(employees, plan);
          const oids = after.flatMap((e) => (e.entraOid ? [e.entraOid] : []));
          const upns = after.flatMap((e) => (e.upn ? [e.upn.toLowerCase()] : []));
          expect(new Set(oids).size).toBe(oids.length);
          expect(new Set(upns).size).toBe(upns.length);
          const again = planSync({ changes, previous: plan.graphUsers, employees: after, sectionFor });
          expect(again.added).toEqual([]);
          expect(again.updated.filter((u) => u.fields.some((f) => f !== 'manager'))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
