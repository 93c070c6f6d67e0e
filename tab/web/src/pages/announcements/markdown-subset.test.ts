import { describe, expect, it } from 'vitest';
import { markdownSubset } from './markdown-subset.ts';

describe('the preview’s Markdown (what Teams renders in a card)', () => {
  it('renders [text](https://…) as a link, not raw (main showed the brackets)', () => {
    expect(markdownSubset('詳しくは[人事院](https://www.jinji.go.jp/)へ')).toBe(
      '<p>詳しくは<a href="https://www.jinji.go.jp/" target="_blank" rel="noopener noreferrer">人事院</a>へ</p>',
    );
  });

  it('keeps underscores of a URL out of italics, and never links anything but https', () => {
    expect(markdownSubset('[a](https://x.example/a_b_c) _i_')).toContain('href="https://x.example/a_b_c"');
    expect(markdownSubset('[a](https://x.example/a_b_c) _i_')).toContain('<em>i</em>');
    for (const bad of ['[x](javascript:alert(1))', '[x](http://x.example)', '<a href="https://x">x</a>'])
      expect(markdownSubset(bad)).not.toContain('<a ');
  });
});
