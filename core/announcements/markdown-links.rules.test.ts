import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftSchema } from './announcement.schema.ts';
import { disallowedLinks } from './markdown-links.rules.ts';

// Issue 13 finding 9 (failed on main): a body with [x](javascript:…) was accepted and sent.
describe('links in announcement bodies', () => {
  const refused = [
    '[詳細](javascript:alert(1))',
    '[詳細](JavaScript:alert(1))',
    '[詳細]( javascript:alert(1) )',
    '[詳細](<javascript:alert(1)>)',
    '[詳細](java&#115;cript:alert(1))',
    '[詳細](javascript&#58;alert(1))',
    '[詳細](java\tscript:alert(1))',
    '[詳細](data:text/html;base64,PHNjcmlwdD4=)',
    '[詳細](vbscript:msgbox(1))',
    '[詳細](http://example.go.jp/)',
    '[詳細](//evil.example/)',
    '[詳細](/relative)',
    '[詳細](file:///etc/passwd)',
    '<javascript:alert(1)>',
    '[詳細][1]\n\n[1]: javascript:alert(1)',
    '[詳細](https://example.go.jp) と [罠](javascript:void(0))',
  ];
  for (const body of refused)
    it(`refuses ${JSON.stringify(body)}`, () => {
      expect(disallowedLinks(body)).not.toEqual([]);
      const parsed = draftSchema.safeParse({ title: 't', body, audience: {} });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['body']);
    });

  it('accepts https and mailto links and plain text with brackets', () => {
    for (const body of [
      '[詳細](https://example.go.jp/info?a=1&b=2)',
      '[窓口](mailto:jinji@example.go.jp)',
      '[詳細](https://example.go.jp "タイトル")',
      '12月29日から1月3日までは**閉庁日**です。',
      '配列 [1] と (注) は リンクではありません',
    ])
      expect(disallowedLinks(body)).toEqual([]);
  });

  it('property: any scheme other than https/mailto inside a link is refused', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9+.-]{0,10}$/).filter((s) => s !== 'https' && s !== 'mailto'),
        fc.webPath(),
        (scheme, path) => disallowedLinks(`[x](${scheme}:${path.replace(/[()\s]/g, '')})`).length === 1,
      ),
    );
  });
});
