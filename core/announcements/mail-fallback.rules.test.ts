import { describe, expect, it } from 'vitest';
import { announcementMailHtml } from './mail-fallback.rules.ts';

const content = (body: string, over = {}) => ({
  title: '年末年始の<閉庁>について',
  body,
  imageUrl: null,
  links: [{ title: '詳細', url: 'https://example.go.jp/info?a=1&b=2' }],
  files: [{ title: '手引き', url: 'https://mic.sharepoint.com/x.pdf' }],
  ackEnabled: true,
  language: 'ja' as const,
  ...over,
});

describe('the e-mail version of an announcement', () => {
  it("keeps the card's Markdown subset and lists links and files as links", () => {
    const { subject, html } = announcementMailHtml(
      content('12月29日から**閉庁**です。\n詳しくは[こちら](https://example.go.jp/a)。\n\n- 1つ目\n- 2つ目'),
    );
    expect(subject).toBe('[お知らせ（一斉周知）] 年末年始の<閉庁>について');
    expect(html).toContain('<h1>年末年始の&lt;閉庁&gt;について</h1>');
    expect(html).toContain(
      '<p>12月29日から<strong>閉庁</strong>です。<br>詳しくは<a href="https://example.go.jp/a">こちら</a>。</p>',
    );
    expect(html).toContain('<ul><li>1つ目</li><li>2つ目</li></ul>');
    expect(html).toContain('<a href="https://example.go.jp/info?a=1&amp;b=2">詳細</a>');
    expect(html).toContain('<a href="https://mic.sharepoint.com/x.pdf">手引き</a>');
  });

  it("never lets HR's text become markup or a script link", () => {
    const { html } = announcementMailHtml(
      content('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'),
    );
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
  });
});
