// 4. The tab (issue 17):
//   - the JavaScript a first view loads, gzipped (level 9, node:zlib): the entry script and the
//     module preloads tab/dist/index.html names, and every chunk they import statically (dynamic
//     import() is not followed: that is loaded later, or never), beside the 250 KB budget;
//   - time to the first dispute list in chromium (playwright-core, Debian's chromium): the tab's
//     first view (/tab/, "awaiting me") beside a static HTML page with the same rows, which the
//     bench writes into tab/dist for the same server to serve (and removes after), each load in a
//     fresh browser context (cold cache), alternated: static, tab, static, tab;
//   - teams-js loaded only inside a host: the chunks fetched by the first view outside a host, and
//     whether the teams chunk (vite's `teams` chunk, tab/vite.config.ts) is among them.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { raiseBody } from '../support/raise-body.ts';
import { percentile } from './bench-format.ts';
import { closedLoop } from './closed-loop.ts';
import { keepAliveAgent, postJson, setClock, startServerProcess } from './http-load.ts';
import type { ServerCommand } from './server-commands.ts';

export const FIRST_VIEW_BUDGET_KB = 250;
const CHROMIUM = '/usr/bin/chromium';
const TAB_DIST = fileURLToPath(new URL('../../tab/dist/', import.meta.url));
const STATIC_PAGE = 'bench-static-list.html';
const LIST_ROWS = 20;
const PERSON = 'sw-ben';
const isTeamsChunk = (file: string) => /(^|\/)teams-[\w-]+\.js$/.test(file);

export interface FirstViewScripts {
  files: { file: string; rawBytes: number; gzipBytes: number }[];
  gzipBytes: number;
  teamsChunkInGraph: boolean;
}

/** The first view's static module graph, from tab/dist/index.html. */
export function firstViewScripts(dist = TAB_DIST): FirstViewScripts {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const local = (url: string) => url.replace(/^\/tab\//, '');
  const queue = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => local(m[1]!)),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => local(m[1]!)),
  ];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    // Static imports and re-exports only: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`.
    for (const m of code.matchAll(
      /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g,
    ))
      queue.push(dir + m[1]!.slice(2));
  }
  const files = [...seen].map((file) => {
    const data = readFileSync(join(dist, file));
    return { file, rawBytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  });
  return {
    files,
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    teamsChunkInGraph: files.some((f) => isTeamsChunk(f.file)),
  };
}

type Doc = {
  document: { querySelectorAll(selector: string): { length: number } };
  performance: { now(): number };
};

export interface FirstViewTiming {
  /** ms from navigation start until the list's rows are in the page, per load, sorted. */
  tab: number[];
  staticPage: number[];
  /** The scripts the tab's first view fetched outside a host. */
  scriptsFetched: string[];
  teamsJsFetched: boolean;
  rows: number;
}

function staticListPage(
  rows: {
    reference: string;
    caseNumber?: string;
    stageId?: string | null;
    dueOn?: string | null;
    theme?: string;
  }[],
) {
  const esc = (s: unknown) =>
    String(s ?? '').replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
    );
  return (
    '<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Awaiting me</title>' +
    '<h1>Awaiting me</h1><table><thead><tr><th>Reference</th><th>Case</th><th>Concern</th><th>Stage</th><th>Due</th></tr></thead><tbody>' +
    rows
      .map(
        (r) =>
          `<tr><td>${esc(r.reference)}</td><td>${esc(r.caseNumber)}</td><td>${esc(r.theme)}</td><td>${esc(r.stageId)}</td><td>${esc(r.dueOn)}</td></tr>`,
      )
      .join('') +
    '</tbody></table></html>'
  );
}

export async function firstViewTiming(
  command: ServerCommand,
  env: Record<string, string>,
  loads: number,
): Promise<FirstViewTiming | null> {
  if (!existsSync(CHROMIUM) || !existsSync(join(TAB_DIST, 'index.html'))) return null;
  const server = await startServerProcess(command, { ...env, DELIVERY: 'log' });
  const agent = keepAliveAgent(4);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const staticFile = join(TAB_DIST, STATIC_PAGE);
  try {
    await setClock(server.base);
    await closedLoop('tab: raising', LIST_ROWS, 4, async (i) => {
      const r = await postJson(
        agent,
        `${server.base}/api/disputes`,
        { ...raiseBody, socialWorkerId: PERSON, child: { ...raiseBody.child, caseNumber: `TAB-${i}` } },
        { 'x-dev-user': 'chair-amara' },
      );
      return r.status === 201 ? true : `${r.status}`;
    });
    const list = (await (
      await fetch(`${server.base}/api/disputes?view=awaiting-me`, { headers: { 'x-dev-user': PERSON } })
    ).json()) as { disputes: Parameters<typeof staticListPage>[0] };
    const rows = list.disputes.length;
    writeFileSync(staticFile, staticListPage(list.disputes));

    const load = async (path: string, scripts?: string[]) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        // The dev person switcher's choice (tab/src/components/person-switcher.tsx), made beforehand.
        await context.addInitScript({
          content: `localStorage.setItem('cpDisputes.devUser', ${JSON.stringify(PERSON)})`,
        });
        const page = await context.newPage();
        if (scripts)
          page.on('request', (r) => {
            if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
          });
        await page.goto(`${server.base}${path}`);
        // A function, not a string (the tab's CSP forbids the eval a string needs); it answers the
        // page's own clock (ms since navigation started) at the first poll that finds the rows.
        const found = await page.waitForFunction(
          (n) => {
            const w = globalThis as unknown as Doc;
            return w.document.querySelectorAll('table tbody tr').length >= n && w.performance.now();
          },
          rows,
          { timeout: 30_000 },
        );
        return (await found.jsonValue()) as number;
      } finally {
        await context.close();
      }
    };
    await load(`/tab/${STATIC_PAGE}`); // warm: the server's first requests, chromium's first context
    await load('/tab/');
    const tab: number[] = [];
    const staticPage: number[] = [];
    const scriptsFetched: string[] = [];
    for (let i = 0; i < loads; i++) {
      staticPage.push(await load(`/tab/${STATIC_PAGE}`));
      tab.push(await load('/tab/', i === 0 ? scriptsFetched : undefined));
    }
    return {
      tab: tab.sort((x, y) => x - y),
      staticPage: staticPage.sort((x, y) => x - y),
      scriptsFetched,
      teamsJsFetched: scriptsFetched.some(isTeamsChunk),
      rows,
    };
  } finally {
    rmSync(staticFile, { force: true });
    agent.destroy();
    await browser.close();
    await server.stop();
  }
}

export const median = (xs: number[]) => percentile(xs, 50);
