// Every response an API test sees is checked against the OpenAPI document the server generates:
// the route's declared status, and its JSON body against that status's schema (ajv, JSON Schema
// 2020-12, as OpenAPI 3.1 uses). A mismatch throws where the test made the call, naming the route.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

export interface ResponseContract {
  /** Throws when the response breaks the document. */
  check(method: string, url: string, res: LightMyRequestResponse): void;
  /** "GET /api/disputes/{id} 200" for each route and status seen so far. */
  readonly seen: ReadonlySet<string>;
  readonly document: Document;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function responseContract(document: Document): ResponseContract {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const templates = Object.keys(document.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[^/]+')}$`,
      ),
    }))
    // Literal segments before parameters: /api/disputes/by-reference/{reference} before {id}.
    .sort((a, b) => a.params - b.params);
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (ref: string) => {
    let v = validators.get(ref);
    if (!v) validators.set(ref, (v = ajv.compile({ $ref: ref })));
    return v;
  };
  const seen = new Set<string>();

  return {
    seen,
    document,
    check(method, url, res) {
      const path = url.split('?')[0]!;
      const lower = method.toLowerCase();
      const type = String(res.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      const route = templates.find((t) => t.pattern.test(path) && document.paths[t.template]![lower]);
      let ref: string;
      if (!route) {
        // Not a documented route (an unknown URL, the tab's files): only its errors are ours. The
        // bot's /api/messages speaks the Bot Framework's protocol, and /api/graph/notifications
        // Microsoft Graph's change-notification protocol, not this API's.
        if (type !== 'application/json' || res.statusCode < 400 || !path.startsWith('/api/')) return;
        if (path === '/api/messages' || path === '/api/graph/notifications') return;
        ref = 'openapi.json#/components/schemas/Error';
      } else {
        const status = String(res.statusCode);
        const declared = document.paths[route.template]![lower]!.responses?.[status];
        const where = `${method} ${route.template}`;
        if (!declared)
          throw new Error(
            `${where} answered ${status}, which the OpenAPI document does not declare: ${res.body.slice(0, 300)}`,
          );
        seen.add(`${where} ${status}`);
        if (res.statusCode === 204 || !res.body) return;
        if (!declared.content?.[type])
          throw new Error(
            `${where} ${status} answered ${type || 'no content type'}, which the document does not declare`,
          );
        if (type !== 'application/json') return;
        ref = `openapi.json#/${pointer('paths', route.template, lower, 'responses', status, 'content', type, 'schema')}`;
      }
      const validate = validatorFor(ref);
      if (!validate(JSON.parse(res.body)))
        throw new Error(
          `${method} ${path} ${res.statusCode} does not match the OpenAPI document:\n${ajv.errorsText(validate.errors, { separator: '\n' })}\n${res.body.slice(0, 500)}`,
        );
    },
  };
}

/**
 * Checks every `server.inject({...})` of this server against its own /api/openapi.json (fetched on
 * the first call). The chained form (`inject().get(...)`) is left as it is.
 */
const contracts = new WeakMap<FastifyInstance, () => ResponseContract | null>();

/** The routes and statuses checked so far on this server ("POST /api/disputes 201"). */
export const responsesChecked = (server: FastifyInstance): ReadonlySet<string> =>
  contracts.get(server)?.()?.seen ?? new Set();

export function checkResponsesOf(server: FastifyInstance): { contract: () => ResponseContract | null } {
  const inject = server.inject.bind(server) as (
    opts: InjectOptions | string,
  ) => Promise<LightMyRequestResponse>;
  let contract: ResponseContract | null = null;
  const checked = async (opts: InjectOptions | string) => {
    const res = await inject(opts);
    const { method = 'GET', url = '/' } =
      typeof opts === 'string' ? { url: opts } : { method: opts.method, url: opts.url };
    const path = typeof url === 'string' ? url : (url.pathname ?? '/');
    if (path.split('?')[0] === '/api/openapi.json') return res;
    if (!contract) {
      const doc = await inject({ method: 'GET', url: '/api/openapi.json' });
      contract = responseContract(doc.json());
    }
    contract.check(String(method), path, res);
    return res;
  };
  (server as { inject: unknown }).inject = (opts?: InjectOptions | string) =>
    opts === undefined ? inject(opts as never) : checked(opts);
  contracts.set(server, () => contract);
  return { contract: () => contract };
}
