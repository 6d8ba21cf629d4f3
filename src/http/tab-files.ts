// The tab's built files (tab/dist, from `npm run build:tab`) at /tab/. A GET for a path under
// /tab/ that is not a file and has no extension is a route inside the single-page app
// (/tab/disputes/:id, /tab/raise ...), so it gets index.html and the app routes it on load.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { addinContentSecurityPolicy, withOfficeJs } from './addin-page.ts';
import { tabContentSecurityPolicy } from './security-headers.ts';

export const defaultTabDir = fileURLToPath(new URL('../../tab/dist/', import.meta.url));

export interface TabFilesOptions {
  dir?: string;
  /** Dev mode: local hosts (the Agents Playground) may frame the tab too. */
  devMode: boolean;
  /** Origins the tab may fetch from besides its own: the Entra authority for browser sign-in. */
  connectSources?: readonly string[];
}

export function registerTabFiles(app: FastifyInstance, options: TabFilesOptions): void {
  const root = resolve(options.dir ?? defaultTabDir);
  // The full policy, whether or not the server's security headers are registered (tests serve the
  // tab alone): only Teams, Outlook and the Microsoft 365 app may frame it.
  const csp = tabContentSecurityPolicy(options.devMode, options.connectSources);
  if (!existsSync(resolve(root, 'index.html')))
    app.log.warn(
      `The tab is not built (no ${resolve(root, 'index.html')}): run \`npm run build:tab\` to serve it at /tab/.`,
    );

  app.get('/tab', { config: { public: true } }, async (_req, reply) => reply.redirect('/tab/'));

  app.register(async (tab) => {
    await tab.register(fastifyStatic, {
      root,
      serve: false,
      cacheControl: false,
      dotfiles: 'ignore',
      preCompressed: true,
    });

    const sendIndex = (reply: FastifyReply) => {
      if (!existsSync(resolve(root, 'index.html')))
        return reply
          .status(503)
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>CP Disputes</title>' +
              '<h1>The tab has not been built</h1><p>Run <code>npm run build:tab</code> (or <code>npm install</code>), then reload.</p></html>',
          );
      return reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', csp)
        .sendFile('index.html');
    };

    tab.route<{ Params: { '*': string } }>({
      method: ['GET', 'HEAD'],
      url: '/tab/*',
      config: { public: true },
      handler: async (req, reply) => {
        const wanted = req.params['*'] ?? '';
        if (!wanted || wanted === 'index.html') return sendIndex(reply);
        // The Outlook add-in's task pane: the same app, with Office.js (src/http/addin-page.ts).
        if (/^addin\/?$/.test(wanted) && existsSync(resolve(root, 'index.html')))
          return reply
            .header('cache-control', 'no-cache')
            .header('content-security-policy', addinContentSecurityPolicy(csp))
            .type('text/html; charset=utf-8')
            .send(withOfficeJs(readFileSync(resolve(root, 'index.html'), 'utf8')));
        const file = resolve(root, wanted);
        const inside = file.startsWith(root + sep);
        if (inside && !wanted.split('/').some((part) => part.startsWith('.'))) {
          const stat = statSync(file, { throwIfNoEntry: false });
          if (stat?.isFile()) {
            // Vite names assets by content hash, so they never change; index.html always may.
            const hashed = wanted.startsWith('assets/');
            reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
            if (extname(file) === '.html') reply.header('content-security-policy', csp);
            return reply.sendFile(wanted);
          }
        }
        if (!inside || extname(wanted)) return reply.callNotFound();
        return sendIndex(reply);
      },
    });
  });
}
