// GET /privacy, /terms and / : the public pages the Teams manifest links to (developer.privacyUrl,
// developer.termsOfUseUrl, developer.websiteUrl). Teams Admin Center and people deciding whether
// to use the app open them in a browser, without signing in, so they are public and hold nothing
// but the council's text.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LegalDocument, LegalPages } from '../legal-pages.ts';
import { escapeHtml, firstHeading, renderLegalText } from '../legal-text.ts';

const STYLE =
  'body{font-family:"Segoe UI",system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}' +
  'h1{font-size:1.75rem}h2{font-size:1.3rem;margin-top:2rem}a{color:#1f5a8c}' +
  '.notice{border-left:4px solid #b45f06;background:#fff4e5;padding:.75rem 1rem}' +
  'nav{margin-top:3rem;border-top:1px solid #ccc;padding-top:1rem}';

// Only this stylesheet may apply; no script, frame, form or other source at all.
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<nav><a href="/">CP Disputes</a> · <a href="/privacy">Privacy notice</a> · <a href="/terms">Terms of use</a></nav>
</body>
</html>
`;
}

function send(reply: FastifyReply, html: string) {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'public, max-age=300')
    .send(html);
}

function documentPage(doc: LegalDocument, pages: LegalPages, fallbackTitle: string): string {
  const notice = doc.shippedDefault
    ? `<p class="notice" role="note">This is the default text shipped with CP Disputes. ${escapeHtml(
        pages.publisherConfigured ? pages.publisher : 'The council',
      )} has not yet replaced it with its own.</p>\n`
    : '';
  const title = firstHeading(doc.source.replaceAll('{{publisher}}', pages.publisher)) ?? fallbackTitle;
  return page(title, notice + renderLegalText(doc.source, pages.publisher));
}

export function legalRoutes(app: FastifyInstance, pages: LegalPages) {
  // Rendered once: the files are read at start and do not change while the server runs.
  const privacy = documentPage(pages.privacy, pages, 'Privacy notice');
  const terms = documentPage(pages.terms, pages, 'Terms of use');
  const home = page(
    'CP Disputes',
    `<h1>CP Disputes</h1>
<p>CP Disputes is ${escapeHtml(pages.publisher)}'s app for raising and resolving practice challenges about child protection plans. It runs in Microsoft Teams and Outlook: open it from the Teams app bar, or from a card it sent you.</p>
<ul>
<li><a href="/privacy">Privacy notice</a>: what the app records, why, and for how long</li>
<li><a href="/terms">Terms of use</a></li>
</ul>`,
  );
  const config = { config: { public: true } };
  app.get('/privacy', config, async (_req, reply) => send(reply, privacy));
  app.get('/terms', config, async (_req, reply) => send(reply, terms));
  app.get('/', config, async (_req, reply) => send(reply, home));
}
