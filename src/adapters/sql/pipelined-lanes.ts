// Single statements (the app's hot path: a dispute's read, its one-statement append, the outbox's
// lease and marks) go over a few long-lived connections in node-postgres's pipeline mode: a
// statement is sent without waiting for the ones before it on that connection to finish, and the
// server answers them in order, each in its own implicit transaction (its own Sync), so one
// statement's error touches no other. Measured on a 2-core machine with 50 clients (`npm run bench`):
// about a quarter more requests per second than one pooled connection per statement, because the
// server reads several statements per wake-up and the app several results per read.
//
// The price: a statement that waits (for a dispute's row lock, held by a sweeper's or a meeting
// job's short transaction) holds up the statements already sent behind it on its connection. New
// statements pass around it: a connection whose oldest statement has been out for longer than
// STALLED_MS is used only when every connection is in that state.
//
// Only autocommit statements belong here: anything that holds session state (BEGIN, SET, a session
// advisory lock, a cursor) would leak to the statements of other requests sharing the connection.
// Transactions keep to the pool.
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** Under a 50-client load a statement is answered within a few tens of ms; far longer is a wait. */
const STALLED_MS = 100;

interface Lane {
  /** Connected or connecting; null until first used, and again once its connection has failed. */
  client: Promise<pg.Client> | null;
  /** When each statement in flight was sent, oldest first (a connection answers in order). */
  sentAt: number[];
}

export interface PipelinedLanes {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
  end(): Promise<void>;
}

export function pipelinedLanes(count: number, newClient: () => pg.Client): PipelinedLanes {
  let ended = false;
  const lanes: Lane[] = Array.from({ length: count }, () => ({ client: null, sentAt: [] }));
  const open = (lane: Lane): Promise<pg.Client> => {
    const client = newClient();
    const ready = client.connect().then(() => client);
    // A lost connection fails the statements on it (as a pooled connection would), and the lane's
    // next statement opens a new one. Without a listener, 'error' would end the process.
    const retire = () => {
      if (lane.client === ready) lane.client = null;
    };
    client.on('error', retire);
    client.on('end', retire);
    ready.catch(retire);
    return ready;
  };
  const clientOf = (lane: Lane): Promise<pg.Client> => {
    if (ended) return Promise.reject(new Error('the database connections are closed'));
    lane.client ??= open(lane);
    return lane.client;
  };

  /** The connection with the fewest statements in flight, among those not stalled if any. */
  const laneFor = (now: number): Lane => {
    const stalled = (l: Lane) => l.sentAt.length > 0 && now - l.sentAt[0]! > STALLED_MS;
    const candidates = lanes.some((l) => !stalled(l)) ? lanes.filter((l) => !stalled(l)) : lanes;
    return candidates.reduce((best, l) => (l.sentAt.length < best.sentAt.length ? l : best));
  };

  return {
    async query(config) {
      const lane = laneFor(performance.now());
      lane.sentAt.push(performance.now());
      const client = clientOf(lane);
      try {
        return await (await client).query(config);
      } catch (e) {
        // The server ends a session with a FATAL error (terminated, shutting down) a moment before
        // the socket closes: retire the connection now, or the next statement would still go to it.
        if ((e as { severity?: string }).severity === 'FATAL' && lane.client === client) lane.client = null;
        throw e;
      } finally {
        lane.sentAt.shift();
      }
    },
    async end() {
      ended = true;
      await Promise.all(lanes.map((lane) => lane.client?.then((c) => c.end()).catch(() => {})));
    },
  };
}
