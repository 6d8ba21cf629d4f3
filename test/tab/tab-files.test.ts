// How the server hands out the built tab: files as they are (scripts compressed when the browser
// accepts it, cached for ever because their names carry a hash), any other page under /tab/ as
// index.html so that deep links work on reload, a missing script as 404, nothing outside tab/dist.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerTabFiles } from '../../src/http/tab-files.ts';

describe('the tab’s files at /tab/', () => {
  let dir: string;
  let app: FastifyInstance;
  const script = 'console.log("tab");'.repeat(50);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpd-tab-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CP Disputes</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'secret.txt'), 'outside the assets but inside dist');
    app = Fastify();
    registerTabFiles(app, { devMode: false, dir: join(dir) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a page address inside the app gets index.html, never cached, framed only by Microsoft 365 hosts', async () => {
    for (const url of [
      '/tab/',
      '/tab/disputes/5b423edb-b6e6-46dd-9f4d-a44148b16b18',
      '/tab/raise',
      '/tab/team?team=North',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<title>CP Disputes</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(
        /(^|; )frame-ancestors 'self' https:\/\/\*\.cloud\.microsoft .*https:\/\/teams\.microsoft\.com/,
      );
      // A full policy: scripts only from this origin, no plug-ins, forms post here only.
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )object-src 'none'(;|$)/);
      expect(csp).toMatch(/(^|; )form-action 'self'(;|$)/);
      expect(res.headers['content-security-policy']).not.toContain('localhost');
    }
    const bare = await app.inject({ url: '/tab' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/tab/');
  });

  test('a script is served compressed when the browser accepts brotli, and cached for a year', async () => {
    const res = await app.inject({
      url: '/tab/assets/index-abc123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await app.inject({ url: '/tab/assets/index-abc123.js' });
    expect(plain.body).toBe(script);
  });

  test('a missing file is a 404, not index.html; nothing outside tab/dist is reachable', async () => {
    expect((await app.inject({ url: '/tab/assets/index-gone.js' })).statusCode).toBe(404);
    for (const url of [
      '/tab/../package.json',
      '/tab/%2e%2e/package.json',
      '/tab/assets/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).not.toBe(200);
    }
  });
});
