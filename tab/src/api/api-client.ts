// Every call to the REST API goes through the client generated from the server's own route schemas
// (openapi-fetch, typed by openapi-schema.d.ts): each path, parameter, body and answer is checked
// when the tab is compiled. Here it adds the sign-in (a Teams token, or the dev person in
// development), and turns a refusal into an ApiError that names its fields.
import createClient, { type Middleware } from 'openapi-fetch';
import { datesAsTyped } from '../format.ts';
import type { paths } from './openapi-schema.d.ts';

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly field: string | undefined,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }

  /** The first message for each field the API named. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.issues) out[i.field] ??= i.message;
    if (this.field && !out[this.field]) out[this.field] = this.message.replace(`${this.field}: `, '');
    return out;
  }

  get notAvailable(): boolean {
    return this.status === 403 || this.status === 404;
  }
}

type HeaderSource = () => Promise<Record<string, string>>;
let signIn: HeaderSource = async () => ({});

/** Set once the app knows how this person signs in. */
export function setSignIn(source: HeaderSource): void {
  signIn = source;
}

/** The sign-in headers on every request; a host that cannot sign in throws its own ApiError. */
const signedIn: Middleware = {
  async onRequest({ request }) {
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    for (const [name, value] of Object.entries(await signIn())) request.headers.set(name, value);
    return request;
  },
};

export const api = createClient<paths>();
api.use(signedIn);

const statusWords: Record<number, string> = {
  401: 'You are not signed in.',
  403: 'This is not available to you.',
  404: 'This was not found.',
  409: 'This changed while you were looking at it. Please look again.',
  500: 'Something went wrong on the server. Nothing was changed.',
  502: 'The server could not be reached. Please try again.',
  503: 'The server is not ready. Please try again in a moment.',
};

/** The API's error body (components['schemas']['Error']), or whatever a proxy answered instead. */
function errorOf(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    error?: string;
    code?: string;
    message?: string;
    field?: string;
    issues?: FieldIssue[];
  };
  return new ApiError(
    status,
    datesAsTyped(b.message ?? statusWords[status] ?? `The server answered ${status}.`),
    b.code ?? b.error ?? String(status),
    b.field,
    Array.isArray(b.issues) ? b.issues.map((i) => ({ ...i, message: datesAsTyped(i.message) })) : [],
  );
}

/** What openapi-fetch resolves to: the success's data, or the refusal's error body. */
type Result = { data?: unknown; error?: unknown; response: Response };
/** The success's body of a call's result. */
type DataOf<R> = R extends { data: infer T; error?: never } ? T : never;

/** A call's answer with its response, once it succeeded; an ApiError for a refusal or no connection. */
export async function sent<R extends Result>(
  call: Promise<R>,
): Promise<{ data: DataOf<R>; response: Response }> {
  let result: R;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError || (e as Error).name === 'AbortError') throw e;
    throw new ApiError(
      0,
      'The CP Disputes server cannot be reached. Check your connection and try again.',
      'network',
      undefined,
      [],
    );
  }
  if (!result.response.ok) throw errorOf(result.response.status, result.error);
  return { data: result.data as DataOf<R>, response: result.response };
}

/** A call's answer, once it succeeded; an ApiError for a refusal or no connection. */
export async function answer<R extends Result>(call: Promise<R>): Promise<DataOf<R>> {
  return (await sent(call)).data;
}

/** Hands a file the API sent (asked for with `parseAs: 'blob'`) to the browser as a download. */
export async function download(call: Promise<Result>, fallbackName: string): Promise<string> {
  const { data, response }: { data: unknown; response: Response } = await sent(call);
  if (!(data instanceof Blob)) throw new ApiError(0, 'The server sent no file.', 'client', undefined, []);
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
