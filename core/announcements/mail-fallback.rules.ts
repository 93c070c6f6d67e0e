import type { AnnouncementContent } from './announcement.table.ts';

/**
 * The plain HTML version of an announcement's card, for the e-mail fallback (pure). Everything
 * HR wrote is escaped; the Markdown subset of the card keeps its meaning: paragraphs, line breaks,
 * **bold**, _italic_, [links](https://...), "- " lists. Links and files become ordinary links.
 */
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const safeHref = (url: string) => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};

function inline(text: string): string {
  let html = escapeHtml(text);
  // Links first (their text is already escaped; the URL is checked again).
  html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => {
    const href = safeHref(url.replace(/&amp;/g, '&'));
    return href ? `<a href="${escapeHtml(href)}">${label}</a>` : whole;
  });
  html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  html = html.replace(/(^|[\s(])_([^_]+)_(?=[\s).,、。]|$)/g, '$1<em>$2</em>');
  return html;
}

function blocks(body: string): string {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((para) => {
      const lines = para.split(/\r?\n/);
      if (lines.every((l) => /^\s*[-*]\s+/.test(l)))
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('\n');
}

const LABELS = {
  ja: {
    kicker: 'お知らせ（一斉周知）',
    files: '添付資料',
    links: 'リンク',
    why: 'このメールは、Teams のボットからお届けできなかったため、メールでお送りしています。',
  },
  en: {
    kicker: 'Announcement',
    files: 'Files',
    links: 'Links',
    why: 'You get this by e-mail because the Teams bot could not reach you.',
  },
};

export function announcementMailHtml(content: AnnouncementContent): { subject: string; html: string } {
  const t = LABELS[content.language];
  const list = (items: { title: string; url: string }[]) =>
    `<ul>${items
      .map((i) => ({ ...i, href: safeHref(i.url) }))
      .filter((i) => i.href)
      .map((i) => `<li><a href="${escapeHtml(i.href as string)}">${escapeHtml(i.title)}</a></li>`)
      .join('')}</ul>`;
  const parts = [
    `<p style="color:#616161">${escapeHtml(t.kicker)}</p>`,
    `<h1>${escapeHtml(content.title)}</h1>`,
    blocks(content.body),
  ];
  if (content.links.length > 0) parts.push(`<h2>${escapeHtml(t.links)}</h2>`, list(content.links));
  if ((content.files ?? []).length > 0)
    parts.push(`<h2>${escapeHtml(t.files)}</h2>`, list(content.files ?? []));
  parts.push(`<hr><p style="color:#616161">${escapeHtml(t.why)}</p>`);
  return {
    subject: `[${t.kicker}] ${content.title}`,
    html: `<!DOCTYPE html><html lang="${content.language}"><body>${parts.join('\n')}</body></html>`,
  };
}
