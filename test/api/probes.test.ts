// The platform's probes: /livez answers while the process runs (no I/O), /readyz only while the
// database takes writes, the schema is migrated and the instance is not draining.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/adapters/sql/migrations.ts';
import { apiAs, startTestApp, storeKinds, type TestApp } from '../support/test-app.ts';

const newest = Math.max(...migrations.map((m) => m.version));

for (const store of storeKinds) {
  (store.run ? describe : describe.skip)(`probes ${store.label}`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(store.kind);
    });
    afterAll(async () => {
      await app?.close();
    });
    const get = (url: string) => apiAs(app, null).get(url);

    it('is live and ready once started, and /healthz still answers', async () => {
      expect(await get('/livez')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await get('/readyz');
      expect(ready).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', draining: false } },
      });
      expect(ready.headers['cache-control']).toBe('no-store');
      expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    });

    it('is unready while the newest migration is not applied, and ready again once it is', async () => {
      const [row] = (
        await app.services.db.query<{ name: string; applied_at: string }>(
          'select name, applied_at from schema_migrations where version = $1',
          [newest],
        )
      ).rows;
      await app.services.db.query('delete from schema_migrations where version = $1', [newest]);
      const unready = await get('/readyz');
      expect(unready.status).toBe(503);
      expect(unready.body.reason).toMatch(new RegExp(`migration ${newest} is not applied`));
      await app.services.db.query(
        'insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)',
        [newest, row!.name, row!.applied_at],
      );
      expect((await get('/readyz')).status).toBe(200);
    });

    it('answers /livez without the database, and /readyz 503 with the reason', async () => {
      // The database itself: a council's view (app.services.db) shares its connections, and
      // closing a view closes nothing.
      await app.database.close();
      expect((await get('/livez')).status).toBe(200);
      const unready = await get('/readyz');
      expect(unready.status).toBe(503);
      expect(unready.body).toMatchObject({ status: 'unready', checks: { database: 'failed' } });
    });

    it('is unready once draining for a shutdown, while still live', async () => {
      app.drain();
      const unready = await get('/readyz');
      expect(unready.status).toBe(503);
      expect(unready.body.checks.draining).toBe(true);
      expect(unready.body.reason).toMatch(/draining/);
      expect((await get('/livez')).status).toBe(200);
    });
  });
}
