// The council's privacy notice and terms of use are plain text files that IT or information
// governance edit without knowing HTML: a small, safe subset of Markdown. Everything is escaped
// first, so nothing in the file can add script, style or markup the page did not mean to have.
//
//   # Heading            → <h1>   (## → <h2>, ### → <h3>)
//   - item / * item      → a bulleted list
//   a blank line         → a new paragraph
//   https://… or an email address in the text → a link
//   {{publisher}}        → the publisher's name (PUBLISHER_NAME)

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

// Applied to text that is already escaped: a URL ends at whitespace or at a character that
// cannot end one in prose (a closing bracket or a full stop before a space are left outside).
const LINK = /\b(https:\/\/[^\s<]*[^\s<.,;:!?)\]'"&])|\b([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

function inline(escaped: string): string {
  return escaped.replace(LINK, (_whole, url: string | undefined, email: string | undefined) =>
    url ? `<a href="${url}">${url}</a>` : `<a href="mailto:${email!}">${email!}</a>`,
  );
}

/** The first `# ` heading, for the page's title; null when the text has none. */
export function firstHeading(source: string): string | null {
  const m = /^#\s+(.+)$/m.exec(source);
  return m ? m[1]!.trim() : null;
}

/** Renders the subset to an HTML fragment; `{{publisher}}` is replaced before escaping. */
export function renderLegalText(source: string, publisher: string): string {
  const lines = source.replace(/\r\n?/g, '\n').replaceAll('{{publisher}}', publisher).split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inline(escapeHtml(paragraph.join(' ')))}</p>`);
    if (list.length)
      out.push(`<ul>\n${list.map((i) => `<li>${inline(escapeHtml(i))}</li>`).join('\n')}\n</ul>`);
    paragraph = [];
    list = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.+)$/.exec(line);
    const item = /^[-*]\s+(.+)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(escapeHtml(heading[2]!))}</h${level}>`);
    } else if (item) {
      if (paragraph.length) flush();
      list.push(item[1]!);
    } else if (list.length) {
      // An indented or plain line straight after an item continues that item.
      list[list.length - 1] += ` ${line}`;
    } else paragraph.push(line);
  }
  flush();
  return out.join('\n');
}
