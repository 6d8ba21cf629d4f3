import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, tierFromJobTitle } from '../../src/adapters/graph/graph-posts-tiers.ts';
import { GraphSettingsError, loadGraphSettings } from '../../src/adapters/graph/graph-settings.ts';
import { ConfigError } from '../../src/config.ts';
import { CLIENT, SECRET, TENANT } from './support.ts';

const THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const base = { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT };

describe('loadGraphSettings', () => {
  it('is null without GRAPH_CLIENT_ID: the embedded defaults are used', () => {
    expect(loadGraphSettings({})).toBeNull();
    expect(loadGraphSettings({ GRAPH_POSTS: 'cp-chair=chairs@council.example', PORT: '3978' })).toBeNull();
  });

  it('reads a client-secret configuration with the defaults filled in', () => {
    const s = loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET })!;
    expect(s).toMatchObject({
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'secret', secret: SECRET },
      authorityHost: 'https://login.microsoftonline.com',
      authority: `https://login.microsoftonline.com/${TENANT}`,
      baseUrl: 'https://graph.microsoft.com',
      meetingsOrganizer: null,
      mailSender: null,
      actionableOriginator: null,
      posts: {},
      tierAttribute: null,
      cacheSeconds: 300,
      directoryLimit: 1000,
      retry: { maxRetries: 3, delaySeconds: 3 },
    });
    expect(s.tiers).toEqual(DEFAULT_TIERS);
  });

  it('reads a certificate given inline (with \\n escapes) or as a file', () => {
    const inline = loadGraphSettings({
      ...base,
      GRAPH_CERT_THUMBPRINT_SHA256: THUMBPRINT.toLowerCase().match(/../g)!.join(':'),
      GRAPH_CERT_PRIVATE_KEY: PEM.replace(/\n/g, '\\n'),
    })!;
    expect(inline.credential).toEqual({ kind: 'certificate', thumbprintSha256: THUMBPRINT, privateKey: PEM });

    const read: string[] = [];
    const fromFile = loadGraphSettings(
      {
        ...base,
        GRAPH_CERT_THUMBPRINT_SHA256: THUMBPRINT,
        GRAPH_CERT_PRIVATE_KEY_FILE: '/run/secrets/graph.pem',
      },
      { readFile: (p) => (read.push(p), PEM) },
    )!;
    expect(read).toEqual(['/run/secrets/graph.pem']);
    expect(fromFile.credential).toEqual({
      kind: 'certificate',
      thumbprintSha256: THUMBPRINT,
      privateKey: PEM,
    });
  });

  it('names every problem of a half configuration at once', () => {
    const error = (() => {
      try {
        loadGraphSettings({ GRAPH_CLIENT_ID: CLIENT });
      } catch (e) {
        return e as Error;
      }
    })()!;
    expect(error).toBeInstanceOf(GraphSettingsError);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('GRAPH_TENANT_ID is missing');
    expect(error.message).toContain(
      'no credential: set GRAPH_CLIENT_SECRET, or GRAPH_CERT_THUMBPRINT_SHA256',
    );
    expect(error.message).toContain('remove GRAPH_CLIENT_ID to use the embedded defaults');
  });

  it('refuses credentials without a client id, and other half or wrong configurations', () => {
    expect(() => loadGraphSettings({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_SECRET: SECRET })).toThrow(
      /GRAPH_TENANT_ID, GRAPH_CLIENT_SECRET are set but GRAPH_CLIENT_ID is not/,
    );
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET, GRAPH_CERT_THUMBPRINT_SHA256: THUMBPRINT }),
    ).toThrow(/either GRAPH_CLIENT_SECRET or a certificate/);
    expect(() => loadGraphSettings({ ...base, GRAPH_CERT_THUMBPRINT_SHA256: THUMBPRINT })).toThrow(
      /GRAPH_CERT_PRIVATE_KEY \(or GRAPH_CERT_PRIVATE_KEY_FILE\) is missing/,
    );
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CERT_THUMBPRINT_SHA256: 'abc', GRAPH_CERT_PRIVATE_KEY: PEM }),
    ).toThrow(/64 hexadecimal digits/);
    expect(() =>
      loadGraphSettings(
        { ...base, GRAPH_CERT_THUMBPRINT_SHA256: THUMBPRINT, GRAPH_CERT_PRIVATE_KEY_FILE: '/nope.pem' },
        {
          readFile: () => {
            throw Object.assign(new Error('missing'), { code: 'ENOENT' });
          },
        },
      ),
    ).toThrow(/GRAPH_CERT_PRIVATE_KEY_FILE "\/nope.pem" cannot be read \(ENOENT\)/);
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_ID: 'my-app', GRAPH_CLIENT_SECRET: SECRET }),
    ).toThrow(/GRAPH_CLIENT_ID must be the Application \(client\) ID/);
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET, GRAPH_BASE_URL: 'http://graph.local/v1.0' }),
    ).toThrow(/GRAPH_BASE_URL must be an https:\/\/ address with no path/);
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET, GRAPH_CACHE_SECONDS: 'soon' }),
    ).toThrow(/GRAPH_CACHE_SECONDS must be a number/);
  });

  it('reads GRAPH_POSTS written as post=value pairs', () => {
    const s = loadGraphSettings({
      ...base,
      GRAPH_CLIENT_SECRET: SECRET,
      GRAPH_POSTS:
        'cp-chair=3F0C2B1A-0000-4000-8000-0000000000C1, head-of-service-safeguarding=ruth.ellery@northmoor.example,' +
        'partnership-board-manager=mailbox:nscp@northmoor.example',
      MEETINGS_ORGANIZER: 'cp-meetings@northmoor.example',
      MAIL_SENDER: 'cp-disputes@northmoor.example',
      ACTIONABLE_ORIGINATOR: '6f7a3c2e-2c1d-4b7a-9a55-0d3c4b1a2e9f',
    })!;
    expect(s.posts).toEqual({
      'cp-chair': { kind: 'group', groupId: '3f0c2b1a-0000-4000-8000-0000000000c1' },
      'head-of-service-safeguarding': {
        kind: 'person',
        upn: 'ruth.ellery@northmoor.example',
        mailbox: false,
      },
      'partnership-board-manager': { kind: 'person', upn: 'nscp@northmoor.example', mailbox: true },
    });
    expect(s.meetingsOrganizer).toBe('cp-meetings@northmoor.example');
    expect(s.mailSender).toBe('cp-disputes@northmoor.example');
    expect(s.actionableOriginator).toBe('6f7a3c2e-2c1d-4b7a-9a55-0d3c4b1a2e9f');
  });

  it('reads GRAPH_POSTS as JSON, and refuses what is neither a group nor a person', () => {
    const s = loadGraphSettings({
      ...base,
      GRAPH_CLIENT_SECRET: SECRET,
      GRAPH_POSTS: JSON.stringify({
        'cp-chair': { group: '3f0c2b1a-0000-4000-8000-0000000000c1' },
        'head-of-service-safeguarding': 'ruth.ellery@northmoor.example',
        'partnership-board-manager': { mailbox: 'nscp@northmoor.example' },
      }),
    })!;
    expect(Object.keys(s.posts)).toEqual([
      'cp-chair',
      'head-of-service-safeguarding',
      'partnership-board-manager',
    ]);
    expect(s.posts['partnership-board-manager']).toEqual({
      kind: 'person',
      upn: 'nscp@northmoor.example',
      mailbox: true,
    });

    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET, GRAPH_POSTS: 'cp-chair=the chairs' }),
    ).toThrow(
      /GRAPH_POSTS: cp-chair must name an Entra group's object id \(a GUID\) or a person's sign-in address/,
    );
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET, GRAPH_POSTS: 'CP Chair=x@y.example' }),
    ).toThrow(/the post "CP Chair" must be written as protocols name it/);
  });

  it('reads GRAPH_TIERS in order, with commas inside a pattern, and plain words', () => {
    const s = loadGraphSettings({
      ...base,
      GRAPH_CLIENT_SECRET: SECRET,
      GRAPH_TIERS:
        'team-manager=/\\b(team|practice) manager\\b/i, service-manager=/^(?:[a-z]+ ){0,3}service manager/i,head-of-service=head of service',
      GRAPH_TIER_ATTRIBUTE: 'onPremisesExtensionAttributes.extensionAttribute5',
    })!;
    expect(s.tiers.map((t) => t.tier)).toEqual(['team-manager', 'service-manager', 'head-of-service']);
    expect(tierFromJobTitle('Practice Manager, Fostering', s.tiers)).toBe('team-manager');
    expect(tierFromJobTitle('Locality Service Manager', s.tiers)).toBe('service-manager');
    expect(tierFromJobTitle('HEAD  OF SERVICE (Safeguarding)', s.tiers)).toBe('head-of-service');
    expect(tierFromJobTitle('Social Worker', s.tiers)).toBeNull();
    expect(s.tierAttribute).toBe('onPremisesExtensionAttributes.extensionAttribute5');
    expect(() =>
      loadGraphSettings({ ...base, GRAPH_CLIENT_SECRET: SECRET, GRAPH_TIERS: 'team-manager=/(/' }),
    ).toThrow(/the pattern for team-manager is not a valid regular expression/);
  });

  it('gives English councils sensible tiers by default', () => {
    const tier = (title: string) => tierFromJobTitle(title, DEFAULT_TIERS);
    expect(tier('Team Manager, North Child Protection Team')).toBe('team-manager');
    expect(tier('Service Manager, North Locality')).toBe('service-manager');
    expect(tier('Head of Service, South Locality')).toBe('head-of-service');
    expect(tier("Assistant Director, Children's Social Care")).toBe('assistant-director');
    expect(tier("Director of Children's Services (DCS)")).toBe('director');
    expect(tier("Deputy Director, Children's Social Care")).toBeNull();
    expect(tier('Social Worker')).toBeNull();
  });
});
