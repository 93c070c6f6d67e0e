const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const LINK = /(\[[^\]]+\]\(https:\/\/[^)\s]+\))/;

/** **bold**, _italic_ and [text](https://…) links (https only, opened outside the tab). */
function inline(s: string): string {
  return s
    .split(LINK)
    .map((part) => {
      const link = /^\[([^\]]+)\]\((https:\/\/[^)\s]+)\)$/.exec(part);
      if (link) return `<a href="${link[2]}" target="_blank" rel="noopener noreferrer">${link[1]}</a>`;
      return part.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/_(.+?)_/g, '<em>$1</em>');
    })
    .join('');
}

/** The Markdown subset Teams renders in a TextBlock: **bold**, _italic_, links, "- " lists, line breaks. */
export function markdownSubset(text: string): string {
  const lines = escapeHtml(text).split('\n');
  const html: string[] = [];
  let inList = false;
  for (const line of lines) {
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      if (!inList) html.push('<ul>');
      inList = true;
      html.push(`<li>${inline(item[1] ?? '')}</li>`);
    } else {
      if (inList) html.push('</ul>');
      inList = false;
      if (line.trim()) html.push(`<p>${inline(line)}</p>`);
    }
  }
  if (inList) html.push('</ul>');
  return html.join('');
}
