// The chair moves the resolution meeting: the calendars follow (the invitation's SEQUENCE goes
// up), the cards show the new time, and nobody else can move it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCalendar } from '../ics/ical-reading.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { cardText } from '../support/card-inspection.ts';
import { renderDisputeCard } from '../../bot/cards/render-dispute-card.ts';
import { deliverUntilQuiet, people, raiseAtStage2 } from './meeting-test-kit.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp('pglite');
  app.testClock!.set('2026-11-23T08:00:00Z');
}, 30_000);
afterEach(async () => {
  await app?.close();
});

describe('moving a resolution meeting', () => {
  it('the chair moves it; the invitation and the card follow; others cannot', async () => {
    const d = await raiseAtStage2(app);
    await deliverUntilQuiet(app);
    const chair = apiAs(app, people.chair.id);
    const booked = (await chair.get(`/api/disputes/${d.id}`)).body;
    expect(booked.meeting).toMatchObject({ provider: 'ics', sequence: 0 });

    const byTm = await apiAs(app, people.teamManager.id).post(`/api/disputes/${d.id}/meeting/move`, {
      version: booked.version,
      start: '2026-11-25T14:00:00Z',
      end: '2026-11-25T15:00:00Z',
      reason: 'I am in court that morning.',
    });
    expect(byTm.status).toBe(403);

    const toHoliday = await chair.post(`/api/disputes/${d.id}/meeting/move`, {
      version: booked.version,
      start: '2026-12-25T10:00:00Z',
      end: '2026-12-25T11:00:00Z',
      reason: 'x',
    });
    expect(toHoliday.status).toBe(400);
    expect(toHoliday.body.message).toMatch(/Christmas Day/);

    const moved = await chair.post(`/api/disputes/${d.id}/meeting/move`, {
      version: booked.version,
      start: '2026-11-25T14:00:00Z',
      end: '2026-11-25T15:00:00Z',
      reason: 'The team manager is in court that morning.',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.meeting).toMatchObject({ sequence: 1, start: '2026-11-25T14:00:00Z' });
    await deliverUntilQuiet(app);

    const ics = await app.server.inject({
      method: 'GET',
      url: `/api/disputes/${d.id}/meeting.ics`,
      headers: { 'x-dev-user': people.chair.id },
    });
    const { events } = readCalendar(ics.body);
    expect(events[0]!.sequence).toBe(1);

    const protocol = app.services.protocols.get('gloucestershire')!.protocol;
    const card = renderDisputeCard({
      dispute: moved.body,
      protocol,
      viewerId: people.teamManager.id,
      nameOf: (id) => id,
      host: 'teams',
      appBaseUrl: 'https://cp.example',
      refreshUserIds: [],
    });
    expect(cardText(card)).toMatch(/Meeting: Wed 25 Nov 2026 at 14:00/);
  });
});
