import { describe, expect, it } from 'vitest';
import {
  DOCTOR_INTERVIEW_NOTICE,
  FOLLOW_UP_ACTIONS,
  renderDoctorInterviewNotice,
} from './doctor-interview.notice.ts';

describe('doctor-interview notice', () => {
  it('tells the employee in Japanese, with the legal basis and the procedure link', () => {
    const n = renderDoctorInterviewNotice('employee', 'ja', {
      month: '2026-05',
      minutes: 100 * 60 + 30,
      procedureUrl: 'https://portal.example.go.jp/mensetsu',
    });
    expect(n.body).toContain('2026年5月の超過勤務（在庁時間を含みます）が100時間30分に達しました');
    expect(n.body).toContain('申出がなくても医師による面接指導の対象');
    expect(n.legalBasis).toContain('人事院規則10-4');
    expect(n.procedureUrl).toBe('https://portal.example.go.jp/mensetsu');
  });

  it('names the person for the manager and offers the recorded actions', () => {
    const n = renderDoctorInterviewNotice('manager', 'ja', {
      name: '総務 太郎',
      month: '2026-05',
      minutes: 6000,
    });
    expect(n.title).toBe('超過勤務が100時間に達しました：総務 太郎さん');
    expect(n.procedureUrl).toBeUndefined();
    expect(FOLLOW_UP_ACTIONS.map((a) => a.text.ja)).toEqual([
      '業務配分を見直した',
      '本人と面談した',
      '健康管理医の面接指導を案内した',
      'コメント',
    ]);
  });

  it('has an English text for every Japanese one and leaves no placeholder unfilled', () => {
    for (const audience of ['employee', 'manager', 'wlb_officer'] as const)
      for (const locale of ['ja', 'en'] as const) {
        const n = renderDoctorInterviewNotice(audience, locale, {
          name: 'X',
          month: '2027-01',
          minutes: 6000,
        });
        const all = [n.title, n.body, ...n.points, n.legalBasis, n.procedureLabel].join('\n');
        expect(all).not.toMatch(/[{}]/);
        expect(n.body.length).toBeGreaterThan(20);
      }
    const keys = Object.values(DOCTOR_INTERVIEW_NOTICE).flatMap((n) => [
      n.title.key,
      n.body.key,
      ...n.points.map((p) => p.key),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
