// What the Dockerfile and the compose file promise an operator, read from the files themselves
// (the image is built and started for real by scripts/container-smoke.sh in CI).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
const compose = parse(readFileSync(new URL('compose.yaml', root), 'utf8')) as {
  services: Record<
    string,
    { image?: string; profiles?: string[]; ports?: string[]; environment?: Record<string, string> }
  >;
};
/** The instructions of the last stage (the image that runs). */
const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

describe('the Dockerfile', () => {
  it('builds on the official Node 24 slim image unless told otherwise', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    expect(dockerfile.match(/^FROM \$\{NODE_IMAGE\}/gm)).toHaveLength(2);
  });

  it('installs from the lock, builds, and drops the dev dependencies', () => {
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('runs in production mode, as a numeric non-root user, under tini, with a health check', () => {
    expect(runtime).toMatch(/NODE_ENV=production/);
    const user = runtime.match(/^USER (\S+)$/m)?.[1];
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/livez/m);
    expect(runtime).toMatch(/^CMD \[.*"dist\/server\/main\.mjs"\]$/m);
  });
});

describe('the compose file', () => {
  it('runs PostgreSQL 16, unpublished', () => {
    expect(compose.services.db?.image).toBe('postgres:16');
    expect(compose.services.db?.ports).toBeUndefined();
  });

  it('publishes every port on 127.0.0.1 only, the demo profile above all (dev sign-in)', () => {
    const demo = compose.services.demo!;
    expect(demo.profiles).toEqual(['demo']);
    expect(demo.environment?.DEV_AUTH).toBe('on');
    for (const service of Object.values(compose.services))
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});
