// Email through sendMail, with the Adaptive Card embedded for Outlook actionable messages, against
// Graph served by msw; every body sent is checked against the sendMail schema generated from
// Graph's metadata (test/graph/schemas).
import { Client } from '@microsoft/microsoft-graph-client';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../src/app/ports/mailer.ts';
import { GraphCallError } from '../../src/adapters/graph/graph-call-error.ts';
import { createGraphMailer, embedAdaptiveCard } from '../../src/adapters/graph/graph-mailer.ts';
import {
  fixture,
  graphClient,
  graphJson,
  GRAPH,
  recordingSleep,
  useGraph,
} from './schemas/graph-test-kit.ts';

const { server, sent } = useGraph();
const SENDER = 'cp-disputes@council.example';
const ORIGINATOR = 'c4b2a7e0-7a7e-4f9b-8f0e-3c1d2b4a6e5f';
const SEND_MAIL = `${GRAPH}/users/${SENDER}/sendMail`;
// "If successful, this method returns 202 Accepted response code. It doesn't return anything in the
// response body." (https://learn.microsoft.com/en-us/graph/api/user-sendmail?view=graph-rest-1.0)
const accepted = () => new HttpResponse(null, { status: 202 });

const card = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.4',
  body: [
    {
      type: 'TextBlock',
      text: 'Dispute CPD-2025-0042 is waiting for your response',
      weight: 'Bolder',
      wrap: true,
    },
    { type: 'TextBlock', text: 'Respond by 14 March. </script><script>alert(1)</script> & more', wrap: true },
  ],
  actions: [
    {
      type: 'Action.OpenUrl',
      title: 'Open in CP Disputes',
      url: 'https://teams.microsoft.com/l/entity/app/disputes?context=%7B%7D',
    },
  ],
};

const mail = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  key: 'outbox:9f2c:notify:p-tm',
  to: [
    { email: 'Team.Manager@council.example', name: 'Tess Manager' },
    { email: 'team.manager@council.example', name: 'Tess Manager (again)' },
  ],
  subject: 'CPD-2025-0042: your response is needed',
  html: '<html><head><meta charset="utf-8"><title>CP Disputes</title></head><body><p>Dispute CPD-2025-0042 needs your response. <a href="https://example.invalid/tab">Open CP Disputes</a></p></body></html>',
  adaptiveCard: card,
  ...overrides,
});

function mailer(options: { originator?: string | null; client?: Client } = {}) {
  const sleep = recordingSleep();
  const m = createGraphMailer(options.client ?? graphClient(), {
    sender: SENDER,
    originator: options.originator === undefined ? ORIGINATOR : options.originator,
    retry: { sleep: sleep.sleep },
  });
  return { m, sleep };
}

interface SendMailBody {
  message: {
    subject: string;
    body: { contentType: string; content: string };
    toRecipients: { emailAddress: { address: string; name: string } }[];
    internetMessageHeaders: { name: string; value: string }[];
  };
  saveToSentItems: boolean;
}

const cardIn = (html: string) => {
  const m = /<script type="application\/adaptivecard\+json">([\s\S]*?)<\/script>/.exec(html);
  return m ? { json: JSON.parse(m[1]!) as Record<string, unknown>, at: m.index } : null;
};

describe('sendMail', () => {
  it('sends the HTML with the card (originator set) in <head>, saved to Sent Items', async () => {
    server.use(http.post(SEND_MAIL, accepted));
    await mailer().m.send(mail());

    const requests = await sent();
    expect(requests).toHaveLength(1);
    const body = requests[0]!.body as SendMailBody;
    expect(requests[0]!.url.pathname).toBe(`/v1.0/users/${SENDER}/sendMail`);
    expect(body.saveToSentItems).toBe(true);
    expect(body.message.subject).toBe('CPD-2025-0042: your response is needed');
    expect(body.message.body.contentType).toBe('html');
    expect(body.message.toRecipients).toEqual([
      { emailAddress: { address: 'Team.Manager@council.example', name: 'Tess Manager' } },
    ]);
    expect(body.message.internetMessageHeaders).toEqual([
      { name: 'x-cp-disputes-key', value: 'outbox:9f2c:notify:p-tm' },
    ]);

    const html = body.message.body.content;
    const embedded = cardIn(html)!;
    expect(embedded.json).toEqual({ ...card, originator: ORIGINATOR });
    expect(embedded.at).toBeGreaterThan(html.indexOf('<head>'));
    expect(embedded.at).toBeLessThan(html.indexOf('</head>'));
    // The card's text cannot end the script early: only one </script>, the real one.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('<a href="https://example.invalid/tab">Open CP Disputes</a>');
  });

  it('without a registered originator the card is left out (Outlook would remove it) and the HTML goes alone', async () => {
    server.use(http.post(SEND_MAIL, accepted));
    await mailer({ originator: null }).m.send(mail());
    const body = (await sent())[0]!.body as SendMailBody;
    expect(body.message.body.content).toBe(mail().html);
  });

  it('a 202 is success: one POST, nothing repeated', async () => {
    server.use(http.post(SEND_MAIL, accepted));
    await expect(mailer().m.send(mail({ adaptiveCard: null }))).resolves.toBeUndefined();
    expect(await sent()).toHaveLength(1);
  });

  it('a 429 (not accepted) is sent again after a short Retry-After', async () => {
    let calls = 0;
    server.use(
      http.post(SEND_MAIL, () =>
        ++calls === 1 ? graphJson(fixture('mail-throttled'), 429, { 'Retry-After': '1' }) : accepted(),
      ),
    );
    const { m, sleep } = mailer();
    await m.send(mail());
    expect(sleep.waits).toEqual([1000]);
    expect(await sent()).toHaveLength(2);
  });

  it('a 429 with a long Retry-After goes back to the outbox as retryable, with the delay', async () => {
    server.use(
      http.post(SEND_MAIL, () => graphJson(fixture('mail-throttled'), 429, { 'Retry-After': '30' })),
    );
    const error = (await mailer()
      .m.send(mail())
      .catch((e: unknown) => e)) as GraphCallError;
    expect(error).toBeInstanceOf(GraphCallError);
    expect(error.outcome).toBe('not-done');
    expect(error.permanent).toBe(false);
    expect(error.options.retryAfterSeconds).toBe(30);
    expect(await sent()).toHaveLength(1);
  });

  it('a 503 is not sent again: it may have gone, so the failure is final and says so', async () => {
    server.use(http.post(SEND_MAIL, () => graphJson(fixture('mail-service-unavailable'), 503)));
    const error = (await mailer()
      .m.send(mail())
      .catch((e: unknown) => e)) as GraphCallError;
    expect(error.outcome).toBe('unknown');
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(
      /not known whether it was done.*will not be repeated automatically.*cp-disputes@council\.example/,
    );
    expect(await sent()).toHaveLength(1);
  });

  it('not even by a client with the SDK default middleware, which would retry a 503 three times', async () => {
    server.use(http.post(SEND_MAIL, () => graphJson(fixture('mail-service-unavailable'), 503)));
    const sdkDefault = Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => 'test-token' },
    });
    await expect(mailer({ client: sdkDefault }).m.send(mail())).rejects.toMatchObject({ outcome: 'unknown' });
    expect(await sent()).toHaveLength(1);
  });

  it('errors that name what to fix: a refused address, a missing Mail.Send permission, no recipients', async () => {
    server.use(
      http.post(
        SEND_MAIL,
        () =>
          graphJson(
            { error: { code: 'ErrorInvalidRecipients', message: "At least one recipient isn't valid." } },
            400,
          ),
        { once: true },
      ),
      http.post(SEND_MAIL, () =>
        graphJson({ error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } }, 403),
      ),
    );
    const refused = (await mailer()
      .m.send(mail())
      .catch((e: unknown) => e)) as GraphCallError;
    expect(refused.permanent).toBe(true);
    expect(refused.message).toMatch(
      /refused to send the email "CPD-2025-0042: your response is needed" to Team\.Manager@council\.example.*Check the email addresses/,
    );
    const denied = (await mailer()
      .m.send(mail())
      .catch((e: unknown) => e)) as GraphCallError;
    expect(denied.message).toMatch(
      /not allowed to send the email.*as cp-disputes@council\.example.*Mail\.Send/,
    );
    await expect(mailer().m.send(mail({ to: [] }))).rejects.toThrow(/no one to go to/);
  });
});

describe('embedAdaptiveCard', () => {
  it('adds a <head> to an HTML fragment or to an <html> without one', () => {
    const fragment = embedAdaptiveCard(
      '<p>Hello</p>',
      { type: 'AdaptiveCard', version: '1.4', body: [] },
      ORIGINATOR,
    );
    expect(fragment).toMatch(
      /^<html><head><meta http-equiv="Content-Type" content="text\/html; charset=utf-8"><script type="application\/adaptivecard\+json">.*<\/script><\/head><body><p>Hello<\/p><\/body><\/html>$/,
    );
    expect(cardIn(fragment)!.json).toEqual({
      type: 'AdaptiveCard',
      version: '1.4',
      body: [],
      originator: ORIGINATOR,
    });
    const noHead = embedAdaptiveCard('<html lang="en"><body>Hi</body></html>', {}, ORIGINATOR);
    expect(noHead).toMatch(/^<html lang="en"><head>.*<\/head><body>Hi<\/body><\/html>$/);
  });

  it("sets our originator over any the card had, and keeps the card's text intact through the escaping", () => {
    const html = embedAdaptiveCard(
      '<html><HEAD></HEAD><body></body></html>',
      { ...card, originator: 'someone-else' },
      ORIGINATOR,
    );
    const embedded = cardIn(html)!;
    expect(embedded.json.originator).toBe(ORIGINATOR);
    expect((embedded.json.body as { text: string }[])[1]!.text).toBe(
      'Respond by 14 March. </script><script>alert(1)</script> & more',
    );
  });
});
