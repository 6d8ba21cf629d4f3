// The fail-closed configuration matrix: every combination of where the server listens, whether
// Entra is configured, NODE_ENV and what was asked for by name, and what start-up does with it:
// refuse (with a one-line reason), or start with dev sign-in and the test clock on or off. Then the
// real entry point (src/main.ts) for the refusals a container would meet, and the warning a
// training install gets in its start-up log.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopback, loadConfig } from '../../src/config.ts';
import { startApp } from '../../src/start-app.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const entra = { ENTRA_CLIENT_ID: '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11', MicrosoftAppTenantId: 'tenant' };
/** Everything production needs besides sign-in. */
const productionReady = {
  DATABASE_URL: 'postgres://app@db.example/cp',
  DIRECTORY_FILE: './people.yaml',
  APP_BASE_URL: 'https://disputes.northmoor.example',
};

type Outcome = { refused: RegExp } | { devAuth: boolean; testClock: boolean; warns: number };

function outcomeOf(env: Record<string, string>): Outcome | { error: string } {
  try {
    const c = loadConfig(env);
    return { devAuth: c.devAuth, testClock: c.testClock, warns: c.warnings.length };
  } catch (e) {
    if (e instanceof ConfigError) return { error: e.message };
    throw e;
  }
}

describe('which addresses count as this machine only', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.4', false],
    ['192.168.1.20', false],
    ['disputes.northmoor.example', false],
    ['128.0.0.1', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe('the matrix: host × Entra × NODE_ENV × DEV_AUTH × TEST_CLOCK', () => {
  const hosts = ['127.0.0.1', '0.0.0.0', '10.0.0.4'];
  const nodeEnvs = [undefined, 'development', 'test', 'production'] as const;
  const asks = [undefined, 'on', 'off'] as const;
  const rows: [string, Record<string, string>, Outcome][] = [];
  for (const host of hosts)
    for (const withEntra of [false, true])
      for (const nodeEnv of nodeEnvs)
        for (const devAuth of asks)
          for (const testClock of asks) {
            const env: Record<string, string> = { HOST: host, DATA_DIR: 'memory://' };
            if (withEntra) Object.assign(env, entra);
            if (nodeEnv) env.NODE_ENV = nodeEnv;
            if (nodeEnv === 'production') Object.assign(env, productionReady);
            if (devAuth) env.DEV_AUTH = devAuth;
            if (testClock) env.TEST_CLOCK = testClock;
            rows.push([JSON.stringify(env), env, expected(host, withEntra, nodeEnv, devAuth, testClock)]);
          }

  /** The rules of issue 13, written out independently of config.ts. */
  function expected(
    host: string,
    withEntra: boolean,
    nodeEnv: string | undefined,
    devAuth: string | undefined,
    testClock: string | undefined,
  ): Outcome {
    const loopback = host.startsWith('127.');
    if (nodeEnv === 'production') {
      if (devAuth === 'on') return { refused: /DEV_AUTH=on is refused with NODE_ENV=production/ };
      if (testClock === 'on') return { refused: /TEST_CLOCK=on is refused with NODE_ENV=production/ };
      if (!withEntra) return { refused: /NODE_ENV=production needs Entra sign-in/ };
      return { devAuth: false, testClock: false, warns: 0 };
    }
    if (!loopback && !withEntra && devAuth !== 'on')
      return { refused: new RegExp(`HOST=${host.replace(/\./g, '\\.')} is not a loopback address`) };
    const byDefault = loopback && !withEntra;
    const dev = devAuth === 'on' || (byDefault && devAuth === undefined);
    const clock = testClock === 'on' || (byDefault && testClock === undefined);
    return { devAuth: dev, testClock: clock, warns: loopback ? 0 : Number(dev) + Number(clock) };
  }

  it(`has ${rows.length} combinations, each refused or allowed as the rules say`, () => {
    expect(rows.length).toBe(216);
    let refused = 0;
    let devOpenToOthers = 0;
    for (const [name, env, want] of rows) {
      const got = outcomeOf(env);
      if ('refused' in want) {
        refused++;
        expect(got, name).toHaveProperty('error');
        const message = (got as { error: string }).error;
        expect(message, name).toMatch(want.refused);
        expect(message, name).not.toContain('\n');
      } else {
        expect(got, name).toEqual(want);
        if (!isLoopback(env.HOST!) && (want.devAuth || want.testClock)) devOpenToOthers++;
      }
    }
    // The shapes of the matrix: plenty refused, and dev sign-in off the machine only when asked.
    expect(refused).toBeGreaterThan(60);
    expect(devOpenToOthers).toBeGreaterThan(0);
  });

  it('no combination gives dev sign-in on a non-loopback address unless DEV_AUTH=on was written', () => {
    for (const [name, env] of rows) {
      const got = outcomeOf(env);
      if ('devAuth' in got && got.devAuth && !isLoopback(env.HOST!)) expect(env.DEV_AUTH, name).toBe('on');
      if ('testClock' in got && got.testClock && !isLoopback(env.HOST!))
        expect(env.TEST_CLOCK, name).toBe('on');
    }
  });

  it('a container that forgets NODE_ENV and listens on 0.0.0.0 with no Entra settings refuses to start', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
      /^HOST=0\.0\.0\.0 is not a loopback address and no sign-in is configured/,
    );
  });

  it('nothing set at all: npm start on a fresh machine has dev sign-in and the test clock, on 127.0.0.1', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', devAuth: true, testClock: true, warnings: [] });
  });
});

describe('production refuses the development conveniences, each with its own reason', () => {
  const ready = { NODE_ENV: 'production', ...entra, ...productionReady };
  it('starts with everything set', () => {
    expect(loadConfig(ready)).toMatchObject({ env: 'production', devAuth: false, testClock: false });
  });
  it.each([
    ['PGlite (no DATABASE_URL)', { DATABASE_URL: undefined }, /needs DATABASE_URL: PGlite/],
    ['the demo directory', { DIRECTORY_FILE: undefined }, /refuses the demo directory/],
    ['an http:// APP_BASE_URL', { APP_BASE_URL: 'http://disputes.northmoor.example' }, /https:\/\//],
    ['no APP_BASE_URL', { APP_BASE_URL: undefined }, /APP_BASE_URL/],
    ['ALLOWED_TENANT_IDS=*', { ALLOWED_TENANT_IDS: '*' }, /ALLOWED_TENANT_IDS=\* is refused/],
    ['* among tenants', { ALLOWED_TENANT_IDS: 'tenant, *' }, /ALLOWED_TENANT_IDS=\* is refused/],
    [
      'an http:// ENTRA_AUTHORITY_HOST',
      { ENTRA_AUTHORITY_HOST: 'http://127.0.0.1:8443' },
      /ENTRA_AUTHORITY_HOST/,
    ],
  ])('%s', (_what, change, reason) => {
    expect(() => loadConfig({ ...ready, ...change })).toThrow(reason);
  });
  it('the Graph directory stands in for DIRECTORY_FILE, unless DIRECTORY_SOURCE=file asks for the file', () => {
    const graph = { ...ready, DIRECTORY_FILE: undefined, GRAPH_CLIENT_ID: 'graph-app' };
    expect(() => loadConfig(graph)).not.toThrow();
    expect(() => loadConfig({ ...graph, DIRECTORY_SOURCE: 'file' })).toThrow(/demo directory/);
  });
});

describe('start-up', () => {
  /** Runs the real entry point; resolves with its exit code and output (or null if it kept running). */
  function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ code: null, output });
      }, 45_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it('refuses a non-loopback address without sign-in, and production on PGlite, each in one log line', async () => {
    const [open, pglite] = await Promise.all([
      runMain({ HOST: '0.0.0.0', DATA_DIR: 'memory://' }),
      runMain({
        NODE_ENV: 'production',
        ...entra,
        DIRECTORY_FILE: './x.yaml',
        APP_BASE_URL: 'https://x.example',
      }),
    ]);
    for (const [run, reason] of [
      [open, /configuration refused: HOST=0\.0\.0\.0 is not a loopback address/],
      [pglite, /configuration refused: NODE_ENV=production needs DATABASE_URL/],
    ] as const) {
      expect(run.code, run.output).toBe(78);
      const lines = run.output.trim().split('\n');
      expect(lines, run.output).toHaveLength(1);
      expect(JSON.parse(lines[0]!).msg).toMatch(reason);
    }
  }, 60_000);

  it('a training install that asks for DEV_AUTH=on and TEST_CLOCK=on off this machine is warned in the log', async () => {
    const lines: string[] = [];
    const env = {
      NODE_ENV: 'test',
      HOST: '0.0.0.0',
      DEV_AUTH: 'on',
      TEST_CLOCK: 'on',
      DATA_DIR: 'memory://',
    };
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const app = await startApp(loadConfig(env), logger, { listen: false, background: false, env });
    try {
      const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
      expect(warnings.map((w) => w.msg)).toEqual([
        expect.stringMatching(
          /DEV_AUTH=on on 0\.0\.0\.0: anyone who can reach port 3978 can sign in as anyone/,
        ),
        expect.stringMatching(
          /TEST_CLOCK=on on 0\.0\.0\.0: anyone who can reach port 3978 can move the clock/,
        ),
      ]);
      expect(app.testClock).toBeDefined();
    } finally {
      await app.stop();
    }
  }, 120_000);

  it('takes a signing key set of its own for Entra only in tests', async () => {
    const env = { NODE_ENV: 'development', ...entra, DATA_DIR: 'memory://' };
    await expect(
      startApp(loadConfig(env), pino({ level: 'silent' }), {
        listen: false,
        background: false,
        env,
        entraJwks: async () => {
          throw new Error('never asked');
        },
      }),
    ).rejects.toThrow(/for tests only/);
  });
});
