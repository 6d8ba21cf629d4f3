// `cp-disputes database create-app-role` on a PostgreSQL server (TEST_DATABASE_URL, a role allowed
// to create roles): the app's login role from DATABASE_URL, made by the owner of
// MIGRATION_DATABASE_URL, with a password and no other power, run again safely, and refused when it
// would let the app bypass row-level security or be the owner.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const url = process.env.TEST_DATABASE_URL;

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

describe('cp-disputes database create-app-role without the connection strings', () => {
  afterEach(() => vi.unstubAllEnvs());
  it('says which variables to set, and touches nothing', async () => {
    vi.stubEnv('MIGRATION_DATABASE_URL', '');
    vi.stubEnv('DATABASE_URL', '');
    const c = capture();
    expect(await main(['database', 'create-app-role'], c.io)).toBe(2);
    expect(c.err()).toMatch(/set MIGRATION_DATABASE_URL \(the owner\) and DATABASE_URL \(the app role\)/);
  });
});

if (!url) {
  describe.skip('cp-disputes database create-app-role on PostgreSQL (TEST_DATABASE_URL not set)', () => {
    it('skipped', () => {});
  });
} else {
  describe('cp-disputes database create-app-role on PostgreSQL', () => {
    const roles: string[] = [];
    const admin = () => {
      const c = new pg.Client({ connectionString: url });
      return c.connect().then(() => c);
    };
    /** DATABASE_URL for a new role name, with a password holding characters a URL must escape. */
    const appUrl = (role: string, password = "p@ss'word:/ 1") => {
      const u = new URL(url);
      u.username = role;
      u.password = encodeURIComponent(password);
      return u.toString();
    };
    const newRole = () => {
      const role = `cpd_app_${randomBytes(4).toString('hex')}`;
      roles.push(role);
      return role;
    };

    afterEach(() => vi.unstubAllEnvs());
    afterAll(async () => {
      const c = await admin();
      for (const role of roles) {
        const { rows } = await c.query<{ sql: string }>(
          "select format('revoke connect on database %I from %I', current_database(), $1::text) as sql",
          [role],
        );
        await c.query(rows[0]!.sql).catch(() => {});
        await c.query(`drop role if exists "${role}"`);
      }
      await c.end();
    });

    it('creates a login role with the password and no other power, then updates it when run again', async () => {
      const role = newRole();
      vi.stubEnv('MIGRATION_DATABASE_URL', url);
      vi.stubEnv('DATABASE_URL', appUrl(role));
      const first = capture();
      expect(await main(['database', 'create-app-role'], first.io)).toBe(0);
      expect(first.out()).toBe(
        `Created the login role ${role}. The app grants it its table rights when it starts.\n`,
      );

      const c = await admin();
      const { rows } = await c.query(
        `select rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolinherit,
                rolpassword like 'SCRAM-SHA-256$%' as hashed,
                has_database_privilege(rolname, current_database(), 'CONNECT') as connect
           from pg_authid where rolname = $1`,
        [role],
      );
      await c.end();
      expect(rows[0]).toEqual({
        rolcanlogin: true,
        rolsuper: false,
        rolbypassrls: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolinherit: false,
        hashed: true,
        connect: true,
      });

      const again = capture();
      expect(await main(['database', 'create-app-role'], again.io)).toBe(0);
      expect(again.out()).toMatch(new RegExp(`^Updated the login role ${role}\\.`));
    });

    it('refuses when the app would sign in as the owner', async () => {
      vi.stubEnv('MIGRATION_DATABASE_URL', url);
      vi.stubEnv('DATABASE_URL', url);
      const c = capture();
      expect(await main(['database', 'create-app-role'], c.io)).toBe(1);
      expect(c.err()).toMatch(/both name .*: the app's role must be another role/);
    });

    it('refuses a role that bypasses row-level security, and leaves it as it was', async () => {
      const role = newRole();
      const c = await admin();
      await c.query(`create role "${role}" login bypassrls`);
      vi.stubEnv('MIGRATION_DATABASE_URL', url);
      vi.stubEnv('DATABASE_URL', appUrl(role));
      const out = capture();
      expect(await main(['database', 'create-app-role'], out.io)).toBe(1);
      expect(out.err()).toMatch(/bypasses row-level security/);
      const { rows } = await c.query('select rolpassword from pg_authid where rolname = $1', [role]);
      await c.end();
      expect(rows[0].rolpassword).toBeNull();
    });
  });
}
