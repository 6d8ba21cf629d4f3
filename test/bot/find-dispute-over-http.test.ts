// Issue 16 item 4: "Find dispute" (the search message extension) and dispute links unfurled, over
// HTTP against the real app's /api/messages, with invokes shaped as Teams sends them:
// - composeExtension/query: https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/search-commands/respond-to-search
// - composeExtension/queryLink: https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/link-unfurling
// - the reference card's refresh (adaptiveCard/action, trigger automatic) for user-specific views:
//   https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
// What a person would notice: the people on a dispute find it by reference or by the child's
// initials and case number however written; nobody else finds it; the card put into a (group) chat
// shows the reference only, and each person on the dispute sees their own view of it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardText } from '../support/card-inspection.ts';
import { adaptiveCardProblems as cardSdkProblems } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { readsOf } from '../support/store-probes.ts';
import {
  activityFrom,
  postActivity,
  teamsClient,
  teamsUser,
  type TeamsUser,
} from '../support/teams-client.ts';
import { startTestApp, storeKinds, type StoreKind, type TestApp } from '../support/test-app.ts';

const BASE = 'https://cp.northmoor.example';
const CHILD = { name: 'Nia Brook', initials: 'NB', caseNumber: '104-233' };
const CONCERN = 'No statutory visit has taken place since the review conference.';

/** The council's own words for the reference card (WORDING_FILE, reference.* keys). */
const COUNCIL = {
  onlyReference: 'Northmoor: only the people working on this dispute see more here.',
  linkOnly: 'Northmoor CP Disputes link',
};
function councilWordingFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cpd-wording-')), 'wording.yaml');
  writeFileSync(
    path,
    `reference.only-reference: "${COUNCIL.onlyReference}"\nreference.link-only: "${COUNCIL.linkOnly}"\n`,
  );
  return path;
}

type Json = Record<string, unknown>;
interface Attachment {
  contentType: string;
  content: Json;
  preview: { contentType: string; content: { title?: string; text?: string } };
}
interface ComposeExtension {
  type: string;
  attachmentLayout?: string;
  attachments?: Attachment[];
  text?: string;
}

let app: TestApp;
let connector: FakeBotConnector;
let client: ReturnType<typeof teamsClient>;
const users: Record<string, TeamsUser> = {};
let disputeId: string;
let reference: string;
let participantIds: string[];

async function user(id: string): Promise<TeamsUser> {
  const person = (await app.services.directory.byId(id)) as Person;
  return (users[id] ??= teamsUser(person));
}

/** A group chat the person is in: where the search's card is meant to be shared. */
const groupChat = (u: TeamsUser) => ({
  id: '19:meeting-prep@thread.v2',
  conversationType: 'groupChat',
  tenantId: u.person.tenantId,
});

async function invoke(u: TeamsUser, name: string, value: unknown) {
  const r = await postActivity(
    app,
    activityFrom(u, connector.serviceUrl, {
      type: 'invoke',
      name,
      value,
      conversation: groupChat(u),
      channelData: { tenant: { id: u.person.tenantId }, source: { name: 'compose' } },
    }),
  );
  return {
    status: r.status,
    composeExtension: (r.body as { composeExtension?: ComposeExtension } | null)?.composeExtension,
  };
}

/** "Find dispute", typed into the compose box's search. */
const findDispute = (u: TeamsUser, text: string) =>
  invoke(u, 'composeExtension/query', {
    commandId: 'findDispute',
    parameters: [{ name: 'query', value: text }],
    queryOptions: { skip: 0, count: 25 },
  });

/** A link pasted into the compose box. */
const unfurl = (u: TeamsUser, url: string) => invoke(u, 'composeExtension/queryLink', { url });

/** The Teams client asking for its own view of the inserted card (the card's refresh action). */
async function refreshAs(u: TeamsUser, card: Json) {
  const action = (card.refresh as { action: { verb: string; data: Json } }).action;
  const r = await client.press(u, action.verb, action.data, 'automatic');
  expect(r.status).toBe(200);
  return r.card as Json;
}

const teamsIdOf = async (personId: string) => `29:${(await user(personId)).person.aadObjectId}`;

/** Nothing a person not on the dispute may learn: the child, the case number, the concern. */
function expectNoCaseDetails(card: unknown) {
  const text = cardText(card).replaceAll(reference, '<ref>');
  expect(text).not.toContain('Nia');
  expect(text).not.toContain('Brook');
  expect(text).not.toMatch(/\bNB\b/);
  expect(text).not.toContain('104');
  expect(text).not.toContain('statutory');
  expect(JSON.stringify(card)).not.toMatch(/Nia|Brook|104-?233|statutory visit/);
}

function suite(kind: StoreKind) {
  beforeAll(async () => {
    connector = await startFakeBotConnector();
    app = await startTestApp(kind, { APP_BASE_URL: BASE, WORDING_FILE: councilWordingFile() });
    client = teamsClient(app, connector.serviceUrl);
    app.testClock!.set('2026-11-23T10:00:00Z'); // a Monday
    for (const id of ['chair-amara', 'sw-ben', 'tm-carla', 'chair-idris', 'hos-ruth'])
      expect((await client.install(await user(id))).status).toBe(200);
    const raised = await client.press(await user('chair-amara'), 'raise', {
      protocolId: 'gloucestershire',
      childName: CHILD.name,
      childDateOfBirth: '2019-04-02',
      caseNumber: CHILD.caseNumber,
      conferenceDate: '2026-11-16',
      socialWorkerId: 'sw-ben',
      theme: 'statutory-requirements',
      concern: CONCERN,
      actionsRequired: 'Visit within 2 working days and see the child alone.',
      immediateRisk: 'false',
    });
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    disputeId = String(
      (raised.card!.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId,
    );
    const projection = (await app.services.store.getProjection(app.services.db, disputeId))!;
    reference = projection.reference;
    participantIds = projection.participantIds;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });

  describe('Find dispute: who finds what', () => {
    it('the social worker on the dispute finds it by its reference, however typed', async () => {
      const ben = await user('sw-ben');
      for (const typed of [reference, reference.toLowerCase(), reference.replace('-', ' ')]) {
        const r = await findDispute(ben, typed);
        expect(r.status).toBe(200);
        expect(r.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
        expect(r.composeExtension!.attachments!.map((a) => a.preview.content.title)).toEqual([reference]);
      }
    });

    it("…and by the child's initials and case number written differently", async () => {
      const ben = await user('sw-ben');
      for (const typed of ['nb 104233', 'N.B. 104 233', 'NB 104-233']) {
        const r = await findDispute(ben, typed);
        expect(r.composeExtension!.attachments!.map((a) => a.preview.content.title)).toEqual([reference]);
      }
      // The right case number with someone else's initials is not this child.
      const wrong = await findDispute(ben, 'JB 104233');
      expect(wrong.composeExtension!.attachments ?? []).toEqual([]);
    });

    it('another chair, not on the dispute, finds nothing either way; her attempts are in the read audit', async () => {
      const idris = await user('chair-idris');
      for (const typed of [reference, 'nb 104233']) {
        const r = await findDispute(idris, typed);
        expect(r.status).toBe(200);
        expect(r.composeExtension!.attachments ?? []).toEqual([]);
        expect(JSON.stringify(r.composeExtension)).not.toContain(reference);
      }
      const reads = await app.services.db.transaction((tx) => readsOf(tx, disputeId));
      expect(reads.filter((x) => x.personId === 'chair-idris')).toEqual([
        expect.objectContaining({ what: 'search:find-dispute', allowed: false }),
        expect.objectContaining({ what: 'search:find-dispute', allowed: false }),
      ]);
      expect(reads).toContainEqual(
        expect.objectContaining({ personId: 'sw-ben', what: 'search:find-dispute', allowed: true }),
      );
    });

    it('an empty or half-typed search asks for a reference or initials and case number', async () => {
      const r = await findDispute(await user('sw-ben'), 'nb');
      expect(r.composeExtension).toMatchObject({ type: 'message' });
      expect(r.composeExtension!.text).toMatch(/reference.*initials and case number/);
    });
  });

  describe('the card Find dispute puts into a chat', () => {
    let attachment: Attachment;
    beforeAll(async () => {
      attachment = (await findDispute(await user('sw-ben'), reference)).composeExtension!.attachments![0]!;
    });

    it("shows the reference and a link to open it, in the council's words, and none of the child, case number or concern", () => {
      expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
      const card = attachment.content;
      expect(cardText(card)).toContain(reference);
      expect(cardText(card)).toContain(COUNCIL.onlyReference);
      expectNoCaseDetails(card);
      expect(card.actions).toEqual([
        expect.objectContaining({ type: 'Action.OpenUrl', url: `${BASE}/tab/disputes/${disputeId}` }),
      ]);
      expect(cardSdkProblems(card)).toEqual([]);
    });

    it('the result list previews it as the reference and its stage, nothing else', () => {
      expect(attachment.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
      expect(attachment.preview.content.title).toBe(reference);
      expect(attachment.preview.content.text).toMatch(/· Open$/);
      expectNoCaseDetails(attachment.preview);
    });

    it('names the people on the dispute, by their Teams ids, for their own views', async () => {
      const refresh = attachment.content.refresh as { action: Json; userIds: string[] };
      expect(refresh.action).toMatchObject({
        type: 'Action.Execute',
        verb: 'refreshReference',
        data: { disputeId },
      });
      expect(participantIds).toEqual(expect.arrayContaining(['chair-amara', 'sw-ben']));
      const installed = participantIds.filter((id) => users[id]);
      expect([...refresh.userIds].sort()).toEqual((await Promise.all(installed.map(teamsIdOf))).sort());
      expect(refresh.userIds).not.toContain(await teamsIdOf('chair-idris'));
      expect(refresh.userIds.length).toBeLessThanOrEqual(60);
    });

    it('a person on the dispute sees their own dispute card when their client refreshes it; the read is audited', async () => {
      const ben = await user('sw-ben');
      const own = await refreshAs(ben, attachment.content);
      const text = cardText(own);
      expect(text).toContain(reference);
      expect(text).toContain(CHILD.caseNumber);
      expect(cardSdkProblems(own)).toEqual([]);
      const reads = await app.services.db.transaction((tx) => readsOf(tx, disputeId));
      expect(reads).toContainEqual(
        expect.objectContaining({ personId: 'sw-ben', what: 'card:refreshReference', allowed: true }),
      );
    });

    it("the head of service (oversight, not on it) gets her own view, as the app shows it her: the child's initials, not the name", async () => {
      const ruth = await user('hos-ruth');
      const hers = await refreshAs(ruth, attachment.content);
      expect(cardText(hers)).toContain(reference);
      expect(JSON.stringify(hers)).not.toMatch(/Nia|Brook/);
      expect(cardSdkProblems(hers)).toEqual([]);
    });

    it('someone not in the directory who refreshes it sees the reference only', async () => {
      const ben = await user('sw-ben');
      const stranger = teamsUser({
        ...ben.person,
        id: 'not-in-directory',
        aadObjectId: randomUUID(),
        name: 'A Guest',
      });
      const theirs = await refreshAs(stranger, attachment.content);
      expect(cardText(theirs)).toContain(reference);
      expectNoCaseDetails(theirs);
    });

    it('anyone else in the chat who refreshes it still sees the reference only', async () => {
      const idris = await user('chair-idris');
      const theirs = await refreshAs(idris, attachment.content);
      expect(cardText(theirs)).toContain(reference);
      expectNoCaseDetails(theirs);
      expect(cardSdkProblems(theirs)).toEqual([]);
    });
  });

  describe('a dispute link pasted into a chat', () => {
    const link = () => `${BASE}/tab/disputes/${disputeId}`;

    it('unfurls for a person on the dispute as the same reference-only card, with their own views', async () => {
      const r = await unfurl(await user('chair-amara'), link());
      expect(r.status).toBe(200);
      expect(r.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      const [a] = r.composeExtension!.attachments!;
      expect(cardText(a!.content)).toContain(reference);
      expect(cardText(a!.content)).toContain(COUNCIL.onlyReference);
      expectNoCaseDetails(a!.content);
      expect((a!.content.refresh as { userIds: string[] }).userIds).toContain(await teamsIdOf('sw-ben'));
      expect(cardSdkProblems(a!.content)).toEqual([]);
      const reads = await app.services.db.transaction((tx) => readsOf(tx, disputeId));
      expect(reads).toContainEqual(
        expect.objectContaining({ personId: 'chair-amara', what: 'unfurl:link', allowed: true }),
      );
      // Refreshed by someone on it, the unfurled card becomes their own view.
      expect(cardText(await refreshAs(await user('sw-ben'), a!.content))).toContain(CHILD.caseNumber);
    });

    it('says only "CP Disputes link" (in the council\'s words) to someone who may not read it, exactly as for a dispute that does not exist', async () => {
      const idris = await user('chair-idris');
      const unreadable = await unfurl(idris, link());
      const missing = await unfurl(idris, `${BASE}/tab/disputes/${randomUUID()}`);
      const elsewhere = await unfurl(idris, `${BASE}/tab/raise`);
      for (const r of [unreadable, missing, elsewhere]) {
        expect(r.status).toBe(200);
        const [a] = r.composeExtension!.attachments!;
        expect(cardText(a!.content)).toBe(COUNCIL.linkOnly);
        expect(a!.preview.content.title).toBe(COUNCIL.linkOnly);
        expect(a!.content.refresh).toBeUndefined();
        expect(cardSdkProblems(a!.content)).toEqual([]);
      }
      expect(unreadable.composeExtension).toEqual(missing.composeExtension);
      expect(JSON.stringify(unreadable.composeExtension)).not.toContain(reference);
    });
  });

  describe('junk sent as a search, a link or a refresh', () => {
    it('is answered without a server error, and reads nothing', async () => {
      const ben = await user('sw-ben');
      const before = (await app.services.db.transaction((tx) => readsOf(tx, disputeId))).length;
      const junkQuery = await invoke(ben, 'composeExtension/query', { commandId: 7, parameters: 'x' });
      expect(junkQuery.status).toBe(400);
      const otherCommand = await invoke(ben, 'composeExtension/query', {
        commandId: 'deleteEverything',
        parameters: [{ name: 'query', value: reference }],
      });
      expect(otherCommand.status).toBe(400);
      const hugeQuery = await findDispute(ben, `NB ${'1'.repeat(5000)}`);
      expect(hugeQuery.status).toBe(200);
      const junkLink = await invoke(ben, 'composeExtension/queryLink', { url: { href: 5 } });
      expect(junkLink.status).toBe(200);
      expect(cardText(junkLink.composeExtension!.attachments![0]!.content)).toBe(COUNCIL.linkOnly);
      const junkRefresh = await client.press(
        ben,
        'refreshReference',
        { disputeId: "' or 1=1 --" },
        'automatic',
      );
      expect(junkRefresh.status).toBe(200);
      expect(cardText(junkRefresh.card)).not.toContain(reference);
      expect((await app.services.db.transaction((tx) => readsOf(tx, disputeId))).length).toBe(before);
    });
  });
}

// On PGlite always; on PostgreSQL too when TEST_DATABASE_URL is set (the case-number key is SQL).
for (const store of storeKinds)
  describe.skipIf(!store.run)(`Find dispute ${store.label}`, () => suite(store.kind));
