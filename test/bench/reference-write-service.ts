// The write path's reference (issue 17): the least a service can do for one dispute write, run as
// its own process like the app. fastify, and one transaction of three INSERTs (the event, the
// projection, the outbox row) and a commit, on PostgreSQL (pg, a pool of 10 like the app's) or on
// PGlite on disk (REF_STORE=pglite, DATA_DIR). It answers the same two routes as the app, with the
// same bodies, so the same load generator drives both: POST /api/disputes (201 {id, version}) and
// POST /api/disputes/:id/responses (200 {id, version}). No validation, no authorisation, no
// domain rules: the gap between it and the app is what those cost.
//
// Started by the bench: `node --import tsx test/bench/reference-write-service.ts` with PORT, HOST,
// REF_STORE and DATABASE_URL or DATA_DIR in the environment.
import { randomUUID } from 'node:crypto';
import { fastify } from 'fastify';

const SCHEMA = [
  `create table if not exists ref_events (dispute_id text not null, seq int not null, at timestamptz not null,
     data jsonb not null, primary key (dispute_id, seq))`,
  `create table if not exists ref_disputes (id text primary key, version int not null, status text not null,
     data jsonb not null, updated_at timestamptz not null)`,
  `create table if not exists ref_outbox (id bigserial primary key, dispute_id text not null, status text not null,
     payload jsonb not null)`,
];

/** One dispute write: the three INSERTs, in the order the app writes them, and their parameters. */
const WRITE: [string, (id: string, version: number, data: string) => unknown[]][] = [
  [
    'insert into ref_events (dispute_id, seq, at, data) values ($1, $2, now(), $3)',
    (id, version, data) => [id, version, data],
  ],
  [
    `insert into ref_disputes (id, version, status, data, updated_at) values ($1, $2, 'open', $3, now())
       on conflict (id) do update set version = excluded.version, data = excluded.data, updated_at = now()`,
    (id, version, data) => [id, version, data],
  ],
  [
    `insert into ref_outbox (dispute_id, status, payload) values ($1, 'pending', $2)`,
    (id, _version, data) => [id, data],
  ],
];

type Write = (id: string, version: number, data: string) => Promise<void>;

async function openStore(): Promise<{ write: Write; close: () => Promise<void> }> {
  if (process.env.REF_STORE === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(process.env.DATA_DIR ?? 'memory://');
    for (const s of SCHEMA) await db.exec(s);
    return {
      write: async (id, version, data) => {
        await db.transaction(async (tx) => {
          for (const [sql, params] of WRITE) await tx.query(sql, params(id, version, data));
        });
      },
      close: () => db.close(),
    };
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  for (const s of SCHEMA) await pool.query(s);
  return {
    write: async (id, version, data) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const [sql, params] of WRITE) await client.query(sql, params(id, version, data));
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const store = await openStore();
const app = fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.post('/api/disputes', async (req, reply) => {
  const id = randomUUID();
  await store.write(id, 1, JSON.stringify(req.body));
  return reply.status(201).send({ id, version: 1 });
});
app.post<{ Params: { id: string }; Body: { version?: number } }>(
  '/api/disputes/:id/responses',
  async (req) => {
    const version = (req.body.version ?? 1) + 1;
    await store.write(req.params.id, version, JSON.stringify(req.body));
    return { id: req.params.id, version };
  },
);
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => {
  void app
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
