// A stand-in for the Teams client around a tab, for chromium tests (playwright-core): a page at
// https://teams.microsoft.com (served by playwright's router, so nothing leaves the machine) that
// frames the tab and answers @microsoft/teams-js's postMessage protocol the way Teams does. The
// origin matters: teams-js only listens to a parent on https and on its list of Microsoft hosts
// (validDomains in @microsoft/teams-js 2.x, internal/validOrigins.js).
//
// The protocol, as teams-js 2.58 speaks it (internal/communication.js, messageObjects.js):
//   tab → host  { id, uuidAsString, func, args, timestamp, apiVersionTag, … }
//   host → tab  { id, uuidAsString, args }             an answer to the request with that id/uuid
//   host → tab  { func, args }                         an event (settings.save, themeChange, …)
// Answers given here:
//   initialize                 → [frameContext, 'web', runtimeConfig (JSON), '2.58.0']
//                                (app/appHelpers.js: context, clientType, runtimeConfig, sdk version;
//                                 the runtime config is apiVersion 4 with what this host supports)
//   getContext                 → [legacy context] (app/app.js maps it to app.Context: frameContext,
//                                 meetingId, chatId, userObjectId, userPrincipalName, tid, …)
//   settings.setSettings       → [true] (pages.config.setConfig; the saved config is recorded)
//   authentication.getAuthToken→ [false, reason]: the tab under test signs in with dev sign-in
// Everything else is recorded and not answered (one-way messages such as app.notifySuccess).
// `save()` does what Teams' Save button does on a settings page: sends settings.save.
//
// Docs: https://learn.microsoft.com/en-us/microsoftteams/platform/tabs/how-to/access-teams-context
// (the context a tab gets, page.frameContext: content, settings, sidePanel, meetingStage …) and
// https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/build-tabs-for-meetings
// (side panel 320 px wide).
import type { Frame, FrameLocator, Page } from 'playwright-core';

export const TEAMS_HOST_ORIGIN = 'https://teams.microsoft.com';

export type FrameContext =
  'content' | 'settings' | 'remove' | 'task' | 'sidePanel' | 'stage' | 'meetingStage';

export interface TeamsHostOptions {
  /** The tab's address, as the manifest or the saved configuration gives it. */
  tabUrl: string;
  frameContext: FrameContext;
  /** The frame's size; the side panel is 320 px wide. */
  width?: number;
  height?: number;
  /** Fields of Teams' (legacy) context to add or replace: meetingId, chatId, userObjectId … */
  context?: Record<string, unknown>;
}

export interface HostMessage {
  func: string;
  args: unknown[];
}

export interface TeamsHostStandIn {
  /** The tab's frame, for locators. */
  frame: FrameLocator;
  /** The tab's frame, for evaluate. */
  tabFrame: () => Promise<Frame>;
  /** Every request the tab sent to the host, in order. */
  messages: () => Promise<HostMessage[]>;
  /** Waits until the tab has sent a message with this func; returns its args. */
  waitFor: (func: string) => Promise<unknown[]>;
  /** Teams' Save button on a settings page: settings.save, then wait for the tab's success or failure. */
  save: () => Promise<'success' | { failure: unknown }>;
}

let next = 0;

function hostPage(options: TeamsHostOptions): string {
  const width = options.width ?? (options.frameContext === 'sidePanel' ? 320 : 1024);
  const height = options.height ?? 760;
  const context = {
    locale: 'en-gb',
    theme: 'default',
    entityId: 'cp-disputes-stand-in',
    frameContext: options.frameContext,
    hostName: 'Teams',
    hostClientType: 'web',
    appSessionId: '3f7a4a0e-2f0f-4b3a-9c57-0c8d2b1c8a11',
    sessionId: 'stand-in-session',
    tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    isFullScreen: false,
    ...options.context,
  };
  const runtime = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: {
      app: {},
      appInstallDialog: {},
      appEntity: {},
      authentication: {},
      dialog: { card: {}, url: {}, update: {} },
      meeting: {},
      pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, fullTrust: {}, tabs: {} },
      teamsCore: {},
    },
  };
  const config = { tabUrl: options.tabUrl, context, runtime, frameContext: options.frameContext };
  // The host's own script: no CSP on this page (it is ours), and the tab keeps its own.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Microsoft Teams (stand-in)</title>
<style>body{margin:0;font-family:sans-serif;background:#f5f5f5}#tab{border:0;background:#fff}</style></head>
<body>
<iframe id="tab" title="CP Disputes" width="${width}" height="${height}"></iframe>
<script>
const config = ${JSON.stringify(config).replace(/</g, '\\u003c')};
const frame = document.getElementById('tab');
const tabOrigin = new URL(config.tabUrl).origin;
window.__host = { messages: [], saveResult: null };
const answer = (m, args) => frame.contentWindow.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, tabOrigin);
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== tabOrigin) return;
  const m = e.data;
  if (!m || typeof m !== 'object' || typeof m.func !== 'string') return;
  window.__host.messages.push({ func: m.func, args: m.args || [] });
  switch (m.func) {
    case 'initialize':
      return answer(m, [config.frameContext, 'web', JSON.stringify(config.runtime), '2.58.0']);
    case 'getContext':
      return answer(m, [config.context]);
    case 'settings.setSettings':
      window.__host.saved = m.args[0];
      return answer(m, [true]);
    case 'authentication.getAuthToken':
      return answer(m, [false, 'The Teams stand-in gives no tokens: use dev sign-in.']);
    case 'settings.save.success':
      window.__host.saveResult = 'success';
      return;
    case 'settings.save.failure':
      window.__host.saveResult = { failure: m.args[0] };
      return;
    default:
      return;
  }
});
window.__host.save = () => {
  window.__host.saveResult = null;
  frame.contentWindow.postMessage({ func: 'settings.save', args: [{ webhookUrl: '' }] }, tabOrigin);
};
frame.src = config.tabUrl;
</script>
</body></html>`;
}

/** Opens `page` on a Teams stand-in framing the tab; every call serves a page of its own. */
export async function openInTeamsHost(page: Page, options: TeamsHostOptions): Promise<TeamsHostStandIn> {
  const path = `/_stand-in/${++next}`;
  const html = hostPage(options);
  await page.route(`${TEAMS_HOST_ORIGIN}${path}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await page.goto(`${TEAMS_HOST_ORIGIN}${path}`);
  const messages = () => page.evaluate('window.__host.messages') as Promise<HostMessage[]>;
  return {
    frame: page.frameLocator('#tab'),
    tabFrame: async () => {
      const handle = await page.waitForSelector('#tab');
      const frame = await handle.contentFrame();
      if (!frame) throw new Error('the stand-in has no tab frame');
      return frame;
    },
    messages,
    waitFor: async (func) => {
      const handle = await page.waitForFunction(
        `window.__host.messages.find((m) => m.func === ${JSON.stringify(func)})?.args`,
      );
      return (await handle.jsonValue()) as unknown[];
    },
    save: async () => {
      await page.evaluate('window.__host.save()');
      const handle = await page.waitForFunction('window.__host.saveResult');
      return (await handle.jsonValue()) as 'success' | { failure: unknown };
    },
  };
}

/** The configuration the tab saved through pages.config.setConfig (settings.setSettings). */
export async function savedTabConfiguration(
  page: Page,
): Promise<{ contentUrl: string; websiteUrl?: string; entityId: string; suggestedDisplayName?: string }> {
  return (await page.evaluate('window.__host.saved')) as {
    contentUrl: string;
    websiteUrl?: string;
    entityId: string;
    suggestedDisplayName?: string;
  };
}
