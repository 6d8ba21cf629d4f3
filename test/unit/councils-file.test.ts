// COUNCILS_FILE: several councils on one deployment, checked at start (docs/tenancy.md).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { parseCouncilsFile } from '../../src/councils-file.ts';

const A = '00000000-0000-4000-8000-00000000000a';

describe('COUNCILS_FILE', () => {
  it('reads each council, with its files taken relative to the councils file', () => {
    const councils = parseCouncilsFile(
      [
        'councils:',
        '  - id: northmoor',
        '    directoryFile: dirs/northmoor.yaml',
        '    protocolFiles: [protocols/northmoor.yaml]',
        `    tenantIds: [${A.toUpperCase()}]`,
        '  - id: southmere',
        '    directoryFile: /etc/cp/southmere.yaml',
      ].join('\n'),
      '/srv/cp/councils.yaml',
    );
    expect(councils).toEqual([
      {
        id: 'northmoor',
        directoryFile: '/srv/cp/dirs/northmoor.yaml',
        protocolFiles: ['/srv/cp/protocols/northmoor.yaml'],
        tenantIds: [A],
      },
      { id: 'southmere', directoryFile: '/etc/cp/southmere.yaml', protocolFiles: [], tenantIds: [] },
    ]);
  });

  it.each([
    ['no council', 'councils: []', /name at least one council/],
    [
      'a council named twice',
      'councils:\n  - {id: a, directoryFile: a.yaml}\n  - {id: a, directoryFile: b.yaml}',
      /councils\.1\.id: "a" is named twice/,
    ],
    [
      'a tenant in two councils',
      `councils:\n  - {id: a, directoryFile: a.yaml, tenantIds: [${A}]}\n  - {id: b, directoryFile: b.yaml, tenantIds: [${A}]}`,
      /tenant .* is already a's/,
    ],
    ['a tenant that is not a GUID', 'councils:\n  - {id: a, directoryFile: a.yaml, tenantIds: [x]}', /GUID/],
    ['an unknown setting', 'councils:\n  - {id: a, directoryFile: a.yaml, graph: true}', /graph/],
    ['an id with capitals', 'councils:\n  - {id: North, directoryFile: a.yaml}', /councils\.0\.id/],
    ['not YAML', 'councils: [', /not YAML/],
  ])('refuses %s, saying where', (_what, text, message) => {
    expect(() => parseCouncilsFile(text, 'councils.yaml')).toThrow(message);
  });

  it('goes with the database settings it needs, and not with the single-council ones', () => {
    expect(loadConfig({ COUNCILS_FILE: 'c.yaml', DATABASE_URL: 'postgres://a@db/cp' }).councilsFile).toBe(
      'c.yaml',
    );
    expect(() => loadConfig({ COUNCILS_FILE: 'c.yaml', DIRECTORY_FILE: 'd.yaml' })).toThrow(
      /leave DIRECTORY_FILE and PROTOCOL_FILES unset/,
    );
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@db/cp' })).toThrow(
      /set DATABASE_URL/,
    );
    expect(
      loadConfig({ DATABASE_URL: 'postgres://app@db/cp', MIGRATION_DATABASE_URL: 'postgres://owner@db/cp' })
        .store,
    ).toEqual({ kind: 'postgres', url: 'postgres://app@db/cp', migrationUrl: 'postgres://owner@db/cp' });
  });
});
