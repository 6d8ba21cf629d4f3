// "Find dispute" and link unfurling through the real Microsoft 365 Agents Playground standing in for
// Teams: the playground sends composeExtension/query and composeExtension/queryLink invokes itself
// (its /_conversation/v1/invoke route, as its message-extension panel does) in its group chat, and
// hands back the bot's `composeExtension`. The same flows in more depth, against a fake Bot
// Connector: find-dispute-over-http.test.ts.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonDisputes } from '../../src/app/person-disputes.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { cardText } from '../support/card-inspection.ts';
import { adaptiveCardProblems as cardSdkProblems } from '../support/card-inspection.ts';
import { freePort } from '../support/free-port.ts';
import {
  playgroundAvailability,
  startPlayground,
  type Playground,
  type PlaygroundUser,
} from '../support/playground.ts';

const BASE = 'https://cp.northmoor.example';
const PEOPLE = ['chair-amara', 'sw-ben', 'chair-idris'];

interface ComposeExtension {
  type: string;
  attachmentLayout?: string;
  attachments?: {
    contentType: string;
    content: Record<string, unknown>;
    preview: { content: { title?: string } };
  }[];
  text?: string;
}

const availability = await playgroundAvailability();

describe.skipIf(!availability.ok)(
  availability.ok
    ? 'Find dispute and link unfurling in the Agents Playground'
    : `Find dispute in the Agents Playground (skipped: ${availability.reason})`,
  () => {
    let app: RunningApp;
    let pg: Playground;
    const users: Record<string, PlaygroundUser> = {};
    let disputeId = '';
    let reference = '';

    /** An invoke from the message-extension panel in the playground's group chat, as `who`. */
    async function composeInvoke(who: string, name: string, value: unknown): Promise<ComposeExtension> {
      await pg.switchUser(users[who]!);
      const body = (await pg.sendInvoke(value, {
        name,
        replyToId: '',
        conversationId: pg.groupChatId,
        timeoutMs: 250,
      })) as { composeExtension?: ComposeExtension };
      return body.composeExtension!;
    }

    beforeAll(async () => {
      const playgroundPort = await freePort();
      const env: Record<string, string> = {
        NODE_ENV: 'test',
        DATA_DIR: 'memory://',
        TEST_CLOCK: 'on',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        OUTBOX_INTERVAL_SECONDS: '3600',
        SWEEP_INTERVAL_SECONDS: '3600',
        APP_BASE_URL: BASE,
        BOT_SERVICE_URL: `http://localhost:${playgroundPort}/_connector`,
      };
      app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
        listen: true,
        background: true,
        env,
      });
      app.testClock!.set('2026-11-23T09:00:00Z');
      const appPort = (app.server.server.address() as AddressInfo).port;
      for (const id of PEOPLE) {
        const person = (await app.services.directory.byId(id))!;
        users[id] = {
          id: person.aadObjectId,
          aadObjectId: person.aadObjectId,
          name: person.name,
          email: person.email,
          tenantId: person.tenantId,
        };
      }
      pg = await startPlayground({
        botEndpoint: `http://127.0.0.1:${appPort}/api/messages`,
        user: users['chair-amara']!,
        otherUsers: PEOPLE.slice(1).map((id) => users[id]!),
        tenantId: app.services.tenantId,
        port: playgroundPort,
      });
      // Everyone installs the app: the bot keeps their Teams ids (for the card's refresh.userIds).
      for (const id of PEOPLE) {
        await pg.switchUser(users[id]!);
        await pg.install();
      }
      const chair = (await app.services.directory.byId('chair-amara')) as Person;
      const view = await new PersonDisputes(app.services, chair).raise({
        protocolId: 'gloucestershire',
        child: { name: 'Nia Brook', dateOfBirth: '2019-04-02', caseNumber: '104-233' },
        conferenceDate: '2026-11-16',
        socialWorkerId: 'sw-ben',
        theme: 'statutory-requirements',
        concern: 'No statutory visit has taken place since the review conference.',
        actionsRequired: 'Visit within 2 working days and see the child alone.',
        immediateRisk: false,
      });
      disputeId = view.id;
      reference = view.reference;
    }, 90_000);

    afterAll(async () => {
      await pg?.stop();
      await app?.stop();
    });

    it('the social worker finds it by initials and case number; the card shows the reference only', async () => {
      const found = await composeInvoke('sw-ben', 'composeExtension/query', {
        commandId: 'findDispute',
        parameters: [{ name: 'query', value: 'nb 104233' }],
        queryOptions: { skip: 0, count: 25 },
      });
      expect(found).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      const [a] = found.attachments!;
      expect(a!.preview.content.title).toBe(reference);
      expect(cardText(a!.content)).toContain(reference);
      expect(JSON.stringify(a!.content)).not.toMatch(/Nia|Brook|104-?233|statutory/);
      const userIds = (a!.content.refresh as { userIds: string[] }).userIds;
      expect(userIds).toEqual(expect.arrayContaining([users['sw-ben']!.id, users['chair-amara']!.id]));
      expect(userIds).not.toContain(users['chair-idris']!.id);
      expect(cardSdkProblems(a!.content)).toEqual([]);
    });

    it('another chair finds nothing, and a pasted link unfurls for her as "CP Disputes link" only', async () => {
      const found = await composeInvoke('chair-idris', 'composeExtension/query', {
        commandId: 'findDispute',
        parameters: [{ name: 'query', value: reference }],
      });
      expect(found.attachments ?? []).toEqual([]);
      const unfurled = await composeInvoke('chair-idris', 'composeExtension/queryLink', {
        url: `${BASE}/tab/disputes/${disputeId}`,
      });
      expect(cardText(unfurled.attachments![0]!.content)).toBe('CP Disputes link');
    });

    it('the chair pastes the link: it unfurls as the reference card', async () => {
      const unfurled = await composeInvoke('chair-amara', 'composeExtension/queryLink', {
        url: `${BASE}/tab/disputes/${disputeId}`,
      });
      expect(unfurled).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      expect(cardText(unfurled.attachments![0]!.content)).toContain(reference);
    });
  },
);
