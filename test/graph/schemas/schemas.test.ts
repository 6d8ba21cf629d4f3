// The JSON Schemas for our Graph request bodies: the committed files are what the generator makes
// from the metadata now, the CSDL walker reads what it should (and refuses what it cannot), and the
// schemas catch the mistakes they are there for.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BODIES,
  bodySchema,
  CSDL_PATH,
  generateSchemaFiles,
  parseCsdl,
  resolveTypeName,
  SCHEMA_DIR,
  type BodySpec,
} from './generate-schemas.ts';
import { expectValidGraphBody, graphBodyValidator } from './graph-test-kit.ts';

const invalid = (name: Parameters<typeof graphBodyValidator>[0], body: unknown) => {
  const validate = graphBodyValidator(name);
  expect(validate(body), JSON.stringify(body)).toBe(false);
  return validate.errors ?? [];
};

describe('generated schemas', () => {
  it('are up to date with the generator and the CSDL (regenerated in memory)', async () => {
    const generated = await generateSchemaFiles();
    const committed = readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith('.schema.json'))
      .sort();
    expect(committed).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated)
      expect(
        readFileSync(path.join(SCHEMA_DIR, name), 'utf8'),
        `${name} is stale: run npx tsx test/graph/schemas/generate-schemas.ts`,
      ).toBe(text);
  });

  it('name their source: msgraph-metadata schemas/v1.0-Prod.csdl at commit f54f11b', () => {
    for (const spec of BODIES) {
      const schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${spec.file}.schema.json`), 'utf8')) as {
        $schema: string;
        'x-source': Record<string, string>;
        'x-docs': string[];
      };
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema['x-source']).toMatchObject({
        repository: 'microsoftgraph/msgraph-metadata',
        path: 'schemas/v1.0-Prod.csdl',
        commit: 'f54f11b',
        localCopy: 'test/fixtures/graph-v1.0-Prod.csdl',
      });
      expect(schema['x-source'].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(schema['x-docs'].length).toBeGreaterThan(0);
    }
  });
});

describe('the CSDL walker', () => {
  const csdl = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <!-- a comment with <Property Name="ignored" Type="Edm.String" /> inside -->
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="colour"><Member Name="deepRed" Value="0" /><Member Name="paleBlue" Value="1" /></EnumType>
      <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
      <EntityType Name="thing" BaseType="graph.entity" OpenType="true">
        <Property Name="count" Type="Edm.Int32" Nullable="false" />
        <Property Name="when" Type="Edm.DateTimeOffset" />
        <Property Name="colours" Type="Collection(graph.colour)" />
        <Property Name="part" Type="microsoft.graph.part" />
        <NavigationProperty Name="children" Type="Collection(graph.thing)" ContainsTarget="true" />
      </EntityType>
      <ComplexType Name="part"><Property Name="label" Type="Edm.String" /><Property Name="flag" Type="Edm.Boolean" /></ComplexType>
      <Action Name="poke" IsBound="true"><Parameter Name="bindingParameter" Type="graph.thing" /><Parameter Name="Strength" Type="Edm.Int32" Nullable="false" /></Action>
      <Annotations Target="microsoft.graph.thing"><Annotation Term="Org.OData.Core.V1.Description" String="a &quot;thing&quot; &gt; 1" /></Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`;

  it('reads types, base types, enums, aliases, navigation properties and bound actions', () => {
    const model = parseCsdl(csdl);
    const thing = model.structured.get('microsoft.graph.thing')!;
    expect(thing).toMatchObject({ kind: 'EntityType', baseType: 'graph.entity', openType: true });
    expect(thing.properties.map((p) => [p.name, p.type, p.nullable])).toEqual([
      ['count', 'Edm.Int32', false],
      ['when', 'Edm.DateTimeOffset', true],
      ['colours', 'Collection(graph.colour)', true],
      ['part', 'microsoft.graph.part', true],
    ]);
    expect(thing.navigation.map((n) => n.name)).toEqual(['children']);
    expect(model.enums.get('microsoft.graph.colour')!.members).toEqual(['deepRed', 'paleBlue']);
    expect(resolveTypeName(model, 'graph.part')).toBe('microsoft.graph.part');
    expect(model.actions).toEqual([
      {
        name: 'poke',
        namespace: 'microsoft.graph',
        isBound: true,
        parameters: [
          { name: 'bindingParameter', type: 'graph.thing', nullable: true },
          { name: 'Strength', type: 'Edm.Int32', nullable: false },
        ],
      },
    ]);
  });

  it('maps the types: inheritance merged, $ref with additionalProperties false, camelCase enums, Int32, date-time', () => {
    const model = parseCsdl(csdl);
    const spec: BodySpec = {
      file: 't',
      title: 't',
      docs: ['x'],
      root: { kind: 'type', type: 'microsoft.graph.thing' },
    };
    const schema = bodySchema(model, spec, '0'.repeat(64)) as {
      $defs: Record<string, { properties: Record<string, unknown> } & Record<string, unknown>>;
    };
    const thing = schema.$defs['microsoft.graph.thing']!;
    expect(Object.keys(thing.properties)).toEqual(['id', 'count', 'when', 'colours', 'part']);
    expect(thing.additionalProperties).toBe(false);
    expect(thing.properties.id).toEqual({ type: 'string' });
    expect(thing.properties.count).toEqual({ type: 'integer', minimum: -2147483648, maximum: 2147483647 });
    expect(thing.properties.when).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(thing.properties.colours).toEqual({
      type: 'array',
      items: { $ref: '#/$defs/microsoft.graph.colour' },
    });
    expect(thing.properties.part).toEqual({
      anyOf: [{ $ref: '#/$defs/microsoft.graph.part' }, { type: 'null' }],
    });
    expect(schema.$defs['microsoft.graph.colour']).toEqual({
      title: 'colour',
      type: 'string',
      enum: ['deepRed', 'paleBlue'],
    });
    const poke = bodySchema(
      model,
      { ...spec, root: { kind: 'action', action: 'poke', boundTo: 'microsoft.graph.thing' } },
      '0'.repeat(64),
    );
    expect(poke).toMatchObject({
      properties: { strength: { type: 'integer' } },
      required: ['strength'],
      additionalProperties: false,
    });
  });

  it('refuses what it cannot read instead of skipping it', () => {
    expect(() => parseCsdl('<Schema Namespace="a"><EntityType Name="x"></ComplexType></Schema>')).toThrow(
      /closes <EntityType>/,
    );
    expect(() => parseCsdl('<Schema Namespace="a"><Property Name="x" Type="Edm.String" /></Schema>')).toThrow(
      /outside an entity/,
    );
    expect(() => parseCsdl('<Schema Namespace="a"><EntityType Name="x">')).toThrow(/never closed/);
    expect(() =>
      parseCsdl('<Schema Namespace="a"><EntityType Name="x" <Property/></EntityType></Schema>'),
    ).toThrow(/cannot read/);
    const model = parseCsdl(
      '<Schema Namespace="a"><ComplexType Name="x"><Property Name="g" Type="Edm.Geography" /></ComplexType></Schema>',
    );
    expect(() =>
      bodySchema(model, { file: 'x', title: 'x', docs: [], root: { kind: 'type', type: 'a.x' } }, ''),
    ).toThrow(/no JSON Schema mapping for Edm.Geography/);
  });

  it('reads the whole Graph v1.0 metadata', () => {
    const model = parseCsdl(readFileSync(CSDL_PATH, 'utf8'));
    expect(model.structured.size).toBeGreaterThan(2500);
    expect(model.enums.get('microsoft.graph.onlineMeetingProviderType')!.members).toContain(
      'teamsForBusiness',
    );
    expect(model.structured.get('microsoft.graph.event')!.baseType).toBe('graph.outlookItem');
  });
});

describe('the event schema', () => {
  const body = {
    subject: 'Resolution meeting: dispute CPD-2025-0042, stage 2',
    body: { contentType: 'text', content: 'Reference CPD-2025-0042' },
    start: { dateTime: '2025-03-10T10:00:00', timeZone: 'Europe/London' },
    end: { dateTime: '2025-03-10T11:00:00', timeZone: 'Europe/London' },
    attendees: [{ emailAddress: { address: 'chair@council.example', name: 'Chair' }, type: 'required' }],
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: false,
    transactionId: '8a3e2d51-5c6b-5f7e-9a0d-1b2c3d4e5f60',
    singleValueExtendedProperties: [
      { id: 'String {8b0f5a3c-71d2-4e96-a4c5-3f9e2b6d1c07} Name CpDisputesMeetingKey', value: 'k' },
    ],
  };

  it('accepts the body the calendar adapter sends', () => expectValidGraphBody('event', body));

  it('fails a misspelt property, at any depth', () => {
    expect(invalid('event', { ...body, isOnlineMeting: true })[0]).toMatchObject({
      keyword: 'additionalProperties',
      params: { additionalProperty: 'isOnlineMeting' },
    });
    expect(
      invalid('event', { ...body, attendees: [{ emailAdress: { address: 'a@b.c' }, type: 'required' }] })[0],
    ).toMatchObject({
      instancePath: '/attendees/0',
      params: { additionalProperty: 'emailAdress' },
    });
  });

  it('fails a value Graph does not know, a wrong type or a navigation property it does not deep-insert', () => {
    expect(invalid('event', { ...body, onlineMeetingProvider: 'teams' })[0]).toMatchObject({
      keyword: 'enum',
    });
    expect(
      invalid('event', {
        ...body,
        attendees: [{ emailAddress: { address: 'a@b.c' }, type: 'mandatory' }],
      })[0],
    ).toMatchObject({ keyword: 'enum' });
    expect(invalid('event', { ...body, reminderMinutesBeforeStart: 1.5 }).map((e) => e.keyword)).toContain(
      'type',
    );
    expect(invalid('event', { ...body, start: '2025-03-10T10:00:00Z' }).map((e) => e.keyword)).toContain(
      'type',
    );
    expect(invalid('event', { ...body, originalStart: 'next Tuesday' }).map((e) => e.keyword)).toContain(
      'format',
    );
    expect(invalid('event', { ...body, attachments: [] })[0]).toMatchObject({
      params: { additionalProperty: 'attachments' },
    });
  });

  it('allows null where the metadata says Nullable, and the @odata.type annotation', () => {
    expectValidGraphBody('event', { ...body, location: null, '@odata.type': '#microsoft.graph.event' });
    expect(invalid('event', { ...body, attendees: null }).length).toBeGreaterThan(0);
  });
});

describe('the action and subscription schemas', () => {
  it('getSchedule: the documented request (camelCase), with the documented interval limits', () => {
    const docsRequest = {
      schedules: ['adelev@contoso.onmicrosoft.com', 'meganb@contoso.onmicrosoft.com'],
      startTime: { dateTime: '2019-03-15T09:00:00', timeZone: 'Pacific Standard Time' },
      endTime: { dateTime: '2019-03-15T18:00:00', timeZone: 'Pacific Standard Time' },
      availabilityViewInterval: 60,
    };
    expectValidGraphBody('getSchedule', docsRequest);
    expect(invalid('getSchedule', { ...docsRequest, availabilityViewInterval: 1 })[0]).toMatchObject({
      keyword: 'minimum',
    });
    expect(invalid('getSchedule', { ...docsRequest, availabilityViewInterval: 1441 })[0]).toMatchObject({
      keyword: 'maximum',
    });
    expect(
      invalid('getSchedule', { startTime: docsRequest.startTime, endTime: docsRequest.endTime })[0],
    ).toMatchObject({ keyword: 'required' });
    // The CSDL spells the parameters Schedules, StartTime…; Graph's JSON and its docs use camelCase.
    expect(
      invalid('getSchedule', { ...docsRequest, Schedules: docsRequest.schedules }).map((e) => e.keyword),
    ).toContain('additionalProperties');
  });

  it('sendMail: message is required, saveToSentItems is a boolean', () => {
    const message = {
      subject: '9/9/2018: concert',
      body: { contentType: 'html', content: 'The group represents Nevada.' },
      toRecipients: [{ emailAddress: { address: 'AlexW@contoso.com' } }],
      internetMessageHeaders: [{ name: 'x-custom-header-group-name', value: 'Nevada' }],
    };
    expectValidGraphBody('sendMail', { message, saveToSentItems: true });
    expect(invalid('sendMail', { saveToSentItems: true })[0]).toMatchObject({
      keyword: 'required',
      params: { missingProperty: 'message' },
    });
    // The docs' own first example sends "saveToSentItems": "false", a string; the metadata says Boolean.
    expect(invalid('sendMail', { message, saveToSentItems: 'false' }).map((e) => e.keyword)).toContain(
      'type',
    );
  });

  it('subscriptions: create needs the four documented members; renewal needs the expiry', () => {
    const docsRequest = {
      changeType: 'created',
      notificationUrl: 'https://webhook.azurewebsites.net/api/send/myNotifyClient',
      resource: "me/mailFolders('Inbox')/messages",
      expirationDateTime: '2016-11-20T18:23:45.9356913Z',
      clientState: 'secretClientValue',
      latestSupportedTlsVersion: 'v1_2',
    };
    expectValidGraphBody('subscription-create', docsRequest);
    const { notificationUrl: _url, ...withoutUrl } = docsRequest;
    expect(invalid('subscription-create', withoutUrl).map((e) => e.keyword)).toContain('required');
    expect(
      invalid('subscription-create', { ...docsRequest, notificationUrl: 'http://insecure.example/hook' })[0],
    ).toMatchObject({ keyword: 'pattern' });
    expect(invalid('subscription-create', { ...docsRequest, clientState: 'x'.repeat(129) })[0]).toMatchObject(
      { keyword: 'maxLength' },
    );
    expect(invalid('subscription-create', { ...docsRequest, changeType: 'changed' })[0]).toMatchObject({
      keyword: 'pattern',
    });
    expectValidGraphBody('subscription-renew', { expirationDateTime: '2016-03-22T11:00:00.0000000Z' });
    expect(invalid('subscription-renew', {})[0]).toMatchObject({ keyword: 'required' });
    expectValidGraphBody('event-cancel', { comment: 'Cancelling for this week due to all hands' });
  });
});
