// The Outlook add-in's task pane page, /tab/addin: the tab's index.html with Microsoft's Office.js in
// its head, and a Content Security Policy that lets that one page (and no other) run scripts from
// Office.js's CDN.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { officeJsUrl } from '../../src/http/addin-page.ts';
import { registerTabFiles } from '../../src/http/tab-files.ts';

describe('the add-in page at /tab/addin', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpd-addin-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><title>CP Disputes</title></head><body><script type="module" src="/tab/assets/index.js"></script></body></html>',
    );
    app = Fastify();
    registerTabFiles(app, { devMode: false, dir });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('loads Office.js from Microsoft’s CDN in the head, before the app’s own script', async () => {
    for (const url of ['/tab/addin', '/tab/addin/']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      const head = res.body.slice(0, res.body.indexOf('</head>'));
      expect(head).toContain(`<script src="${officeJsUrl}"></script>`);
      expect(res.body.indexOf(officeJsUrl)).toBeLessThan(res.body.indexOf('/tab/assets/index.js'));
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/(^|; )script-src 'self' https:\/\/appsforoffice\.microsoft\.com(;|$)/);
      // Everything else as strict as the tab's: Outlook on the web frames it, nobody else.
      expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )frame-ancestors 'self' .*https:\/\/outlook\.office\.com/);
    }
  });

  test('no other page of the tab may run Office.js (or any script from elsewhere)', async () => {
    for (const url of ['/tab/', '/tab/raise', '/tab/addins', '/tab/addin/raise']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).not.toContain('appsforoffice');
      expect(String(res.headers['content-security-policy'])).toMatch(/(^|; )script-src 'self'(;|$)/);
    }
  });
});
