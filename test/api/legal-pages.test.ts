// The privacy notice, terms of use and home page the Teams manifest links to (developer.privacyUrl,
// termsOfUseUrl, websiteUrl): served by the app without sign-in, in the council's words once the
// council has written them, and marked as the shipped default until then.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardTextLimits } from '../../bot/cards/dispute-card-model.ts';
import { ConfigError } from '../../src/config.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const DEFAULT_NOTICE = /This is the default text shipped with CP Disputes/;

async function get(app: TestApp, url: string, method: 'GET' | 'HEAD' = 'GET') {
  // No X-Dev-User: the pages are for anyone, signed in or not.
  const res = await app.server.inject({ method, url });
  return { status: res.statusCode, body: res.body, headers: res.headers };
}

describe('with the shipped texts', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('GET /privacy answers a page, without sign-in, that says it is the default and what cards hold', async () => {
    const r = await get(app, '/privacy');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toMatch(/<html lang="en-GB">/);
    expect(r.body).toMatch(/<title>CP Disputes privacy notice<\/title>/);
    expect(r.body).toMatch(DEFAULT_NOTICE);
    expect(r.body).toMatch(/The council has not yet replaced it/);
    expect(r.body).toMatch(/dispute\s+reference, the child&#39;s initials/);
    expect(r.body).toContain(`${cardTextLimits.concern} characters of the concern`);
    expect(r.body).toContain('<a href="https://ico.org.uk/make-a-complaint/">');
  });

  it('GET /terms and GET / answer pages too, and HEAD works for link checkers', async () => {
    const terms = await get(app, '/terms');
    expect(terms.status).toBe(200);
    expect(terms.body).toMatch(/<h1>CP Disputes terms of use<\/h1>/);
    expect(terms.body).toMatch(DEFAULT_NOTICE);
    const home = await get(app, '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('<a href="/privacy">Privacy notice</a>');
    expect(home.body).toContain('<a href="/terms">Terms of use</a>');
    expect((await get(app, '/privacy', 'HEAD')).status).toBe(200);
  });

  it('lets no script or outside source into the page', async () => {
    const csp = String((await get(app, '/privacy')).headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
  });
});

describe("with the council's own texts", () => {
  let dir: string;
  let app: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cp-legal-'));
    await writeFile(
      path.join(dir, 'privacy.md'),
      [
        '# {{publisher}} privacy notice for CP Disputes',
        '',
        'Our data protection officer: dpo@northmoor.gov.uk, or see https://www.northmoor.gov.uk/privacy.',
        '',
        '## What we keep',
        '- the dispute <script>alert("x")</script>',
        '- who read it',
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'terms.md'), '# Terms\n\nUse it for work only.\n');
    app = await startTestApp('pglite', {
      PUBLISHER_NAME: 'Northmoor Borough Council',
      PRIVACY_NOTICE_FILE: path.join(dir, 'privacy.md'),
      TERMS_OF_USE_FILE: path.join(dir, 'terms.md'),
    });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the council's text in its name, without the default notice", async () => {
    const r = await get(app, '/privacy');
    expect(r.status).toBe(200);
    expect(r.body).not.toMatch(DEFAULT_NOTICE);
    expect(r.body).toContain('<title>Northmoor Borough Council privacy notice for CP Disputes</title>');
    expect(r.body).toContain('<h2>What we keep</h2>');
    expect(r.body).toContain('<a href="mailto:dpo@northmoor.gov.uk">dpo@northmoor.gov.uk</a>');
    // The full stop after the address is prose, not part of the link.
    expect(r.body).toContain(
      '<a href="https://www.northmoor.gov.uk/privacy">https://www.northmoor.gov.uk/privacy</a>.',
    );
    expect(r.body).toContain('<li>who read it</li>');
    const terms = await get(app, '/terms');
    expect(terms.body).toContain('<p>Use it for work only.</p>');
    expect((await get(app, '/')).body).toContain("Northmoor Borough Council's app");
  });

  it('shows markup written in the file as text, never as markup', async () => {
    const r = await get(app, '/privacy');
    expect(r.body).not.toContain('<script>');
    expect(r.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('a configured text that cannot be read', () => {
  it('stops the start with a message naming the variable and the file', async () => {
    const missing = path.join(tmpdir(), 'cp-legal-missing', 'privacy.md');
    const start = startTestApp('pglite', { PRIVACY_NOTICE_FILE: missing });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(`PRIVACY_NOTICE_FILE: cannot read ${missing} (ENOENT)`);
  });

  it('refuses a publisher name longer than the manifest allows', async () => {
    await expect(startTestApp('pglite', { PUBLISHER_NAME: 'x'.repeat(33) })).rejects.toThrow(
      /PUBLISHER_NAME: .*32/,
    );
  });
});
