// The statements one raise and one respond send to PostgreSQL, counted as the app in this process
// handles them over HTTP: the round trips the write path pays, beside the reference's five (begin,
// three INSERTs, commit).
import { raiseBody } from '../support/raise-body.ts';
import { captureQueries, roundTripsOf } from './pg-capture.ts';

export interface RoundTrips {
  raise: ReturnType<typeof roundTripsOf>;
  respond: ReturnType<typeof roundTripsOf>;
}

/** The statements one raise and one respond send to PostgreSQL. */
export async function roundTrips(base: string): Promise<RoundTrips> {
  const post = (person: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'x-dev-user': person, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  let raised: { id: string; version: number } | null = null;
  const raise = await captureQueries(async () => {
    const r = await post('chair-amara', '/api/disputes', {
      ...raiseBody,
      child: { ...raiseBody.child, caseNumber: 'TRIPS-1' },
    });
    raised = (await r.json()) as { id: string; version: number };
  });
  const d = raised as { id: string; version: number } | null;
  if (!d) throw new Error('round trips: the raise failed');
  const respond = await captureQueries(() =>
    post('sw-ben', `/api/disputes/${d.id}/responses`, {
      version: d.version,
      outcome: 'actions-agreed',
      text: 'A visit is booked for Thursday.',
    }),
  );
  return { raise: roundTripsOf(raise), respond: roundTripsOf(respond) };
}
