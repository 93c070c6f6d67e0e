/**
 * What the 100 h cards say about the doctor-interview duty (医師による面接指導). 人事院規則10-4
 * 第22条の2 and 人事院's notices (職職―22, 2019) require it for a month of 100 h or more of
 * overtime, without the employee asking. The text is data so that the bot's card templates, the tab
 * and the tests share one wording; `{name}`, `{month}` and `{hours}` are filled by
 * renderDoctorInterviewNotice. Each string has an i18n key for a later move into the i18n files.
 */

export type NoticeLocale = 'ja' | 'en';
type Text = Readonly<Record<NoticeLocale, string>>;

export interface NoticeLine {
  key: string;
  text: Text;
}

/** The follow-up a manager records on the 100 h card (SPEC §3); ids are stored, labels shown. */
export const FOLLOW_UP_ACTIONS = [
  {
    id: 'workload_reviewed',
    key: 'overtime.followUp.workloadReviewed',
    text: { ja: '業務配分を見直した', en: 'Reviewed the workload' },
  },
  { id: 'talked', key: 'overtime.followUp.talked', text: { ja: '本人と面談した', en: 'Talked with them' } },
  {
    id: 'doctor_referred',
    key: 'overtime.followUp.doctorReferred',
    text: {
      ja: '健康管理医の面接指導を案内した',
      en: 'Referred them to the health doctor (健康管理医) interview',
    },
  },
  { id: 'comment', key: 'overtime.followUp.comment', text: { ja: 'コメント', en: 'Comment' } },
] as const;
export type FollowUpActionId = (typeof FOLLOW_UP_ACTIONS)[number]['id'];

const legalBasis: NoticeLine = {
  key: 'overtime.doctorInterview.legalBasis',
  text: {
    ja: '根拠：人事院規則10-4（職員の保健及び安全保持）第22条の2',
    en: 'Basis: National Personnel Authority Rule 10-4 (health and safety of employees), Article 22-2',
  },
};

const procedure: NoticeLine = {
  key: 'overtime.doctorInterview.procedure',
  text: { ja: '省内の面接指導の手続', en: "The ministry's procedure for the interview" },
};

export interface DoctorInterviewNotice {
  title: NoticeLine;
  body: NoticeLine;
  points: readonly NoticeLine[];
  legalBasis: NoticeLine;
  /** Label of the link to settings.doctorInterviewProcedureUrl. */
  procedure: NoticeLine;
}

export const DOCTOR_INTERVIEW_NOTICE: Readonly<
  Record<'employee' | 'manager' | 'wlb_officer', DoctorInterviewNotice>
> = {
  employee: {
    title: {
      key: 'overtime.doctorInterview.employee.title',
      text: {
        ja: '健康確保のためのお知らせ（医師による面接指導）',
        en: 'For your health: interview with a doctor',
      },
    },
    body: {
      key: 'overtime.doctorInterview.employee.body',
      text: {
        ja: '{month}の超過勤務（在庁時間を含みます）が{hours}に達しました。長時間の勤務は心身の健康に強い影響を及ぼすおそれがあります。人事院規則10-4に基づき、申出がなくても医師による面接指導の対象となります。',
        en: 'Your overtime for {month} (time in the office included) has reached {hours}. Long hours can seriously affect your health. Under NPA Rule 10-4 you will be offered an interview with a doctor, without having to ask for it.',
      },
    },
    points: [
      {
        key: 'overtime.doctorInterview.employee.what',
        text: {
          ja: '面接指導では、医師が勤務の状況、疲労の蓄積の状況、心身の状況を確認し、必要な指導を行います。',
          en: 'The doctor checks your working hours, accumulated fatigue and physical and mental condition, and advises you.',
        },
      },
      {
        key: 'overtime.doctorInterview.employee.now',
        text: {
          ja: '体調に不安があるときは、面接指導を待たずに健康管理担当に相談してください。',
          en: 'If you feel unwell, talk to the health staff now; do not wait for the interview.',
        },
      },
    ],
    legalBasis,
    procedure,
  },
  manager: {
    title: {
      key: 'overtime.doctorInterview.manager.title',
      text: { ja: '超過勤務が{hours}に達しました：{name}さん', en: '{name} has reached {hours} of overtime' },
    },
    body: {
      key: 'overtime.doctorInterview.manager.body',
      text: {
        ja: '{name}さんの{month}の超過勤務（在庁時間を含みます）が{hours}に達しました。人事院規則10-4に基づき、本人の申出がなくても医師による面接指導の対象です。',
        en: "{name}'s overtime for {month} (time in the office included) has reached {hours}. Under NPA Rule 10-4 a doctor's interview is required, whether or not they ask for it.",
      },
    },
    points: [
      {
        key: 'overtime.doctorInterview.manager.refer',
        text: {
          ja: '面接指導を本人に案内してください。',
          en: 'Tell them about the interview and how to book it.',
        },
      },
      {
        key: 'overtime.doctorInterview.manager.workload',
        text: {
          ja: '業務分担の見直しや人員配置の最適化を行い、本人の健康状態を把握してください。',
          en: 'Rebalance the work or the staffing, and keep track of how they are.',
        },
      },
      {
        key: 'overtime.doctorInterview.manager.record',
        text: {
          ja: '対応した内容を下のボタンで記録してください。',
          en: 'Record what you did with the buttons below.',
        },
      },
    ],
    legalBasis,
    procedure,
  },
  wlb_officer: {
    title: {
      key: 'overtime.doctorInterview.wlbOfficer.title',
      text: { ja: '超過勤務{hours}到達の連絡：{name}さん', en: '{hours} of overtime reached: {name}' },
    },
    body: {
      key: 'overtime.doctorInterview.wlbOfficer.body',
      text: {
        ja: '{name}さんの{month}の超過勤務（在庁時間を含みます）が{hours}に達しました。医師による面接指導の対象です。管理職の対応状況はこのカードに表示されます。',
        en: "{name}'s overtime for {month} (time in the office included) has reached {hours}; a doctor's interview is required. The manager's follow-up shows on this card.",
      },
    },
    points: [],
    legalBasis,
    procedure,
  },
};

export interface RenderedNotice {
  title: string;
  body: string;
  points: string[];
  legalBasis: string;
  procedureLabel: string;
  procedureUrl?: string;
}

/** Fills the placeholders; {hours} reads 100時間 / 100時間30分, or 100 hours / 100 h 30 min. */
export function renderDoctorInterviewNotice(
  audience: keyof typeof DOCTOR_INTERVIEW_NOTICE,
  locale: NoticeLocale,
  values: { name?: string; month: string; minutes: number; procedureUrl?: string },
): RenderedNotice {
  const notice = DOCTOR_INTERVIEW_NOTICE[audience];
  const [y, m] = values.month.split('-').map(Number) as [number, number];
  const fill = (line: NoticeLine) =>
    line.text[locale]
      .replaceAll('{name}', values.name ?? '')
      .replaceAll('{month}', locale === 'ja' ? `${y}年${m}月` : values.month)
      .replaceAll('{hours}', formatHours(values.minutes, locale));
  return {
    title: fill(notice.title),
    body: fill(notice.body),
    points: notice.points.map(fill),
    legalBasis: fill(notice.legalBasis),
    procedureLabel: fill(notice.procedure),
    ...(values.procedureUrl ? { procedureUrl: values.procedureUrl } : {}),
  };
}

function formatHours(minutes: number, locale: NoticeLocale): string {
  const h = Math.floor(minutes / 60);
  const min = minutes % 60;
  if (locale === 'ja') return min === 0 ? `${h}時間` : `${h}時間${min}分`;
  return min === 0 ? `${h} hours` : `${h} h ${min} min`;
}
