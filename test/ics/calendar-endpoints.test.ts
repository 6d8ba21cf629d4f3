// The ICS endpoints through the real app (PGlite, test clock, demo directory): a Gloucestershire
// dispute escalated to its stage-2 resolutions meeting, the booking recorded as the meeting job
// records it (a system command, with a booking from the ICS adapter), then the invitation download
// and each person's calendar feed behind its revocable link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIcsCalendar } from '../../src/adapters/ics/ics-calendar.ts';
import { loadDispute, writeAsSystem } from '../../src/app/dispute-writer.ts';
import type { DisputeCommand } from '../../src/core/dispute/dispute-commands.ts';
import { activeMeeting } from '../../src/core/dispute/dispute-state.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, startTestApp, storeKinds, type TestApp } from '../support/test-app.ts';
import { attendeesOf, readCalendar, utc } from './ical-reading.ts';

const emails = {
  amara: 'amara.quillfeather@northmoor.example',
  carla: 'carla.brightwater@northmoor.example',
  ben: 'ben.harrowgate@northmoor.example',
  emeka: 'emeka.stonebridge@northmoor.example',
  gus: 'gus.penhallow@northmoor.example',
};

for (const { kind, run, label } of storeKinds)
  (run ? describe : describe.skip)(`meeting invitations and calendar feeds (ICS) ${label}`, () => {
    let app: TestApp;
    const calendar = createIcsCalendar({
      organiser: { email: 'cp-disputes@northmoor.example', name: 'CP Disputes' },
    });
    let first: { id: string; reference: string };
    let second: { id: string; reference: string };

    /** A raw request: the calendar answers are text, not JSON. */
    const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, personId: string | null) => {
      const res = await app.server.inject({
        method,
        url,
        headers: personId ? { 'x-dev-user': personId } : {},
      });
      return { status: res.statusCode, text: res.body, headers: res.headers };
    };

    /** A system command through the write path the sweeper and the meeting jobs use. */
    const appendSystem = async (disputeId: string, command: DisputeCommand) => {
      const outcome = await writeAsSystem(app.services, disputeId, { command: async () => command });
      expect(outcome.kind).toBe('applied');
    };

    const stateOf = (disputeId: string) =>
      app.services.db.transaction(
        async (tx) => (await loadDispute(app.services.store, app.services.protocols, tx, disputeId))!.state,
      );

    /** Raises a dispute as chair-amara about a social worker's case and takes it to stage 2 (a required meeting). */
    const disputeAtStage2 = async (socialWorkerId: string, caseNumber: string) => {
      const chair = apiAs(app, 'chair-amara');
      const raised = await chair.post('/api/disputes', {
        ...raiseBody,
        socialWorkerId,
        child: { ...raiseBody.child, caseNumber },
      });
      expect(raised.status).toBe(201);
      let version = raised.body.version as number;
      for (const to of ['stage-1', 'stage-2']) {
        const escalated = await chair.post(`/api/disputes/${raised.body.id}/escalate`, {
          version,
          toStageId: to,
          reason: 'Not resolved at this level.',
        });
        expect(escalated.status).toBe(200);
        version = escalated.body.version;
      }
      const view = (await chair.get(`/api/disputes/${raised.body.id}`)).body;
      expect(view.stage).toMatchObject({ id: 'stage-2', meeting: { need: 'required' } });
      return { id: raised.body.id as string, reference: raised.body.reference as string };
    };

    /** Records the stage's booking the way the meeting job does, unless a job already did. */
    const bookStage2 = async (disputeId: string, slot: { start: string; end: string }) => {
      if (activeMeeting(await stateOf(disputeId))) return;
      const booked = await calendar.book({
        meetingKey: `${disputeId}:stage-2`,
        subject: 'unused by the ICS adapter',
        body: '',
        slot,
        organiser: { personId: 'chair-amara', email: emails.amara, name: 'Amara Quillfeather' },
        attendees: [],
        online: false,
      });
      await appendSystem(disputeId, {
        type: 'record-meeting-booked',
        stageId: 'stage-2',
        slot,
        provider: booked.provider,
        eventId: booked.eventId,
        joinUrl: booked.joinUrl,
        warnings: booked.warnings,
      });
    };

    const readsOf = async (disputeId: string, what: string) =>
      (
        await app.services.db.query<{ person_id: string; allowed: boolean }>(
          'select person_id, allowed from dispute_reads where dispute_id = $1 and what = $2 order by id',
          [disputeId, what],
        )
      ).rows.map((r) => `${r.person_id}:${r.allowed}`);

    const feedPath = (url: string) => {
      const u = new URL(url);
      expect(u.pathname).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      return u.pathname;
    };

    // Starting the app (migrations) and taking two disputes to stage 2 is slow on a busy machine.
    beforeAll(async () => {
      app = await startTestApp(kind);
      await apiAs(app, 'chair-amara').post('/api/dev/clock', { now: '2026-10-19T10:00:00Z' });
      first = await disputeAtStage2('sw-ben', 'NB-104233');
      await bookStage2(first.id, { start: '2026-10-26T09:00:00Z', end: '2026-10-26T10:00:00Z' });
      second = await disputeAtStage2('sw-gus', 'NB-555001');
      await bookStage2(second.id, { start: '2026-10-27T14:00:00Z', end: '2026-10-27T15:00:00Z' });
    }, 60_000);
    afterAll(async () => {
      await app?.close();
    }, 30_000);

    describe('GET /api/disputes/:id/meeting.ics', () => {
      it("gives the chair the stage's meeting as an invitation to everyone invited", async () => {
        const res = await send('GET', `/api/disputes/${first.id}/meeting.ics`, 'chair-amara');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="meeting-${first.reference}.ics"`,
        );
        const { calendar: vcalendar, events } = readCalendar(res.text);
        expect(vcalendar.getFirstPropertyValue('method')).toBe('REQUEST');
        expect(events).toHaveLength(1);
        const event = events[0]!;
        const booking = activeMeeting(await stateOf(first.id))!;
        expect(event.uid).toBe(booking.eventId);
        expect(event.uid).toBe(`${first.id}:stage-2@cp-disputes`);
        expect(event.sequence).toBe(booking.sequence);
        expect(utc(event.startDate)).toBe(new Date(booking.start).toISOString());
        expect(event.startDate.zone!.tzid).toBe('Europe/London');
        expect(attendeesOf(event).map((a) => [a.email, a.role])).toEqual([
          [emails.amara, 'CHAIR'],
          [emails.carla, 'REQ-PARTICIPANT'],
          [emails.ben, 'REQ-PARTICIPANT'],
        ]);
        // No service mailbox configured: the chair organises.
        expect(String(event.organizer).toLowerCase()).toBe(`mailto:${emails.amara}`);
        expect(event.summary).toContain(first.reference);
        expect(event.summary).toContain('Stage 2');
        expect(event.component.getFirstPropertyValue('url')).toMatch(
          new RegExp(`/tab/disputes/${first.id}$`),
        );
        // Nothing about the child: not the name, not the date of birth.
        expect(res.text).not.toMatch(/Amelia|O'Neill|O\\'Neill|2019-04-02|20190402|NB-104233/);
      });

      it('is audited as a read, and refused (404, as if absent) to someone not involved, also on the record', async () => {
        expect(await readsOf(first.id, 'meeting.ics')).toContain('chair-amara:true');
        const res = await send('GET', `/api/disputes/${first.id}/meeting.ics`, 'sw-fern');
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(await readsOf(first.id, 'meeting.ics')).toContain('sw-fern:false');
        expect((await send('GET', `/api/disputes/${first.id}/meeting.ics`, null)).status).toBe(401);
      });

      it('is there for each attendee too', async () => {
        for (const person of ['tm-carla', 'sw-ben']) {
          const res = await send('GET', `/api/disputes/${first.id}/meeting.ics`, person);
          expect(res.status).toBe(200);
          expect(readCalendar(res.text).events[0]!.uid).toBe(`${first.id}:stage-2@cp-disputes`);
        }
      });

      it('answers 404 with a clear message when no meeting is booked for the stage', async () => {
        const raised = await apiAs(app, 'chair-amara').post('/api/disputes', {
          ...raiseBody,
          child: { ...raiseBody.child, caseNumber: 'NB-777777' },
        });
        const res = await send('GET', `/api/disputes/${raised.body.id}/meeting.ics`, 'chair-amara');
        expect(res.status).toBe(404);
        expect(JSON.parse(res.text)).toEqual({
          error: 'not-found',
          code: 'not-found',
          message: `No meeting is booked for the current stage of ${raised.body.reference}.`,
        });
      });
    });

    describe('calendar feeds', () => {
      it('gives a person an unguessable link to the meetings they are invited to, audited per dispute', async () => {
        const created = await apiAs(app, 'tm-carla').post('/api/me/calendar-feed');
        expect(created.status).toBe(200);
        expect(Object.keys(created.body)).toEqual(['url', 'expiresAt']);
        // The link lapses after the default 180 days (CALENDAR_FEED_DAYS), counted from now.
        const lifetime = Date.parse(created.body.expiresAt) - Date.parse(app.testClock!.now());
        expect(Math.round(lifetime / 3_600_000)).toBe(180 * 24);
        const path = feedPath(created.body.url);
        // The token is not stored: only its hash.
        const token = path.slice('/calendar/'.length, -'.ics'.length);
        const stored = await app.services.db.query<{ token_hash: string }>(
          'select token_hash from calendar_feed_tokens where person_id = $1',
          ['tm-carla'],
        );
        expect(stored.rows).toHaveLength(1);
        expect(stored.rows[0]!.token_hash).not.toContain(token);
        expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

        const feed = await send('GET', path, null);
        expect(feed.status).toBe(200);
        expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8; method=PUBLISH');
        const { calendar: vcalendar, events } = readCalendar(feed.text);
        expect(vcalendar.getFirstPropertyValue('method')).toBe('PUBLISH');
        // Carla is invited to the first dispute's meeting only (the second is the south team's).
        expect(events.map((e) => [e.uid, e.sequence])).toEqual([[`${first.id}:stage-2@cp-disputes`, 0]]);
        expect(utc(events[0]!.startDate)).toBe('2026-10-26T09:00:00.000Z');
        expect(attendeesOf(events[0]!).map((a) => a.email)).toEqual([emails.amara, emails.carla, emails.ben]);
        expect(feed.text).not.toMatch(/Amelia|O'Neill|2019-04-02|20190402|NB-104233|NB-555001/);
        expect(await readsOf(first.id, 'calendar-feed')).toEqual(['tm-carla:true']);
        expect(await readsOf(second.id, 'calendar-feed')).toEqual([]);
      });

      it('shows each person only their own meetings', async () => {
        const mine = async (personId: string) => {
          const { body } = await apiAs(app, personId).post('/api/me/calendar-feed');
          const res = await send('GET', feedPath(body.url), null);
          expect(res.status).toBe(200);
          return readCalendar(res.text).events.map((e) => e.uid);
        };
        expect(await mine('chair-amara')).toEqual([
          `${first.id}:stage-2@cp-disputes`,
          `${second.id}:stage-2@cp-disputes`,
        ]);
        expect(await mine('sw-gus')).toEqual([`${second.id}:stage-2@cp-disputes`]);
        expect(await mine('sw-ben')).toEqual([`${first.id}:stage-2@cp-disputes`]);
        expect(await mine('sw-fern')).toEqual([]);
      });

      it('stops working when rotated (the old link) or revoked, and says nothing about why', async () => {
        const old = feedPath((await apiAs(app, 'sw-ben').post('/api/me/calendar-feed')).body.url);
        expect((await send('GET', old, null)).status).toBe(200);
        const rotated = feedPath((await apiAs(app, 'sw-ben').post('/api/me/calendar-feed')).body.url);
        expect(rotated).not.toBe(old);
        const gone = await send('GET', old, null);
        expect(gone.status).toBe(404);
        expect(JSON.parse(gone.text)).toEqual({
          error: 'not-found',
          code: 'not-found',
          message: 'There is no calendar here.',
        });
        expect((await send('GET', rotated, null)).status).toBe(200);

        expect((await send('DELETE', '/api/me/calendar-feed', 'sw-ben')).status).toBe(204);
        const revoked = await send('GET', rotated, null);
        expect(revoked.status).toBe(404);
        expect(revoked.text).toBe(gone.text);
        // Unknown and malformed tokens look the same.
        expect((await send('GET', `/calendar/${'A'.repeat(43)}.ics`, null)).text).toBe(gone.text);
        expect((await send('GET', '/calendar/not-a-token.ics', null)).text).toBe(gone.text);
        // Turning it off needs sign-in.
        expect((await send('DELETE', '/api/me/calendar-feed', null)).status).toBe(401);
        expect((await send('POST', '/api/me/calendar-feed', null)).status).toBe(401);
      });

      it('follows a moved meeting (SEQUENCE raised) and a cancelled one (CANCEL, STATUS:CANCELLED)', async () => {
        const amaraFeed = feedPath((await apiAs(app, 'chair-amara').post('/api/me/calendar-feed')).body.url);
        const gusFeed = feedPath((await apiAs(app, 'sw-gus').post('/api/me/calendar-feed')).body.url);
        // The chair moves it as anyone would: through the API, at the version she read.
        const version = (await apiAs(app, 'chair-amara').get(`/api/disputes/${second.id}`)).body.version;
        const move = await apiAs(app, 'chair-amara').post(`/api/disputes/${second.id}/meeting/move`, {
          version,
          start: '2026-10-28T10:00:00Z',
          end: '2026-10-28T11:00:00Z',
          reason: 'The team manager is in court.',
        });
        expect(move.status).toBe(200);
        const moved = readCalendar(
          (await send('GET', `/api/disputes/${second.id}/meeting.ics`, 'sw-gus')).text,
        ).events[0]!;
        expect(moved.uid).toBe(`${second.id}:stage-2@cp-disputes`);
        expect(moved.sequence).toBe(1);
        expect(utc(moved.startDate)).toBe('2026-10-28T10:00:00.000Z');
        expect(attendeesOf(moved).map((a) => a.email)).toEqual([emails.amara, emails.emeka, emails.gus]);

        const withdrawn = await apiAs(app, 'chair-amara').post(`/api/disputes/${second.id}/withdraw`, {
          version: (await stateOf(second.id)).version,
          reason: 'Resolved informally between the teams.',
        });
        expect(withdrawn.status).toBe(200);
        const res = await send('GET', `/api/disputes/${second.id}/meeting.ics`, 'chair-amara');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=CANCEL');
        const { calendar: vcalendar, events } = readCalendar(res.text);
        expect(vcalendar.getFirstPropertyValue('method')).toBe('CANCEL');
        expect(events[0]!.uid).toBe(`${second.id}:stage-2@cp-disputes`);
        expect(events[0]!.sequence).toBe(2);
        expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');

        // Feeds keep the cancelled meeting for a while, as cancelled, so calendars take it off.
        const statuses = async (path: string) =>
          readCalendar((await send('GET', path, null)).text).events.map((e) => [
            e.uid,
            e.sequence,
            e.component.getFirstPropertyValue('status'),
          ]);
        expect(await statuses(amaraFeed)).toEqual([
          [`${first.id}:stage-2@cp-disputes`, 0, 'CONFIRMED'],
          [`${second.id}:stage-2@cp-disputes`, 2, 'CANCELLED'],
        ]);
        expect(await statuses(gusFeed)).toEqual([[`${second.id}:stage-2@cp-disputes`, 2, 'CANCELLED']]);

        // A month and more later it is gone from the feeds (and the closed dispute is no longer read).
        await apiAs(app, 'chair-amara').post('/api/dev/clock', { now: '2026-12-01T10:00:00Z' });
        expect(await statuses(gusFeed)).toEqual([]);
      });

      it('is documented in the OpenAPI description', async () => {
        const doc = (await apiAs(app, null).get('/api/openapi.json')).body;
        expect(Object.keys(doc.paths)).toEqual(
          expect.arrayContaining([
            '/api/disputes/{id}/meeting.ics',
            '/api/me/calendar-feed',
            '/calendar/{token}.ics',
          ]),
        );
        expect(doc.paths['/calendar/{token}.ics'].get.security).toEqual([]);
      });
    });
  });
