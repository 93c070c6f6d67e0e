import { z } from 'zod';
import { route } from './route-contract.ts';

/** 本人の権利 (admin only): export and erasure of one person's data (tab/api/subject-rights.routes.ts). */

const employeeNo = z.string().trim().min(1).max(40);
const subject = z.object({ employeeNo });

/** A file: JSON with a readable summary, or the summary as text. */
export const exportSubject = route()({
  method: 'GET',
  path: '/admin/subjects/:employeeNo/export',
  params: subject,
  query: z.object({ format: z.enum(['json', 'text']).default('json') }),
  download: true,
});

export const eraseSubject = route<{ erased: true; pseudonym: string; counts: Record<string, number> }>()({
  method: 'POST',
  path: '/admin/subjects/:employeeNo/erase',
  params: subject,
  body: z.object({
    confirmEmployeeNo: employeeNo,
    reason: z.string().trim().min(4, 'say why (e.g. 利用停止請求 2026-12-01 受付番号)').max(500),
  }),
});
