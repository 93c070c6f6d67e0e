import { buildViewer } from '../access/viewer.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { PRIORITY } from '../delivery/delivery.table.ts';
import { findEmployeeByNo } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { closeDue, openDue } from './survey.repository.ts';
import { createSurveyService } from './survey.service.ts';
import { INVITE_PURPOSE } from './survey.table.ts';

const DAY = 86_400_000;
const SERIES = 'wlb-pulse';

const QUESTIONS = [
  { kind: 'scale', text: '仕事と生活のバランスが取れている' },
  { kind: 'scale', text: '必要なときに年次休暇を取得しやすい' },
  { kind: 'scale', text: '業務の量や締切について上司に相談しやすい' },
  { kind: 'scale', text: '担当業務の量は勤務時間内に収まる程度である' },
  {
    kind: 'choice',
    text: 'この3か月で、定時退庁日に定時で退庁できた回数',
    options: ['0回', '1〜2回', '3〜5回', '6回以上'],
  },
  { kind: 'text', text: '職場のワークライフバランスについて、改善してほしいこと（任意）', required: false },
] as const;

const COMMENTS = [
  '国会対応の待機を輪番制にしてほしい。',
  '定時退庁日に会議を入れないでほしい。',
  '紙の回覧が残っている決裁を電子化してほしい。',
  'テレワークの申請手続きを簡単にしてほしい。',
  '夕方以降の依頼は翌日対応でよいというルールを課内で共有したい。',
  '繁忙期の応援体制をあらかじめ決めておいてほしい。',
  '休暇を取る人の業務を代わりに見る担当を決めておきたい。',
  '会議資料の事前配布を徹底して、会議時間を短くしてほしい。',
  '子の送迎がある日に早出・遅出を使いやすくしてほしい。',
  '照会・調査ものの締切が短すぎる。',
  '管理職自身が早く帰る姿を見せてほしい。',
  '超過勤務の事前命令を形だけにしないでほしい。',
  '年休の計画表を早めに共有できると取りやすい。',
  '特になし。以前より帰りやすくなった。',
];
/** Second sentences: with the first, enough variety that the list reads like people wrote it. */
const DETAILS = [
  '',
  '特に予算の時期が厳しい。',
  '若手だけに負担が偏っていると感じる。',
  '課長補佐級の負担が大きい。',
  '他課との調整で待ち時間が長い。',
  '前回の調査後、少し改善したと思う。',
  '係内では話し合っているが、課全体で決めてほしい。',
  '介護との両立で困っている。',
  '人事評価で不利にならないと明言してほしい。',
];

/** A deterministic pseudo-random stream per person and round (mulberry32 seeded by a string hash). */
function stream(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (n: number) => Math.min(5, Math.max(1, Math.round(n)));

/**
 * One person's answers in a round, as the card sends them (`q0`…`q5`, strings). A person's outlook
 * stays from round to round; `lift` moves the whole ministry a little (the trend HR is to see).
 */
function answersOf(employeeNo: string, round: number, lift: number): Record<string, string> {
  const person = stream(employeeNo);
  const base = 2.6 + person() * 1.6;
  const r = stream(`${employeeNo}:${round}`);
  const noise = () => (r() - 0.5) * 1.8;
  const inputs: Record<string, string> = {};
  const offsets = [0, 0.2, 0.3, -0.4];
  offsets.forEach((o, i) => {
    inputs[`q${i}`] = String(clamp(base + o + lift + noise()));
  });
  const leftOnTime = Math.max(0, Math.min(3, Math.floor((base - 2.2) * 1.3 + lift * 1.5 + r() * 1.2)));
  inputs.q4 = String(leftOnTime);
  if (r() < 0.16)
    inputs.q5 = `${COMMENTS[Math.floor(r() * COMMENTS.length)]}${DETAILS[Math.floor(r() * DETAILS.length)]}`;
  return inputs;
}

const ym = (d: Date) =>
  new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long' }).format(d);

/**
 * Demo data for npm start: the 「職場のワークライフバランス パルス調査」 asked three times — two closed
 * rounds (about six and two months ago) answered by most of the ministry, a little better the
 * second time, and the current round open now (a few days in, reminder still to come; 中村 健太 has
 * not answered yet, so his card still asks). Everything goes the product's way: HR composes and
 * launches through the service, the job's repository functions open and close the round (the
 * audience becomes the invitee list), and every answer is the service's submit with the answers
 * stored apart from the person. Only the clock is moved to the time each round ran.
 */
export async function seedSurveysDemo(db: Db, now: Date): Promise<void> {
  // One transaction (the service's own ones join it): hundreds of answers, one commit.
  await db.transaction((tx) => seedRounds(tx, now));
}

async function seedRounds(db: Db, now: Date): Promise<void> {
  const hrProfile = await findEmployeeByNo(db, 'D00001');
  if (!hrProfile) return;
  const hr = await buildViewer(db, hrProfile);
  const people = await db.query<{ id: string; employee_no: string }>(
    sql`select id::text, employee_no from employee where active order by employee_no`,
  );

  const rounds = [
    { opensAt: new Date(now.getTime() - 185 * DAY), rate: 0.86, lift: 0, open: false },
    { opensAt: new Date(now.getTime() - 64 * DAY), rate: 0.9, lift: 0.2, open: false },
    { opensAt: new Date(now.getTime() - 3 * DAY), rate: 0.45, lift: 0.3, open: true },
  ];
  for (const [n, round] of rounds.entries()) {
    const opensAt = round.opensAt;
    const closesAt = new Date(opensAt.getTime() + 10 * DAY);
    let clock = new Date(opensAt.getTime() - DAY);
    const service = createSurveyService({ db, now: () => clock });
    const draft = await service.create(hr, {
      title: `職場のワークライフバランス パルス調査（${ym(opensAt)}）`,
      intro:
        '6問・3分程度で終わります。回答は匿名で、部署ごとの集計は一定人数以上の回答がある場合のみ表示されます。',
      series: SERIES,
      questions: QUESTIONS,
      audience: { everyone: true },
      opensAt: opensAt.toISOString(),
      closesAt: closesAt.toISOString(),
      remindAt: new Date(opensAt.getTime() + 6 * DAY).toISOString(),
    });
    await service.launch(hr, draft.id);
    await openDue(db, opensAt);
    if (round.open) await markInvited(db, draft.id, opensAt);
    const respondents = people.filter(
      (p) =>
        stream(`${p.employee_no}:answers:${n}`)() < round.rate && !(round.open && p.employee_no === 'D00003'),
    );
    for (const [i, p] of respondents.entries()) {
      clock = new Date(opensAt.getTime() + ((i * 7) % 97) * 3_600_000 * (round.open ? 0.6 : 1));
      // submit reads only the person's id (the bot passes the full profile); loading ~650 profiles
      // would add a query per answer to the first start.
      await service.submit(
        { id: p.id } as EmployeeProfile,
        draft.id,
        undefined,
        answersOf(p.employee_no, n, round.lift),
      );
    }
    if (!round.open) await closeDue(db, closesAt);
  }
}

/**
 * The open round's invitations, as the outbox holds them once sent (like the announcement demo's
 * deliveries: the demo has no Teams to send to, and the job at start must not queue them again).
 */
async function markInvited(db: Db, surveyId: string, at: Date): Promise<void> {
  await db.query(sql`
    insert into delivery (purpose, subject, recipient, version, op, priority, state, attempts, aad_object_id, conversation_id,
                          activity_id, created_at, sent_at)
    select ${INVITE_PURPOSE}, ${surveyId}, e.entra_oid::text, 1, 'send', ${PRIORITY.bulk}, 'sent', 1, e.entra_oid::text, 'a:' || e.entra_oid::text,
           'demo-survey-' || e.employee_no, ${at}, ${at}
      from survey_invitee i join employee e on e.id = i.employee_id
     where i.survey_id = ${surveyId} and e.entra_oid is not null
    on conflict do nothing`);
}
