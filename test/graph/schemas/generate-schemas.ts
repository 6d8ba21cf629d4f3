// JSON Schemas (draft 2020-12) for the Microsoft Graph request bodies the Graph adapters send,
// generated from the Graph v1.0 metadata (CSDL/EDMX) so a test can validate every body we put on
// the wire against what Graph itself declares: a misspelt property, a wrong enum value or a
// string where Graph wants an object fails the test instead of failing in a council's tenant.
//
//   npx tsx test/graph/schemas/generate-schemas.ts      (rewrites test/graph/schemas/*.schema.json)
//
// The metadata is test/fixtures/graph-v1.0-Prod.csdl (3.4 MB, a copy: see test/fixtures/README.md). No XML parser is a declared
// dependency of this project (fast-xml-parser, @xmldom/xmldom and htmlparser2 are in node_modules
// only as transitive dependencies of adaptivecards-templating and botbuilder, so they could vanish
// with an upgrade), and the subset of CSDL we need is flat, machine-written XML. So this is a
// focused tag walker: one sticky regular expression reads each tag in turn (quoted attribute values
// may contain `>`), a stack checks that every element closes in order, and only the elements we
// need are kept: Schema (Namespace, Alias), EntityType / ComplexType (Name, BaseType, OpenType,
// Abstract) with Property and NavigationProperty, EnumType with Member, and Action with Parameter.
// Anything the walker cannot read, or a Property outside a type, is an error rather than a skip.
//
// Mapping: Edm.String → string, Edm.Boolean → boolean, Edm.Int32 → integer (32-bit range),
// Edm.DateTimeOffset → string/date-time, Collection(X) → array of X, complex and entity types →
// $ref to a $defs entry with additionalProperties: false (properties of every BaseType merged,
// base first), enums → string enum of the member names (camelCase, as Graph JSON uses them).
// Nullable (the CSDL default) admits null for single values; collections are never null and hold
// no nulls. Navigation properties are left out unless a body lists them (deep insert), e.g. the
// event's singleValueExtendedProperties. Action parameters are camelCased (the CSDL spells them
// `Schedules`, `Message`; Graph's JSON and its docs use `schedules`, `message`).
// Known limit: a property typed as a base type is checked against the base type only, so a body
// that sends a derived type (with "@odata.type") would need that type's own schema.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

export const SCHEMA_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(SCHEMA_DIR, '../../..');
/** Relative to the project root: the copy kept in the repository (test/fixtures/README.md). */
export const CSDL_RELATIVE_PATH = 'test/fixtures/graph-v1.0-Prod.csdl';
export const CSDL_PATH = path.resolve(PROJECT_ROOT, CSDL_RELATIVE_PATH);

export const SOURCE = {
  repository: 'microsoftgraph/msgraph-metadata',
  path: 'schemas/v1.0-Prod.csdl',
  commit: 'f54f11b',
  localCopy: CSDL_RELATIVE_PATH,
  generator: 'test/graph/schemas/generate-schemas.ts',
} as const;

// ---------------------------------------------------------------------------------------------
// The CSDL model (only what the schemas need)

export interface CsdlProperty {
  name: string;
  /** As written: `Edm.String`, `graph.attendee`, `Collection(graph.location)`. */
  type: string;
  nullable: boolean;
}

export interface CsdlStructuredType {
  kind: 'EntityType' | 'ComplexType';
  fullName: string;
  name: string;
  baseType: string | null;
  openType: boolean;
  abstract: boolean;
  properties: CsdlProperty[];
  navigation: CsdlProperty[];
}

export interface CsdlEnumType {
  fullName: string;
  name: string;
  members: string[];
  isFlags: boolean;
}

export interface CsdlAction {
  name: string;
  namespace: string;
  isBound: boolean;
  parameters: CsdlProperty[];
}

export interface CsdlModel {
  structured: Map<string, CsdlStructuredType>;
  enums: Map<string, CsdlEnumType>;
  actions: CsdlAction[];
  /** Alias → namespace (`graph` → `microsoft.graph`); aliases are document-wide in CSDL. */
  aliases: Map<string, string>;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#')
      return String.fromCodePoint(
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)),
      );
    const named = ENTITIES[ref];
    if (named === undefined) throw new Error(`CSDL: unknown XML entity ${whole}`);
    return named;
  });

// One tag at a time, from a '<': a comment, a processing instruction, CDATA, a DOCTYPE, or an
// element (open, close or self-closing) whose attribute values are quoted and may contain '>'.
const TAG =
  /<(?:!--[\s\S]*?--|\?[\s\S]*?\?|!\[CDATA\[[\s\S]*?\]\]|!DOCTYPE[^>]*|(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?))>/y;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(ATTRIBUTE)) out[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

export function parseCsdl(xml: string): CsdlModel {
  const model: CsdlModel = { structured: new Map(), enums: new Map(), actions: [], aliases: new Map() };
  const stack: string[] = [];
  let namespace: string | null = null;
  let type: CsdlStructuredType | null = null;
  let enumType: CsdlEnumType | null = null;
  let action: CsdlAction | null = null;

  const required = (attrs: Record<string, string>, name: string, element: string, at: number) => {
    const value = attrs[name];
    if (value === undefined || value === '')
      throw new Error(`CSDL line ${lineAt(xml, at)}: <${element}> without ${name}`);
    return value;
  };

  let pos = 0;
  for (;;) {
    const at = xml.indexOf('<', pos);
    if (at === -1) break;
    TAG.lastIndex = at;
    const m = TAG.exec(xml);
    if (!m) throw new Error(`CSDL line ${lineAt(xml, at)}: cannot read the markup here`);
    pos = TAG.lastIndex;
    const [, closing, element, rawAttributes, selfClosing] = m;
    if (element === undefined) continue; // comment, processing instruction, CDATA, DOCTYPE

    if (closing) {
      const open = stack.pop();
      if (open !== element)
        throw new Error(`CSDL line ${lineAt(xml, at)}: </${element}> closes <${open ?? 'nothing'}>`);
      if (element === 'EntityType' || element === 'ComplexType') type = null;
      else if (element === 'EnumType') enumType = null;
      else if (element === 'Action' || element === 'Function') action = null;
      else if (element === 'Schema') namespace = null;
      continue;
    }

    const attrs = attributesOf(rawAttributes ?? '');
    const parent = stack[stack.length - 1];
    switch (element) {
      case 'Schema': {
        namespace = required(attrs, 'Namespace', element, at);
        if (attrs.Alias) model.aliases.set(attrs.Alias, namespace);
        break;
      }
      case 'EntityType':
      case 'ComplexType': {
        if (!namespace) throw new Error(`CSDL line ${lineAt(xml, at)}: <${element}> outside a <Schema>`);
        const name = required(attrs, 'Name', element, at);
        const t: CsdlStructuredType = {
          kind: element,
          fullName: `${namespace}.${name}`,
          name,
          baseType: attrs.BaseType ?? null,
          openType: attrs.OpenType === 'true',
          abstract: attrs.Abstract === 'true',
          properties: [],
          navigation: [],
        };
        if (model.structured.has(t.fullName)) throw new Error(`CSDL: ${t.fullName} is declared twice`);
        model.structured.set(t.fullName, t);
        type = selfClosing ? null : t;
        break;
      }
      case 'EnumType': {
        if (!namespace) throw new Error(`CSDL line ${lineAt(xml, at)}: <EnumType> outside a <Schema>`);
        const name = required(attrs, 'Name', element, at);
        const e: CsdlEnumType = {
          fullName: `${namespace}.${name}`,
          name,
          members: [],
          isFlags: attrs.IsFlags === 'true',
        };
        model.enums.set(e.fullName, e);
        enumType = selfClosing ? null : e;
        break;
      }
      case 'Member': {
        if (parent !== 'EnumType' || !enumType)
          throw new Error(`CSDL line ${lineAt(xml, at)}: <Member> outside an <EnumType>`);
        enumType.members.push(required(attrs, 'Name', element, at));
        break;
      }
      case 'Property':
      case 'NavigationProperty': {
        if ((parent !== 'EntityType' && parent !== 'ComplexType') || !type)
          throw new Error(`CSDL line ${lineAt(xml, at)}: <${element}> outside an entity or complex type`);
        const p: CsdlProperty = {
          name: required(attrs, 'Name', element, at),
          type: required(attrs, 'Type', element, at),
          nullable: attrs.Nullable !== 'false',
        };
        (element === 'Property' ? type.properties : type.navigation).push(p);
        break;
      }
      case 'Action': {
        if (!namespace) throw new Error(`CSDL line ${lineAt(xml, at)}: <Action> outside a <Schema>`);
        const a: CsdlAction = {
          name: required(attrs, 'Name', element, at),
          namespace,
          isBound: attrs.IsBound === 'true',
          parameters: [],
        };
        model.actions.push(a);
        action = selfClosing ? null : a;
        break;
      }
      case 'Parameter': {
        // Function parameters are not request bodies; only an Action's are kept.
        if (parent === 'Action' && action)
          action.parameters.push({
            name: required(attrs, 'Name', element, at),
            type: required(attrs, 'Type', element, at),
            nullable: attrs.Nullable !== 'false',
          });
        else if (parent !== 'Function')
          throw new Error(`CSDL line ${lineAt(xml, at)}: <Parameter> outside an action`);
        break;
      }
    }
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`CSDL: <${stack.join('> <')}> never closed`);
  if (model.structured.size === 0) throw new Error('CSDL: no entity or complex types found');
  return model;
}

/** `graph.event` → `microsoft.graph.event`; `microsoft.graph.event` stays as it is. */
export function resolveTypeName(model: CsdlModel, name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot === -1) throw new Error(`CSDL: unqualified type name ${name}`);
  const qualifier = name.slice(0, dot);
  return `${model.aliases.get(qualifier) ?? qualifier}${name.slice(dot)}`;
}

// ---------------------------------------------------------------------------------------------
// The bodies we send, and the schemas for them

export interface BodySpec {
  /** Output file: `<file>.schema.json`. */
  file: string;
  title: string;
  /** The Graph doc pages that describe the request. */
  docs: string[];
  root: { kind: 'type'; type: string } | { kind: 'action'; action: string; boundTo: string };
  /** Required members of the body (from the docs where the CSDL does not say Nullable="false"). */
  required?: string[];
  /** Navigation properties a body may carry (deep insert), per type. */
  navigation?: Record<string, string[]>;
  /**
   * Navigation properties a body may bind to an existing entity by its URL, per type: the body
   * carries `<name>@odata.bind` (OData JSON Format 4.01 §8.5, "Bind Operation"), e.g. a chat's
   * installedApps and tabs name the app as "teamsApp@odata.bind".
   */
  binds?: Record<string, string[]>;
  /** Limits the docs state and the CSDL cannot (a range, a length), merged into a root member. */
  constraints?: Record<string, JsonSchema>;
}

// From the subscription resource page: "The supported values are: created, updated, deleted.
// Multiple values can be combined using a comma-separated list"; clientState "The maximum length
// is 128 characters"; notificationUrl "must make use of the HTTPS protocol".
const SUBSCRIPTION_CONSTRAINTS: Record<string, JsonSchema> = {
  changeType: { pattern: '^(created|updated|deleted)(,(created|updated|deleted))*$' },
  clientState: { maxLength: 128 },
  notificationUrl: { pattern: '^https://' },
};

export const BODIES: BodySpec[] = [
  {
    file: 'event',
    title: 'event: the body of POST /users/{id}/events (create) and PATCH /users/{id}/events/{id} (update)',
    docs: [
      'https://learn.microsoft.com/en-us/graph/api/user-post-events?view=graph-rest-1.0',
      'https://learn.microsoft.com/en-us/graph/api/event-update?view=graph-rest-1.0',
      'https://learn.microsoft.com/en-us/graph/api/singlevaluelegacyextendedproperty-post-singlevalueextendedproperties?view=graph-rest-1.0',
    ],
    root: { kind: 'type', type: 'microsoft.graph.event' },
    navigation: { 'microsoft.graph.event': ['singleValueExtendedProperties'] },
  },
  {
    file: 'event-cancel',
    title: 'event: cancel, the body of POST /users/{id}/events/{id}/cancel',
    docs: ['https://learn.microsoft.com/en-us/graph/api/event-cancel?view=graph-rest-1.0'],
    root: { kind: 'action', action: 'cancel', boundTo: 'microsoft.graph.event' },
  },
  {
    file: 'getSchedule',
    title: 'calendar: getSchedule, the body of POST /users/{id}/calendar/getSchedule',
    docs: ['https://learn.microsoft.com/en-us/graph/api/calendar-getschedule?view=graph-rest-1.0'],
    root: { kind: 'action', action: 'getSchedule', boundTo: 'microsoft.graph.calendar' },
    required: ['schedules', 'startTime', 'endTime'],
    // "The default is 30 minutes, minimum is 5, maximum is 1440."
    constraints: { availabilityViewInterval: { minimum: 5, maximum: 1440 } },
  },
  {
    file: 'sendMail',
    title: 'user: sendMail, the body of POST /users/{id}/sendMail',
    docs: ['https://learn.microsoft.com/en-us/graph/api/user-sendmail?view=graph-rest-1.0'],
    root: { kind: 'action', action: 'sendMail', boundTo: 'microsoft.graph.user' },
  },
  {
    file: 'subscription-create',
    title: 'subscription: the body of POST /subscriptions',
    docs: [
      'https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions?view=graph-rest-1.0',
      'https://learn.microsoft.com/en-us/graph/api/resources/subscription?view=graph-rest-1.0',
    ],
    root: { kind: 'type', type: 'microsoft.graph.subscription' },
    required: ['changeType', 'notificationUrl', 'resource', 'expirationDateTime'],
    constraints: SUBSCRIPTION_CONSTRAINTS,
  },
  {
    file: 'subscription-renew',
    title: 'subscription: the body of PATCH /subscriptions/{id} (renewal)',
    docs: [
      'https://learn.microsoft.com/en-us/graph/api/subscription-update?view=graph-rest-1.0',
      'https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks',
    ],
    root: { kind: 'type', type: 'microsoft.graph.subscription' },
    required: ['expirationDateTime'],
    constraints: SUBSCRIPTION_CONSTRAINTS,
  },
  {
    file: 'chat-installedApp',
    title: 'teamsAppInstallation: the body of POST /chats/{id}/installedApps (add app to chat)',
    docs: ['https://learn.microsoft.com/en-us/graph/api/chat-post-installedapps?view=graph-rest-1.0'],
    root: { kind: 'type', type: 'microsoft.graph.teamsAppInstallation' },
    binds: { 'microsoft.graph.teamsAppInstallation': ['teamsApp'] },
    // "teamsApp@odata.bind … The id of the app to add" (Request body).
    required: ['teamsApp@odata.bind'],
  },
  {
    file: 'chat-tab',
    title: 'teamsTab: the body of POST /chats/{id}/tabs (add tab to chat)',
    docs: [
      'https://learn.microsoft.com/en-us/graph/api/chat-post-tabs?view=graph-rest-1.0',
      'https://learn.microsoft.com/en-us/graph/api/resources/teamstab?view=graph-rest-1.0',
    ],
    root: { kind: 'type', type: 'microsoft.graph.teamsTab' },
    binds: { 'microsoft.graph.teamsTab': ['teamsApp'] },
    required: ['teamsApp@odata.bind'],
  },
  {
    file: 'sendActivityNotification',
    title:
      'userTeamwork: sendActivityNotification, the body of POST /users/{id}/teamwork/sendActivityNotification',
    docs: [
      'https://learn.microsoft.com/en-us/graph/api/userteamwork-sendactivitynotification?view=graph-rest-1.0',
      'https://learn.microsoft.com/en-us/graph/teams-send-activityfeednotifications',
    ],
    root: { kind: 'action', action: 'sendActivityNotification', boundTo: 'microsoft.graph.userTeamwork' },
    // The parameters table: topic, activityType and previewText are what every example sends;
    // "Microsoft Teams will only show first 150 characters" of the preview.
    required: ['topic', 'activityType', 'previewText'],
  },
  {
    file: 'userScopeTeamsAppInstallation',
    title:
      'userScopeTeamsAppInstallation: the body of POST /users/{id}/teamwork/installedApps (install app for user)',
    docs: ['https://learn.microsoft.com/en-us/graph/api/userteamwork-post-installedapps?view=graph-rest-1.0'],
    root: { kind: 'type', type: 'microsoft.graph.userScopeTeamsAppInstallation' },
    // "The request body should contain the ID of the existing catalog app to be added": bound by URL.
    binds: { 'microsoft.graph.userScopeTeamsAppInstallation': ['teamsApp'] },
    required: ['teamsApp@odata.bind'],
  },
];

type JsonSchema = Record<string, unknown>;

const INT32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
const PRIMITIVES: Record<string, JsonSchema> = {
  'Edm.String': { type: 'string' },
  'Edm.Boolean': { type: 'boolean' },
  'Edm.Int32': INT32,
  'Edm.Int16': { type: 'integer', minimum: -32768, maximum: 32767 },
  'Edm.Byte': { type: 'integer', minimum: 0, maximum: 255 },
  'Edm.SByte': { type: 'integer', minimum: -128, maximum: 127 },
  'Edm.Int64': { type: 'integer' },
  // OData JSON writes the IEEE specials as strings.
  'Edm.Double': { anyOf: [{ type: 'number' }, { enum: ['INF', '-INF', 'NaN'] }] },
  'Edm.Single': { anyOf: [{ type: 'number' }, { enum: ['INF', '-INF', 'NaN'] }] },
  'Edm.Decimal': { type: 'number' },
  'Edm.DateTimeOffset': { type: 'string', format: 'date-time' },
  'Edm.Date': { type: 'string', format: 'date' },
  // Graph writes times of day with up to 7 fractional digits ("08:00:00.0000000").
  'Edm.TimeOfDay': { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,12})?)?$' },
  'Edm.Duration': { type: 'string', format: 'duration' },
  'Edm.Guid': { type: 'string', format: 'uuid' },
  'Edm.Binary': { type: 'string', description: 'base64' },
  'Edm.Stream': { type: 'string', description: 'base64' },
  'Edm.Untyped': {},
};

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

class SchemaBuilder {
  readonly defs = new Map<string, JsonSchema>();

  constructor(
    private readonly model: CsdlModel,
    private readonly navigation: Record<string, string[]>,
    private readonly binds: Record<string, string[]> = {},
  ) {}

  /** The type itself, then its BaseType, and so on: base first. */
  chain(fullName: string): CsdlStructuredType[] {
    const out: CsdlStructuredType[] = [];
    for (let name: string | null = fullName; name;) {
      const t = this.model.structured.get(name);
      if (!t) throw new Error(`CSDL: type ${name} not found`);
      if (out.includes(t)) throw new Error(`CSDL: ${fullName} inherits from itself`);
      out.unshift(t);
      name = t.baseType ? resolveTypeName(this.model, t.baseType) : null;
    }
    return out;
  }

  property(type: string, nullable: boolean): JsonSchema {
    const collection = /^Collection\((.+)\)$/.exec(type);
    if (collection) return { type: 'array', items: this.property(collection[1]!, false) };
    if (type.startsWith('Edm.')) {
      const primitive = PRIMITIVES[type];
      if (!primitive) throw new Error(`CSDL: no JSON Schema mapping for ${type}`);
      if (!nullable) return structuredClone(primitive);
      if (typeof primitive.type === 'string')
        return { ...structuredClone(primitive), type: [primitive.type, 'null'] };
      return { anyOf: [structuredClone(primitive), { type: 'null' }] };
    }
    const fullName = resolveTypeName(this.model, type);
    this.define(fullName);
    const ref = { $ref: `#/$defs/${fullName}` };
    return nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
  }

  define(fullName: string): void {
    if (this.defs.has(fullName)) return;
    const e = this.model.enums.get(fullName);
    if (e) {
      if (e.members.length === 0) throw new Error(`CSDL: enum ${fullName} has no members`);
      const values = e.members.join('|');
      this.defs.set(
        fullName,
        e.isFlags
          ? { title: e.name, type: 'string', pattern: `^(${values})(,\\s*(${values}))*$` }
          : { title: e.name, type: 'string', enum: [...e.members] },
      );
      return;
    }
    const chain = this.chain(fullName);
    const self = chain[chain.length - 1]!;
    const placeholder: JsonSchema = {};
    this.defs.set(fullName, placeholder); // recursion guard: a type may refer to itself
    const properties: Record<string, JsonSchema> = {};
    for (const t of chain)
      for (const p of t.properties) properties[p.name] = this.property(p.type, p.nullable);
    for (const name of this.navigation[fullName] ?? []) {
      const nav = chain.flatMap((t) => t.navigation).find((n) => n.name === name);
      if (!nav) throw new Error(`CSDL: ${fullName} has no navigation property ${name}`);
      properties[name] = this.property(nav.type, false);
    }
    for (const name of this.binds[fullName] ?? []) {
      const nav = chain.flatMap((t) => t.navigation).find((n) => n.name === name);
      if (!nav) throw new Error(`CSDL: ${fullName} has no navigation property ${name} to bind`);
      // A single-valued navigation binds to one entity's URL; a collection to a list of them.
      const url = { type: 'string', format: 'uri' };
      properties[`${name}@odata.bind`] = /^Collection\(/.test(nav.type) ? { type: 'array', items: url } : url;
    }
    const lineage = chain
      .map((t) => t.fullName)
      .reverse()
      .join(' ← ');
    Object.assign(placeholder, {
      title: self.name,
      description: `${self.kind} ${lineage}${self.openType ? ' (OpenType: dynamic properties are not modelled here)' : ''}`,
      type: 'object',
      properties,
      // An instance annotation naming the type is the one extra member Graph accepts in a body.
      patternProperties: { '^@odata\\.type$': { type: 'string' } },
      additionalProperties: false,
    });
  }
}

function constrain(spec: BodySpec, properties: Record<string, JsonSchema>) {
  for (const [name, extra] of Object.entries(spec.constraints ?? {})) {
    const target = properties[name];
    if (!target) throw new Error(`${spec.file}: constraint on ${name}, which the body does not have`);
    Object.assign(target, extra);
  }
}

export function bodySchema(model: CsdlModel, spec: BodySpec, csdlSha256: string): JsonSchema {
  const builder = new SchemaBuilder(model, spec.navigation ?? {}, spec.binds ?? {});
  let root: JsonSchema;
  if (spec.root.kind === 'type') {
    builder.define(spec.root.type);
    const def = builder.defs.get(spec.root.type)!;
    const properties = def.properties as Record<string, JsonSchema>;
    for (const r of spec.required ?? [])
      if (!(r in properties)) throw new Error(`${spec.file}: required ${r} is not a property`);
    constrain(spec, properties);
    root = {
      type: 'object',
      $ref: `#/$defs/${spec.root.type}`,
      // Named here too (as `true`: the $ref says what each is) because Ajv's strictRequired sees
      // only the properties of a $ref it inlines, and a type that refers to others is not inlined.
      ...(spec.binds && spec.required
        ? { properties: Object.fromEntries(spec.required.map((r) => [r, true])) }
        : {}),
      ...(spec.required ? { required: spec.required } : {}),
    };
  } else {
    const { action: name, boundTo } = spec.root;
    const matches = model.actions.filter(
      (a) =>
        a.name === name &&
        a.isBound &&
        a.parameters[0] &&
        resolveTypeName(model, a.parameters[0].type) === boundTo,
    );
    if (matches.length !== 1) throw new Error(`CSDL: ${matches.length} actions ${name} bound to ${boundTo}`);
    const properties: Record<string, JsonSchema> = {};
    const required = new Set(spec.required ?? []);
    for (const p of matches[0]!.parameters.slice(1)) {
      properties[camel(p.name)] = builder.property(p.type, p.nullable);
      if (!p.nullable) required.add(camel(p.name));
    }
    for (const r of required)
      if (!(r in properties)) throw new Error(`${spec.file}: required ${r} is not a parameter`);
    constrain(spec, properties);
    root = { type: 'object', properties, required: [...required], additionalProperties: false };
  }
  const defs = Object.fromEntries(
    [...builder.defs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:cp-disputes:graph-schema:${spec.file}`,
    title: spec.title,
    $comment: `Generated by ${SOURCE.generator} from ${SOURCE.repository} ${SOURCE.path} at commit ${SOURCE.commit} (local copy ${SOURCE.localCopy}). Do not edit: run npx tsx ${SOURCE.generator}.`,
    'x-source': { ...SOURCE, sha256: csdlSha256 },
    'x-docs': spec.docs,
    ...root,
    $defs: defs,
  };
}

/** Every schema file's name and prettier-formatted text, generated in memory. */
export async function generateSchemaFiles(csdlPath = CSDL_PATH): Promise<Map<string, string>> {
  const xml = readFileSync(csdlPath, 'utf8');
  const sha256 = createHash('sha256').update(xml).digest('hex');
  const model = parseCsdl(xml);
  const config = (await prettier.resolveConfig(path.join(SCHEMA_DIR, 'event.schema.json'))) ?? {};
  const out = new Map<string, string>();
  for (const spec of BODIES) {
    const text = JSON.stringify(bodySchema(model, spec, sha256), null, 2);
    out.set(`${spec.file}.schema.json`, await prettier.format(text, { ...config, parser: 'json' }));
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const files = await generateSchemaFiles();
  for (const [name, text] of files) {
    writeFileSync(path.join(SCHEMA_DIR, name), text);
    console.log(`wrote test/graph/schemas/${name} (${text.length} bytes)`);
  }
}
