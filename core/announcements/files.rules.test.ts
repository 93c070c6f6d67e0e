import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileLinkProblems } from './files.rules.ts';

const DOMAINS = ['mic.sharepoint.com', 'mic-my.sharepoint.com'];
const file = (url: string) => ({ title: '資料', url });

describe("file links are the tenant's SharePoint / OneDrive only", () => {
  it("accepts the tenant's SharePoint and OneDrive, in any case", () => {
    expect(
      fileLinkProblems(
        [
          file('https://mic.sharepoint.com/sites/jinji/Shared%20Documents/plan.pdf'),
          file('https://MIC-my.sharepoint.com/personal/yamada/Documents/memo.docx'),
        ],
        DOMAINS,
      ),
    ).toEqual([]);
  });

  it('refuses other tenants, look-alike hosts, http and credentials in the URL', () => {
    const problems = fileLinkProblems(
      [
        file('https://evil.sharepoint.com/x.pdf'),
        file('https://mic.sharepoint.com.evil.example/x.pdf'),
        file('http://mic.sharepoint.com/x.pdf'),
        file('https://user:pw@mic.sharepoint.com/x.pdf'),
      ],
      DOMAINS,
    );
    expect(problems.map((p) => [p.where, p.key])).toEqual([
      ['files.0.url', 'announcement.file_domain_not_allowed'],
      ['files.1.url', 'announcement.file_domain_not_allowed'],
      ['files.2.url', undefined],
      ['files.3.url', undefined],
    ]);
  });

  it('sees through URL tricks: userinfo, backslash, fragment, trailing dot, look-alike letters (IDN)', () => {
    const tricks = [
      'https://mic.sharepoint.com@evil.example/x.pdf', // the host is evil.example
      'https://evil.example\\@mic.sharepoint.com/x.pdf', // \ ends the host for https
      'https://evil.example#@mic.sharepoint.com',
      'https://mic.sharepoint.com./x.pdf',
      'https://m\u0456c.sharepoint.com/x.pdf', // Cyrillic і: xn--mc-hoc.sharepoint.com
      'https://mic.sharepoint.com%2eevil.example/x.pdf',
      'javascript:alert(1)//mic.sharepoint.com',
    ];
    for (const url of tricks) expect(fileLinkProblems([file(url)], DOMAINS), url).toHaveLength(1);
  });

  it('refuses every file link while no domain is set (fail closed)', () => {
    expect(fileLinkProblems([file('https://mic.sharepoint.com/a.pdf')], [])[0]?.key).toBe(
      'announcement.file_domains_not_set',
    );
  });

  it('property: a host outside the domains is never accepted', () => {
    fc.assert(
      fc.property(fc.domain(), (host) => {
        const inside = DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
        const ok = fileLinkProblems([file(`https://${host}/f.pdf`)], DOMAINS).length === 0;
        return ok === inside;
      }),
    );
  });
});
