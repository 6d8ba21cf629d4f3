// The Directory port over Microsoft Graph, against Graph served by msw with the docs' example responses
// (test/graph/fixtures) and MSAL for real behind the client. Any request no handler expects fails.
//
// Two casts: Contoso, the docs' own people, answered with the examples verbatim; and Northmoor, the
// invented council of the demo directory, in the same shapes (user-get, user-list-manager,
// user-get-mailboxsettings, group-list-members), for role resolution and absences.
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createGraphClient } from '../../src/adapters/graph/graph-client.ts';
import { createGraphDirectory } from '../../src/adapters/graph/graph-directory.ts';
import {
  absenceOn,
  DEFAULT_WORKING_HOURS,
  formatUntil,
  workingHoursFrom,
  type AutomaticRepliesSetting,
} from '../../src/adapters/graph/out-of-office.ts';
import { createGraphCredentials, type GraphLogger } from '../../src/adapters/graph/msal-credentials.ts';
import { resolveRoster } from '../../src/app/resolve-roster.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import {
  doc,
  FakeEntra,
  GRAPH,
  graphJson,
  graphSettings,
  notFound,
  TENANT,
  testClock,
  useGraphServer,
} from './support.ts';

const { server, requests } = useGraphServer();

type Json = Record<string, unknown>;
const param = (v: string | readonly string[] | undefined) => decodeURIComponent(String(v ?? ''));

function directoryFor(env: Record<string, string> = {}, start = '2026-11-25T10:00:00Z') {
  const settings = graphSettings(env);
  const credentials = createGraphCredentials(settings, { networkClient: new FakeEntra() });
  const client = createGraphClient({ credentials, retry: { maxRetries: 1, delaySeconds: 0 } });
  const clock = testClock(start);
  const warnings: string[] = [];
  const logger: GraphLogger = {
    debug() {},
    info() {},
    warn: (_o, m) => warnings.push(m),
    error: (_o, m) => warnings.push(m),
  };
  return { directory: createGraphDirectory(client, settings, { clock, logger }), clock, warnings, settings };
}

const paths = () => requests.map((r) => `${r.method} ${r.url.pathname.replace('/v1.0', '')}`);

// ---------------------------------------------------------------------------------------------------
// Contoso: the docs' examples as they are

const ADELE = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const CONTRIBUTOR = 'a97733ce-92a4-4e7e-8d45-8e1f3e6a69d8';
const SARA = '7d54cb02-aaa3-4016-9f9c-a4b49422dd9b';
const GRADY = 'e8b753b5-4117-464e-9a08-713e1ff266b3';

/** Each doc user, by id, as GET /users/{id} answers it. */
function contosoUsers(): Map<string, Json> {
  const grady = doc<{ value: Json[] }>('user-list-filter').value[0]!;
  const listed = doc<{ value: Json[] }>('user-list-all').value;
  const members = doc<{ value: Json[] }>('group-list-members-users').value;
  return new Map(
    [doc('user-get'), doc('user-get-manager'), grady, ...listed, ...members].map(
      (u) => [String(u.id), u] as const,
    ),
  );
}

function contoso(options: { mailbox?: () => Response } = {}) {
  const users = contosoUsers();
  return [
    http.get(`${GRAPH}/users/:id`, ({ params }) => {
      const user = users.get(param(params.id));
      return user ? graphJson(user) : notFound();
    }),
    http.get(
      `${GRAPH}/users/:id/mailboxSettings`,
      () => options.mailbox?.() ?? graphJson(doc('mailboxsettings-get')),
    ),
  ];
}

describe('people from the docs (Contoso)', () => {
  it('reads a person by Entra object id (GET /users/{id})', async () => {
    server.use(...contoso());
    const { directory } = directoryFor();
    const adele = await directory.byId(ADELE);
    expect(adele).toEqual({
      id: ADELE,
      name: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      aadObjectId: ADELE,
      tenantId: TENANT,
      jobTitle: 'Retail Manager',
      managerId: null,
      tier: null,
      posts: [],
      mailbox: false,
      team: null,
      // The docs' mailbox works 08:00-17:00 Pacific: not London hours, so the default applies.
      workingHours: DEFAULT_WORKING_HOURS,
    });
    expect(paths()).toEqual([`GET /users/${ADELE}`, `GET /users/${ADELE}/mailboxSettings`]);
    const url = requests[0]!.url;
    expect(url.searchParams.get('$select')).toBe('id,displayName,mail,userPrincipalName,jobTitle,department');
    expect(url.searchParams.get('$expand')).toBe('manager($select=id)');
  });

  it('answers byAadObjectId only for its tenant, and null for whoever is not in Entra ID', async () => {
    server.use(...contoso());
    const { directory } = directoryFor();
    expect((await directory.byAadObjectId(TENANT.toUpperCase(), ADELE))?.name).toBe('Adele Vance');
    expect(await directory.byAadObjectId('00000000-0000-4000-8000-00000000a11c', ADELE)).toBeNull();
    expect(await directory.byId('11111111-1111-4111-8111-111111111111')).toBeNull(); // 404
    expect(await directory.byId('sw-ben')).toBeNull(); // not an object id: no request
    expect(paths().filter((p) => p.includes('sw-ben'))).toEqual([]);
  });

  it('finds a person by email with $filter=mail eq …, else by sign-in name', async () => {
    server.use(
      ...contoso(),
      http.get(`${GRAPH}/users`, ({ request }) => {
        const filter = new URL(request.url).searchParams.get('$filter');
        return filter === "mail eq 'gradya@contoso.com'"
          ? graphJson(doc('user-list-filter'))
          : graphJson({ value: [] });
      }),
    );
    const { directory } = directoryFor();
    expect((await directory.byEmail('GradyA@contoso.com'))?.id).toBe(GRADY);
    expect(await directory.byEmail("o'brien@contoso.com")).toBeNull();
    expect(requests.some((r) => r.url.searchParams.get('$filter') === "mail eq 'o''brien@contoso.com'")).toBe(
      true,
    );
  });

  it('reads the manager chain in one request with $expand=manager($levels=max)', async () => {
    server.use(
      http.get(`${GRAPH}/users/:id`, ({ params, request }) => {
        const expand = new URL(request.url).searchParams.get('$expand') ?? '';
        return param(params.id) === CONTRIBUTOR && expand.includes('$levels=max')
          ? graphJson(doc('user-list-manager-chain'))
          : notFound();
      }),
      http.get(`${GRAPH}/users/:id/mailboxSettings`, () => graphJson(doc('mailboxsettings-get'))),
    );
    const { directory } = directoryFor();
    const chain = await directory.managerChain(CONTRIBUTOR);
    expect(chain.map((p) => [p.name, p.managerId])).toEqual([
      ['Alex Wilber', '343a3f95-377c-47a9-b697-480487bfcdf7'],
      ['Bianca Pisani', '8e07b731-5ba7-4081-b482-15e6eca35c45'],
      ['Patti Fernandez', null],
    ]);
    const expandRequest = requests[0]!;
    expect(expandRequest.headers.get('consistencylevel')).toBe('eventual');
    expect(expandRequest.url.searchParams.get('$count')).toBe('true');
    expect(expandRequest.url.searchParams.get('$expand')).toBe(
      'manager($levels=max;$select=id,displayName,mail,userPrincipalName,jobTitle,department)',
    );
  });

  it('walks GET /users/{id}/manager when the expand is refused; a 404 there is the top of the line', async () => {
    server.use(
      http.get(`${GRAPH}/users/:id`, () => graphJson(doc('error-unsupported-query'), 400)),
      http.get(`${GRAPH}/users/:id/manager`, ({ params }) =>
        param(params.id) === ADELE ? graphJson(doc('user-get-manager')) : notFound(),
      ),
      http.get(`${GRAPH}/users/:id/mailboxSettings`, () => graphJson(doc('mailboxsettings-get'))),
    );
    const { directory } = directoryFor();
    const chain = await directory.managerChain(ADELE);
    expect(
      chain.map((p) => ({ id: p.id, name: p.name, jobTitle: p.jobTitle, managerId: p.managerId })),
    ).toEqual([{ id: SARA, name: 'Sara Davis', jobTitle: 'Finance VP', managerId: null }]);
    expect(paths()).toEqual([
      `GET /users/${ADELE}`,
      `GET /users/${ADELE}/manager`,
      `GET /users/${SARA}/manager`,
      `GET /users/${SARA}/mailboxSettings`,
    ]);
  });

  it('has an empty chain, not an error, for someone with no manager or nobody at all', async () => {
    server.use(
      http.get(`${GRAPH}/users/:id`, ({ params }) =>
        param(params.id) === ADELE ? graphJson(doc('user-get')) : notFound(),
      ),
    );
    const { directory } = directoryFor();
    expect(await directory.managerChain(ADELE)).toEqual([]); // the doc user has no manager
    expect(await directory.managerChain('11111111-1111-4111-8111-111111111111')).toEqual([]);
  });

  it('searches with $search="displayName:…" (ConsistencyLevel: eventual), skipping entries without an id', async () => {
    const withId = doc<{ value: Json[] }>('user-list-search');
    server.use(
      http.get(`${GRAPH}/users`, ({ request }) => {
        const search = new URL(request.url).searchParams.get('$search');
        if (search === '"displayName:wa"') return graphJson(doc('user-list-search'));
        if (search === '"displayName:Oscar wa"')
          return graphJson({
            ...withId,
            value: [{ ...withId.value[0], id: '5d6e7f80-0000-4000-8000-000000000001' }],
          });
        return graphJson({ value: [] });
      }),
    );
    const { directory } = directoryFor();
    expect(await directory.search({ q: 'wa' })).toEqual([]); // the doc's entry has no id
    expect(requests[0]!.headers.get('consistencylevel')).toBe('eventual');
    const found = await directory.search({ q: 'Oscar wa', limit: 5 });
    expect(found.map((p) => [p.name, p.email])).toEqual([['Oscar Ward', 'oscarward@contoso.com']]);
  });

  it('falls back to startswith(displayName,…) where $search is refused', async () => {
    server.use(
      http.get(`${GRAPH}/users`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        if (params.has('$search')) return graphJson(doc('error-unsupported-query'), 400);
        return params.get('$filter') === "startswith(displayName,'Grady')"
          ? graphJson(doc('user-list-filter'))
          : graphJson({ value: [] });
      }),
    );
    const { directory } = directoryFor();
    expect((await directory.search({ q: 'Grady' })).map((p) => p.name)).toEqual(['Grady Archie']);
  });

  it('lists everyone by paging @odata.nextLink, up to GRAPH_DIRECTORY_LIMIT', async () => {
    const [adams, admin] = doc<{ value: Json[] }>('user-list-all').value;
    const next = `${GRAPH}/users?$select=id,displayName&$top=1&$skiptoken=RFNwdAIAAQAAAD8`;
    server.use(
      http.get(`${GRAPH}/users`, ({ request }) =>
        new URL(request.url).searchParams.has('$skiptoken')
          ? graphJson({ value: [admin] })
          : graphJson({
              '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
              '@odata.nextLink': next,
              value: [adams],
            }),
      ),
    );
    const { directory } = directoryFor();
    expect((await directory.all()).map((p) => [p.name, p.email])).toEqual([
      ['Conf Room Adams', 'Adams@contoso.com'],
      ['MOD Administrator', 'admin@contoso.com'],
    ]);
    expect(requests).toHaveLength(2);

    const capped = directoryFor({ GRAPH_DIRECTORY_LIMIT: '1' });
    requests.length = 0;
    expect((await capped.directory.all()).map((p) => p.name)).toEqual(['Conf Room Adams']);
    expect(requests).toHaveLength(1);
    expect(capped.warnings).toEqual(['Stopped reading the users at GRAPH_DIRECTORY_LIMIT (1).']);
  });

  it("reads a post's holders from its Entra group (GET /groups/{id}/members/microsoft.graph.user)", async () => {
    const group = '3f0c2b1a-0000-4000-8000-0000000000c1';
    server.use(
      ...contoso(),
      http.get(`${GRAPH}/groups/:id/members/microsoft.graph.user`, ({ params }) =>
        param(params.id) === group ? graphJson(doc('group-list-members-users')) : notFound(),
      ),
    );
    const { directory } = directoryFor({ GRAPH_POSTS: `cp-chair=${group}` });
    const chairs = await directory.holdersOfPost('cp-chair');
    expect(chairs.map((p) => [p.name, p.posts])).toEqual([
      ['Joseph Price', ['cp-chair']],
      ['Preston Morales', ['cp-chair']],
    ]);
    const membersRequest = requests.find((r) => r.url.pathname.includes('/groups/'))!;
    expect(membersRequest.headers.get('consistencylevel')).toBe('eventual');
    expect(await directory.holdersOfPost('partnership-board-manager')).toEqual([]); // not configured
  });

  it("says what IT must grant when the group for a post can't be read, without stopping sign-in", async () => {
    const group = '3f0c2b1a-0000-4000-8000-0000000000c1';
    server.use(
      ...contoso(),
      http.get(`${GRAPH}/groups/:id/members/microsoft.graph.user`, () =>
        graphJson(doc('error-forbidden'), 403),
      ),
    );
    const { directory, warnings } = directoryFor({ GRAPH_POSTS: `cp-chair=${group}` });
    expect((await directory.byId(ADELE))?.name).toBe('Adele Vance');
    await expect(directory.holdersOfPost('cp-chair')).rejects.toThrow(
      'CP Disputes is not allowed to read the members of the Entra group for the post cp-chair: ask IT to grant the ' +
        'app registration the Microsoft Graph application permission GroupMember.Read.All (with admin consent).',
    );
    expect(warnings[0]).toMatch(/GroupMember\.Read\.All/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Northmoor: the demo council's people (invented) in the docs' shapes

const N = (n: number) => `a11c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const CHAIRS = 'c4a10000-0000-4000-8000-0000000000c1';
const DEPUTIES = 'c4a10000-0000-4000-8000-0000000000c2';

interface Staff {
  id: string;
  name: string;
  title: string | null;
  department: string;
  manager?: string;
}
const staff: Record<string, Staff> = {
  miriam: {
    id: N(1),
    name: 'Miriam Ashdown',
    title: 'Chief Executive',
    department: 'Senior Leadership Team',
  },
  olu: {
    id: N(2),
    name: 'Olu Brackenridge',
    title: "Director of Children's Services (DCS)",
    department: 'Senior Leadership Team',
    manager: 'miriam',
  },
  rafael: {
    id: N(4),
    name: 'Rafael Quist',
    title: "Assistant Director, Children's Social Care",
    department: 'Senior Leadership Team',
    manager: 'olu',
  },
  nadia: {
    id: N(5),
    name: 'Nadia Fellgate',
    title: 'Head of Service, North Locality',
    department: 'North Locality',
    manager: 'rafael',
  },
  lena: {
    id: N(7),
    name: 'Lena Farrowdale',
    title: 'Service Manager, North Locality',
    department: 'North Locality',
    manager: 'nadia',
  },
  carla: {
    id: N(9),
    name: 'Carla Brightwater',
    title: 'Team Manager, North Child Protection Team',
    department: 'North Child Protection Team',
    manager: 'lena',
  },
  ben: {
    id: N(11),
    name: 'Ben Harrowgate',
    title: 'Social Worker',
    department: 'North Child Protection Team',
    manager: 'carla',
  },
  ruth: {
    id: N(20),
    name: 'Ruth Ellery',
    title: 'Head of Service, Safeguarding and Quality Assurance',
    department: 'Safeguarding',
    manager: 'rafael',
  },
  sam: {
    id: N(21),
    name: 'Sam Okafor',
    title: 'Principal Social Worker',
    department: 'Safeguarding',
    manager: 'ruth',
  },
  hana: {
    id: N(16),
    name: 'Hana Whitcombe',
    title: 'Team Manager, Child Protection Conferences',
    department: 'Safeguarding',
    manager: 'ruth',
  },
  amara: {
    id: N(17),
    name: 'Amara Osei',
    title: 'Child Protection Conference Chair',
    department: 'Safeguarding',
    manager: 'hana',
  },
  idris: {
    id: N(18),
    name: 'Idris Vaughan',
    title: 'Child Protection Conference Chair',
    department: 'Safeguarding',
    manager: 'hana',
  },
  nscp: {
    id: N(40),
    name: 'Northmoor Safeguarding Children Partnership',
    title: null,
    department: 'Partnership',
  },
};
const byId = new Map(Object.values(staff).map((s) => [s.id, s] as const));
const upn = (s: Staff) => `${s.name.toLowerCase().split(' ').slice(0, 2).join('.')}@northmoor.example`;
const groups: Record<string, Staff[]> = { [CHAIRS]: [staff.amara!, staff.idris!], [DEPUTIES]: [staff.sam!] };

const NORTHMOOR_POSTS =
  `cp-chair=${CHAIRS},chief-executive=${upn(staff.miriam!)},head-of-service-safeguarding=${upn(staff.ruth!)},` +
  `head-of-service-safeguarding-deputy=${DEPUTIES},partnership-board-manager=mailbox:${upn(staff.nscp!)}`;

/** A Northmoor person as the user-get example shapes a user. */
function graphUser(s: Staff): Json {
  const [given, ...rest] = s.name.split(' ');
  return {
    ...doc('user-get'),
    businessPhones: [],
    displayName: s.name,
    givenName: given,
    jobTitle: s.title,
    mail: upn(s),
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-GB',
    surname: rest.join(' '),
    userPrincipalName: upn(s),
    id: s.id,
    department: s.department,
  };
}
const find = (key: string) =>
  byId.get(key.toLowerCase()) ?? Object.values(staff).find((s) => upn(s) === key.toLowerCase());

/** Mailbox settings from the doc's example 1, with automatic replies and working hours of our choosing. */
function mailboxSettings(replies?: Partial<AutomaticRepliesSetting>, workingHours?: Json): Json {
  const example = doc<Json & { automaticRepliesSetting: Json }>('mailboxsettings-get');
  return {
    ...example,
    automaticRepliesSetting: { ...example.automaticRepliesSetting, ...(replies ?? { status: 'disabled' }) },
    ...(workingHours ? { workingHours } : {}),
  };
}
const scheduled = (from: string, until: string): Partial<AutomaticRepliesSetting> => ({
  status: 'scheduled',
  scheduledStartDateTime: { dateTime: `${from}.0000000`, timeZone: 'GMT Standard Time' },
  scheduledEndDateTime: { dateTime: `${until}.0000000`, timeZone: 'GMT Standard Time' },
});

function northmoor(options: { mailbox?: Map<string, Json | Response> } = {}) {
  const managerOf = (s: Staff) => (s.manager ? staff[s.manager] : undefined);
  const chainOf = (s: Staff): Json | undefined => {
    const m = managerOf(s);
    if (!m) return undefined;
    const {
      businessPhones: _b,
      givenName: _g,
      surname: _s,
      mobilePhone: _m,
      officeLocation: _o,
      preferredLanguage: _p,
      ...selected
    } = graphUser(m);
    const next = chainOf(m);
    return next ? { ...selected, manager: next } : selected;
  };
  return [
    http.get(`${GRAPH}/users/:id`, ({ params, request }) => {
      const s = find(param(params.id));
      if (!s) return notFound();
      const expand = new URL(request.url).searchParams.get('$expand') ?? '';
      if (expand.includes('$levels=max')) {
        const chain = chainOf(s);
        return graphJson(chain ? { id: s.id, manager: chain } : { id: s.id });
      }
      const m = managerOf(s);
      return graphJson(
        m ? { ...graphUser(s), manager: { '@odata.type': '#microsoft.graph.user', id: m.id } } : graphUser(s),
      );
    }),
    http.get(`${GRAPH}/users/:id/mailboxSettings`, ({ params }) => {
      const s = find(param(params.id));
      const answer = s && options.mailbox?.get(s.id);
      if (answer instanceof Response) return answer;
      return graphJson(answer ?? mailboxSettings());
    }),
    http.get(`${GRAPH}/users`, ({ request }) => {
      const filter = /^mail eq '(.*)'$/.exec(new URL(request.url).searchParams.get('$filter') ?? '');
      const s = filter ? find(filter[1]!.replace(/''/g, "'")) : undefined;
      return graphJson({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id)',
        value: s ? [{ id: s.id }] : [],
      });
    }),
    http.get(`${GRAPH}/groups/:id/members/microsoft.graph.user`, ({ params }) => {
      const members = groups[param(params.id)];
      return members
        ? graphJson({
            '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
            value: members.map(graphUser),
          })
        : notFound();
    }),
  ];
}

describe('role resolution for Northmoor', () => {
  const gloucestershire = builtinProtocols().find((p) => p.id === 'gloucestershire')!;

  it('fills every role from Entra ID: managers, tiers from job titles, posts from GRAPH_POSTS', async () => {
    server.use(...northmoor());
    const { directory } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS });
    const { roster, unfilled } = await resolveRoster(gloucestershire, directory, {
      raiserId: staff.amara!.id,
      socialWorkerId: staff.ben!.id,
    });
    expect(unfilled).toEqual([]);
    const name = (ids: readonly string[] | undefined) => ids?.map((id) => byId.get(id)?.name);
    expect(Object.fromEntries(Object.entries(roster).map(([role, ids]) => [role, name(ids)]))).toEqual({
      chair: ['Amara Osei'],
      chairManager: ['Hana Whitcombe'],
      socialWorker: ['Ben Harrowgate'],
      teamManager: ['Carla Brightwater'],
      headOfService: ['Nadia Fellgate'],
      assistantDirector: ['Rafael Quist'],
      director: ['Olu Brackenridge'],
      chiefExecutive: ['Miriam Ashdown'],
      headOfServiceSafeguarding: ['Ruth Ellery'],
    });
  });

  it('asks Graph nothing the second time, and again once GRAPH_CACHE_SECONDS have passed', async () => {
    server.use(...northmoor());
    const { directory, clock } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS, GRAPH_CACHE_SECONDS: '300' });
    const parties = { raiserId: staff.amara!.id, socialWorkerId: staff.ben!.id };
    const first = await resolveRoster(gloucestershire, directory, parties);
    const asked = requests.length;
    expect(asked).toBeGreaterThan(0);

    clock.advance(299);
    expect(await resolveRoster(gloucestershire, directory, parties)).toEqual(first);
    expect(requests).toHaveLength(asked);

    clock.advance(2);
    expect(await resolveRoster(gloucestershire, directory, parties)).toEqual(first);
    expect(requests.length).toBeGreaterThan(asked);
  });

  it('maps tiers, posts, teams, shared mailboxes and London working hours', async () => {
    const londonHours = { ...doc('workinghours-get'), timeZone: { name: 'GMT Standard Time' } };
    server.use(
      ...northmoor({ mailbox: new Map([[staff.ben!.id, mailboxSettings(undefined, londonHours)]]) }),
    );
    const { directory } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS });
    const carla = await directory.byId(staff.carla!.id);
    expect(carla).toMatchObject({
      tier: 'team-manager',
      managerId: staff.lena!.id,
      team: 'North Child Protection Team',
      posts: [],
    });
    expect((await directory.byId(staff.ruth!.id))?.posts).toEqual(['head-of-service-safeguarding']);
    expect((await directory.byId(staff.sam!.id))?.posts).toEqual(['head-of-service-safeguarding-deputy']);
    const nscp = await directory.byEmail(upn(staff.nscp!));
    expect(nscp).toMatchObject({
      mailbox: true,
      posts: ['partnership-board-manager'],
      tier: null,
      jobTitle: '',
    });
    // The doc's example 3 (Monday to Saturday, 09:00-18:30), set in London time.
    expect((await directory.byId(staff.ben!.id))?.workingHours).toEqual({
      days: [1, 2, 3, 4, 5, 6],
      start: '09:00',
      end: '18:30',
    });
  });

  it('reads the tier from an attribute when GRAPH_TIER_ATTRIBUTE names one', async () => {
    server.use(
      http.get(`${GRAPH}/users/:id`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('$select')).toContain('onPremisesExtensionAttributes');
        return graphJson({
          ...doc<Json>('user-get'),
          onPremisesExtensionAttributes: { extensionAttribute5: 'Service-Manager' },
        });
      }),
      http.get(`${GRAPH}/users/:id/mailboxSettings`, () => graphJson(doc('mailboxsettings-get'))),
    );
    const { directory } = directoryFor({
      GRAPH_TIER_ATTRIBUTE: 'onPremisesExtensionAttributes.extensionAttribute5',
    });
    expect((await directory.byId(ADELE))?.tier).toBe('service-manager');
  });
});

// ---------------------------------------------------------------------------------------------------
// Out of office

describe('out of office', () => {
  it("reads the docs' scheduled, always-on and disabled replies", () => {
    const example1 = doc<{ automaticRepliesSetting: AutomaticRepliesSetting }>(
      'mailboxsettings-get',
    ).automaticRepliesSetting;
    // Scheduled 2016-03-14 07:00 to 2016-03-28 07:00 UTC.
    expect(absenceOn(example1, '2016-03-21')).toEqual({ away: true, until: '2016-03-28T07:00:00.000Z' });
    expect(absenceOn(example1, '2016-03-14')).toEqual({ away: true, until: '2016-03-28T07:00:00.000Z' });
    expect(absenceOn(example1, '2016-03-13')).toEqual({ away: false });
    // Back at 08:00 London (BST) on the 28th, before the working day starts: not away that day.
    expect(absenceOn(example1, '2016-03-28')).toEqual({ away: false });
    expect(absenceOn(example1, '2016-03-28T06:59:00Z')).toMatchObject({ away: true });
    expect(formatUntil('2016-03-28T07:00:00.000Z')).toBe('Mon 28 Mar at 08:00');

    const example2 = doc<AutomaticRepliesSetting>('automaticreplies-always');
    expect(absenceOn(example2, '2026-11-25')).toEqual({ away: true }); // alwaysEnabled: no end date
    expect(absenceOn({ ...example2, status: 'disabled' }, '2026-11-25')).toEqual({ away: false });
    expect(absenceOn(undefined, '2026-11-25')).toEqual({ away: false });
  });

  it('reads working hours only when they are set in London time', () => {
    const example3 = doc<Parameters<typeof workingHoursFrom>[0] & object>('workinghours-get');
    expect(workingHoursFrom(example3)).toBeNull(); // a custom time zone
    expect(workingHoursFrom({ ...example3, timeZone: { name: 'GMT Standard Time' } })).toEqual({
      days: [1, 2, 3, 4, 5, 6],
      start: '09:00',
      end: '18:30',
    });
  });

  it("asks each person's mailbox settings (scheduled in GMT Standard Time)", async () => {
    server.use(
      ...northmoor({
        mailbox: new Map([
          [staff.carla!.id, mailboxSettings(scheduled('2026-11-20T17:00:00', '2026-11-30T00:00:00'))],
          [staff.lena!.id, mailboxSettings(doc<AutomaticRepliesSetting>('automaticreplies-always'))],
        ]),
      }),
    );
    const { directory } = directoryFor();
    expect(await directory.outOfOffice(staff.carla!.id, '2026-11-25')).toEqual({
      away: true,
      until: '2026-11-30T00:00:00.000Z',
    });
    expect(await directory.outOfOffice(staff.carla!.id, '2026-11-30')).toEqual({ away: false });
    expect(await directory.outOfOffice(staff.lena!.id, '2026-11-25')).toEqual({ away: true });
    expect(await directory.outOfOffice(staff.ben!.id, '2026-11-25')).toEqual({ away: false });
  });

  it("is never 'away' when the mailbox can't be read, and stops asking once access is denied", async () => {
    server.use(
      ...northmoor({
        mailbox: new Map<string, Json | Response>([
          [staff.carla!.id, graphJson(doc('error-mailbox-access-denied'), 403)],
          [
            staff.ben!.id,
            graphJson(
              {
                error: {
                  code: 'MailboxNotEnabledForRESTAPI',
                  message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
                },
              },
              404,
            ),
          ],
        ]),
      }),
    );
    const { directory, warnings } = directoryFor();
    const ben = await directory.outOfOffice(staff.ben!.id, '2026-11-25');
    expect(ben).toEqual({
      away: false,
      note: "Ben Harrowgate has no Outlook mailbox CP Disputes can read, so their working hours and out-of-office replies can't be checked.",
    });
    const carla = await directory.outOfOffice(staff.carla!.id, '2026-11-25');
    expect(carla.away).toBe(false);
    expect(carla.note).toMatch(
      /^CP Disputes is not allowed to read people's out-of-office replies and working hours: ask IT to grant the app registration the Microsoft Graph application permission MailboxSettings\.Read/,
    );
    expect(warnings.filter((w) => w.includes('MailboxSettings.Read'))).toHaveLength(1);
    requests.length = 0;
    expect((await directory.byId(staff.lena!.id))?.workingHours).toEqual(DEFAULT_WORKING_HOURS);
    expect(paths().filter((p) => p.endsWith('/mailboxSettings'))).toEqual([]);
  });
});

describe('routing around an absence', () => {
  const away = new Map<string, Json | Response>([
    [staff.carla!.id, mailboxSettings(scheduled('2026-11-20T17:00:00', '2026-11-30T00:00:00'))],
    [staff.ruth!.id, mailboxSettings(scheduled('2026-11-23T00:00:00', '2026-11-30T00:00:00'))],
  ]);

  it("sends an absent team manager's work to their manager, and says why", async () => {
    server.use(...northmoor({ mailbox: away }));
    const { directory } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS });
    const carla = (await directory.byId(staff.carla!.id))!;
    const routing = await directory.routeAroundAbsence(carla, await directory.managerChain(carla.id));
    expect(routing.to.name).toBe('Lena Farrowdale');
    expect(routing).toMatchObject({ via: 'manager', rerouted: true });
    expect(routing.reason).toBe(
      'Carla Brightwater is out of the office until Mon 30 Nov, so this goes to their manager, Lena Farrowdale ' +
        '(Service Manager, North Locality).',
    );
  });

  it('goes past a manager who is away too', async () => {
    const bothAway = new Map(away).set(
      staff.lena!.id,
      mailboxSettings(scheduled('2026-11-24T00:00:00', '2026-11-27T17:00:00')),
    );
    server.use(...northmoor({ mailbox: bothAway }));
    const { directory } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS });
    const carla = (await directory.byId(staff.carla!.id))!;
    const routing = await directory.routeAroundAbsence(
      carla,
      await directory.managerChain(carla.id),
      '2026-11-25',
    );
    expect(routing.to.name).toBe('Nadia Fellgate');
    expect(routing.away.map((a) => a.person.name)).toEqual(['Carla Brightwater', 'Lena Farrowdale']);
    expect(routing.reason).toBe(
      'Carla Brightwater is out of the office until Mon 30 Nov, and so is Lena Farrowdale until Fri 27 Nov at 17:00, ' +
        'so this goes to the next manager up who is in, Nadia Fellgate (Head of Service, North Locality).',
    );
  });

  it("sends an absent post holder's work to the post's deputy", async () => {
    server.use(...northmoor({ mailbox: away }));
    const { directory } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS });
    const [ruth] = await directory.holdersOfPost('head-of-service-safeguarding');
    const routing = await directory.routeAroundAbsence(ruth!, await directory.managerChain(ruth!.id));
    expect(routing).toMatchObject({ via: 'deputy', rerouted: true });
    expect(routing.reason).toBe(
      'Ruth Ellery is out of the office until Mon 30 Nov, so this goes to their deputy, Sam Okafor (Principal Social Worker).',
    );
  });

  it('leaves work with someone who is in', async () => {
    server.use(...northmoor({ mailbox: away }));
    const { directory } = directoryFor({ GRAPH_POSTS: NORTHMOOR_POSTS });
    const ben = (await directory.byId(staff.ben!.id))!;
    expect(await directory.routeAroundAbsence(ben, await directory.managerChain(ben.id))).toEqual({
      to: ben,
      via: 'person',
      rerouted: false,
      reason: null,
      away: [],
    });
    // Carla is back on Monday 30 November.
    const carla = (await directory.byId(staff.carla!.id))!;
    expect((await directory.routeAroundAbsence(carla, [], '2026-11-30')).rerouted).toBe(false);
  });
});
