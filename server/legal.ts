import type { Request, Response, Server } from 'restify';

/**
 * The privacy statement and terms the Teams manifest links to (privacyUrl, termsOfUseUrl).
 * Short and in both languages; a ministry replaces the text with its own through its deployment.
 */
const PAGES: Record<'privacy' | 'terms', { title: string; body: string }> = {
  privacy: {
    title: 'プライバシー / Privacy',
    body: `<p>勤務コンパニオンは、ワークライフバランス推進計画の実施のために、職員名簿・勤務時間・休暇計画・育児休業等の計画を扱います。</p>
<ul>
<li>個人の情報は、本人、規程で定めた上司・局WLB担当・人事課にのみ表示されます。育児に関する情報は本人の同意がある場合に限り上司に共有されます。</li>
<li>集計は 5 人未満の集団を「&lt;5」と表示し、個人が特定されないようにしています。</li>
<li>第三者による個人情報の閲覧と出力はすべて監査ログに記録されます。</li>
<li>データは省のテナント内のデータベースにのみ保存され、ログに個人情報は記録しません。</li>
</ul>
<p lang="en">Kinmu Companion processes the staff directory, working hours, leave plans and childcare-leave plans to carry out the ministry's work-life-balance plan. Personal data is shown only to the person and to the roles the rules name; childcare details reach a manager only with the person's consent; groups smaller than five are shown as "&lt;5"; every third-party read and export is audit-logged; data stays in the ministry's own database and logs carry no personal data.</p>`,
  },
  terms: {
    title: '利用条件 / Terms of use',
    body: `<p>勤務コンパニオンは、省の職員が業務として利用するためのアプリです。内容は人事課の案内と規程に従ってください。勤務時間や休暇の正式な記録は勤怠管理システムのものが優先します。</p>
<p lang="en">Kinmu Companion is for the ministry's staff in the course of their work. HR's notices and the rules prevail; the attendance system holds the official record of hours and leave.</p>`,
  },
};

export function serveLegalPages(server: Server): void {
  for (const [path, page] of Object.entries(PAGES)) {
    server.get(`/${path}`, async (_req: Request, res: Response) => {
      const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${page.title}</title>
<style>body{font-family:system-ui,"Noto Sans CJK JP",sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.7}</style></head>
<body><h1>${page.title}</h1>${page.body}</body></html>`;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'public, max-age=3600',
      });
      res.end(html);
    });
  }
}
