// Every call to the REST API goes through here: it adds the sign-in (a Teams token, or the dev
// person in development), reads JSON, and turns an error body into an ApiError that names fields.

import { datesAsTyped } from '../format.ts';

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

const statusWords: Record<number, string> = {
  401: 'You are not signed in.',
  403: 'This is not available to you.',
  404: 'This was not found.',
  409: 'This changed while you were looking at it. Please look again.',
  500: 'Something went wrong on the server. Nothing was changed.',
  502: 'The server could not be reached. Please try again.',
  503: 'The server is not ready. Please try again in a moment.',
};

async function call(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...(await signIn()) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(
      0,
      'The CP Disputes server cannot be reached. Check your connection and try again.',
      'network',
      undefined,
      [],
    );
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: { error?: string; message?: string; field?: string; issues?: FieldIssue[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(
    res.status,
    datesAsTyped(body.message ?? statusWords[res.status] ?? `The server answered ${res.status}.`),
    body.error ?? String(res.status),
    body.field,
    Array.isArray(body.issues) ? body.issues.map((i) => ({ ...i, message: datesAsTyped(i.message) })) : [],
  );
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await call(path, signal ? { signal } : {});
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await call(path, { method: 'POST', body });
  return (await res.json()) as T;
}

/** Fetches a file with the sign-in headers and hands it to the browser as a download (POSTs `body` if given). */
export async function download(path: string, fallbackName: string, body?: unknown): Promise<string> {
  const res = await call(path, body === undefined ? {} : { method: 'POST', body });
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(await res.blob());
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
