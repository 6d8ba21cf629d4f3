// A new dispute's reference (CPD- and six letters or digits) is drawn at random, so two disputes can
// draw the same one: about one raise in 30,000 once a council holds 30,000 disputes. The database
// refuses the second with nothing written, and the raise draws again: the chair never sees an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, storeKinds, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

for (const { kind, run, label } of storeKinds) {
  (run ? describe : describe.skip)(`a dispute reference drawn twice ${label}`, () => {
    let app: TestApp;
    const chair = () => apiAs(app, 'chair-amara');

    beforeAll(async () => {
      app = await startTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('is drawn again: the raise succeeds with a new reference and the first dispute is untouched', async () => {
      await chair().post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
      const first = await chair().post('/api/disputes', raiseBody);
      expect(first.status).toBe(201);
      const taken = first.body.reference as string;
      expect(taken).toMatch(/^CPD-[A-Z2-9]{6}$/);

      const draws = [taken, taken, 'CPD-NEW234'];
      app.services.newReference = () => draws.shift() ?? 'CPD-NOMORE';
      const second = await chair().post('/api/disputes', {
        ...raiseBody,
        child: { ...raiseBody.child, caseNumber: 'LL-0002' },
      });
      expect(second.status).toBe(201);
      expect(second.body.reference).toBe('CPD-NEW234');
      expect(draws).toEqual([]);

      // Two disputes, and one audited view of the second at its raise: the refused attempts wrote nothing.
      const firstNow = await chair().get(`/api/disputes/${first.body.id}`);
      expect(firstNow.body).toMatchObject({ reference: taken, version: first.body.version });
      const mine = await chair().get('/api/disputes?view=raised-by-me');
      expect((mine.body.disputes as { reference: string }[]).map((d) => d.reference).sort()).toEqual(
        ['CPD-NEW234', taken].sort(),
      );
      const { rows } = await app.services.db.query<{ what: string }>(
        `select what from dispute_reads where dispute_id = $1 and what = 'view'`,
        [second.body.id],
      );
      expect(rows).toEqual([{ what: 'view' }]);
    });
  });
}
