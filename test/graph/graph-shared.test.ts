// The helpers every Graph adapter shares: the one Windows → IANA zone table, the one OData string
// literal, and the one error taxonomy.
import { GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { toGraphCallError } from '../../src/adapters/graph/graph-call-error.ts';
import { fromGraphDateTime, readGraphDateTime } from '../../src/adapters/graph/graph-date-time.ts';
import { readGraphFailure } from '../../src/adapters/graph/graph-errors.ts';
import { graphErrorMessage } from '../../src/adapters/graph/graph-request-error.ts';
import { GraphAuthError } from '../../src/adapters/graph/msal-credentials.ts';
import { odataString } from '../../src/adapters/graph/odata.ts';
import { ianaZone } from '../../src/adapters/graph/windows-time-zones.ts';

const graphError = (status: number, code: string | null, headers: Record<string, string> = {}) => {
  const e = new GraphError(status, `${code ?? 'error'} from Graph`);
  e.headers = new Headers(headers);
  if (code) e.code = code;
  return e;
};

describe('the Windows → IANA zone table (CLDR windowsZones.xml)', () => {
  it('knows the zones only the directory knew before, so the calendar reads their times too', () => {
    expect(ianaZone('Central Europe Standard Time')).toBe('Europe/Budapest');
    expect(ianaZone('GTB Standard Time')).toBe('Europe/Bucharest');
    expect(ianaZone('Central Standard Time')).toBe('America/Chicago');
    expect(ianaZone('Mountain Standard Time')).toBe('America/Denver');
    expect(ianaZone('India Standard Time')).toBe('Asia/Kolkata');
    expect(ianaZone('AUS Eastern Standard Time')).toBe('Australia/Sydney');
    expect(ianaZone('Coordinated Universal Time')).toBe('UTC');
    // Summer time in Chicago (UTC-5), India (UTC+5:30, none), Sydney's winter (UTC+10).
    const at = (timeZone: string) => fromGraphDateTime({ dateTime: '2026-07-01T09:00:00.0000000', timeZone });
    expect(at('Central Standard Time')).toBe('2026-07-01T14:00:00Z');
    expect(at('India Standard Time')).toBe('2026-07-01T03:30:00Z');
    expect(at('AUS Eastern Standard Time')).toBe('2026-06-30T23:00:00Z');
  });

  it('knows the UTC spellings only the calendar knew, so an out-of-office end is not misread', () => {
    expect(ianaZone('tzone://Microsoft/Utc')).toBe('UTC');
    expect(
      readGraphDateTime({
        dateTime: '2026-11-30T08:00:00.0000000',
        timeZone: 'tzone://Microsoft/Utc',
      })?.toISO(),
    ).toBe('2026-11-30T08:00:00.000Z');
  });

  it('maps the London and Central European names both tables had alike, and passes IANA names through', () => {
    expect(ianaZone('GMT Standard Time')).toBe('Europe/London');
    expect(ianaZone('Greenwich Standard Time')).toBe('Atlantic/Reykjavik');
    expect(ianaZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaZone('Europe/London')).toBe('Europe/London');
    expect(ianaZone('Not A Real Standard Time')).toBeNull();
    expect(() =>
      fromGraphDateTime({ dateTime: '2026-07-01T09:00:00', timeZone: 'Mars Standard Time' }),
    ).toThrow(/zone CP Disputes does not know/);
  });
});

describe('odataString', () => {
  it('quotes a string literal and doubles a single quote inside it', () => {
    expect(odataString('gradya@contoso.com')).toBe("'gradya@contoso.com'");
    expect(odataString("o'brien@contoso.com")).toBe("'o''brien@contoso.com'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString('')).toBe("''");
  });

  it('keeps a $filter one comparison however many quotes the value has', () => {
    const filter = `mail eq ${odataString("x' or mail eq 'y")}`;
    expect(filter).toBe("mail eq 'x'' or mail eq ''y'");
    // The literal runs to the last quote: no unescaped quote ends it early.
    expect(/^mail eq '(?:[^']|'')*'$/.test(filter)).toBe(true);
  });
});

describe('the Graph error taxonomy', () => {
  it('reads throttling with Retry-After in seconds or as an HTTP date', () => {
    expect(readGraphFailure(graphError(429, 'TooManyRequests', { 'Retry-After': '7' }))).toMatchObject({
      kind: 'throttled',
      status: 429,
      retryAfterSeconds: 7,
    });
    const now = Date.parse('2026-12-07T10:00:00Z');
    const dated = graphError(503, null, { 'Retry-After': 'Mon, 07 Dec 2026 10:00:30 GMT' });
    expect(readGraphFailure(dated, () => now)).toMatchObject({ kind: 'transient', retryAfterSeconds: 30 });
  });

  it('tells a missing user, a missing mailbox, a missing item and a refusal apart', () => {
    expect(readGraphFailure(graphError(404, 'Request_ResourceNotFound')).kind).toBe('user-missing');
    expect(readGraphFailure(graphError(404, 'MailboxNotEnabledForRESTAPI')).kind).toBe('mailbox-missing');
    expect(readGraphFailure(graphError(404, 'ErrorItemNotFound')).kind).toBe('not-found');
    expect(readGraphFailure(graphError(403, 'Authorization_RequestDenied')).kind).toBe('forbidden');
    expect(readGraphFailure(graphError(401, 'InvalidAuthenticationToken')).kind).toBe('unauthorized');
    expect(readGraphFailure(graphError(412, null)).kind).toBe('conflict');
    expect(readGraphFailure(graphError(400, 'BadRequest')).kind).toBe('bad-request');
  });

  it('tells no answer from a refused sign-in', () => {
    expect(readGraphFailure(new TypeError('fetch failed')).kind).toBe('network');
    expect(readGraphFailure(new GraphAuthError('no token', 'invalid_client')).kind).toBe('sign-in-failed');
  });

  it('gives the directory and the calendar the same reading of one failure', () => {
    const missing = graphError(404, 'Request_ResourceNotFound');
    expect(graphErrorMessage(missing, { subject: 'Carla' })).toBe(
      "Carla is not in the council's directory (Entra ID).",
    );
    const booking = toGraphCallError(missing, {
      action: 'book the meeting',
      mailbox: 'meetings@council.example',
      permission: 'Calendars.ReadWrite',
      repeatable: false,
      whenUnknown: 'retry',
    });
    expect(booking.message).toMatch(/^meetings@council\.example is not a mailbox CP Disputes can use/);
    expect(booking.permanent).toBe(true);
    const busy = graphError(429, 'TooManyRequests', { 'Retry-After': '12' });
    expect(graphErrorMessage(busy)).toBe('Microsoft 365 is busy; we will try again.');
    const sending = toGraphCallError(busy, {
      action: 'send the email',
      mailbox: 'm@x.example',
      permission: 'Mail.Send',
      repeatable: false,
      whenUnknown: 'stop',
    });
    expect([sending.outcome, sending.permanent, sending.options.retryAfterSeconds]).toEqual([
      'not-done',
      false,
      12,
    ]);
  });
});
