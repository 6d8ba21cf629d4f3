// Email through Microsoft Graph: POST /users/{sender}/sendMail (application permission Mail.Send,
// limited by an application access policy to the sender mailbox), an HTML body, saved to Sent Items.
//
// Outlook actionable messages: when the mail carries an Adaptive Card, the card is embedded in the
// HTML's <head> as <script type="application/adaptivecard+json">, with `originator` set to the
// provider id registered in the Actionable Email Developer Dashboard ("Leaving this property empty
// when sending to others results in the card being removed" — Outlook docs, send-via-email). With no
// originator configured the card is left out and the HTML summary, which always carries the link to
// the tab, is the message. The card JSON is escaped so that nothing in it can close the <script>.
//
// Not sent twice: sendMail has no idempotency key, and its 202 means "accepted" (delivery follows).
// So the POST is never repeated blindly: the SDK's RetryHandler is off for it; a 429 (throttled:
// Graph did not take the mail) is repeated inline after a short Retry-After, or else handed back as
// a retryable DeliveryError with the Retry-After; a 4xx is final. A 5xx or a lost connection leaves
// it unknown whether the mail went, so it is reported as a permanent failure that says so (the
// outbox then tells the chair) instead of being sent again. The outbox key travels in an
// x-cp-disputes-key Internet header, so IT can find the message in a message trace.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Mailer, OutgoingMail } from '../../app/ports/mailer.ts';
import { callGraph, defaultRetryPolicy, noSdkRetry, pathSegment, type RetryPolicy } from './graph-call.ts';
import { GraphCallError, toGraphCallError } from './graph-call-error.ts';

export interface GraphMailerOptions {
  /** MAIL_SENDER: the mailbox the mail is sent from. */
  sender: string;
  /** The Actionable Messages provider id (originator); null: send the HTML without the card. */
  originator: string | null;
  retry?: Partial<RetryPolicy>;
}

export interface GraphMailer extends Mailer {
  readonly kind: 'graph';
}

/** Card JSON that is safe inside <script>: no '<', '>' or '&' survive as themselves (JSON escapes). */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The HTML with the card (its originator set) in a <script type="application/adaptivecard+json"> in <head>. */
export function embedAdaptiveCard(html: string, card: object, originator: string): string {
  const script = `<script type="application/adaptivecard+json">${scriptSafeJson({ ...card, originator })}</script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + script + html.slice(head.index + head[0].length);
  const meta = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">';
  const root = /<html(\s[^>]*)?>/i.exec(html);
  if (root)
    return `${html.slice(0, root.index + root[0].length)}<head>${meta}${script}</head>${html.slice(root.index + root[0].length)}`;
  return `<html><head>${meta}${script}</head><body>${html}</body></html>`;
}

export function createGraphMailer(client: Client, options: GraphMailerOptions): GraphMailer {
  const sender = options.sender.trim();
  if (!sender) throw new Error('createGraphMailer: the sender mailbox (MAIL_SENDER) is required');
  const originator = options.originator?.trim() || null;
  const policy = defaultRetryPolicy(options.retry);

  return {
    kind: 'graph',
    async send(mail: OutgoingMail) {
      const seen = new Set<string>();
      const to = mail.to.filter((r) => {
        const key = r.email.trim().toLowerCase();
        if (!key || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (to.length === 0)
        throw new GraphCallError(`The email "${mail.subject}" has no one to go to.`, null, null, 'not-done', {
          permanent: true,
        });
      const html =
        mail.adaptiveCard && originator
          ? embedAdaptiveCard(mail.html, mail.adaptiveCard, originator)
          : mail.html;
      const body = {
        message: {
          subject: mail.subject,
          body: { contentType: 'html' as const, content: html },
          toRecipients: to.map((r) => ({ emailAddress: { address: r.email.trim(), name: r.name } })),
          internetMessageHeaders: [{ name: 'x-cp-disputes-key', value: mail.key }],
        },
        saveToSentItems: true,
      };
      try {
        await callGraph(
          () =>
            client
              .api(`/users/${pathSegment(sender)}/sendMail`)
              .middlewareOptions(noSdkRetry())
              .post(body),
          policy,
          false,
        );
      } catch (error) {
        throw toGraphCallError(error, {
          action: `send the email "${mail.subject}" to ${to.map((r) => r.email).join(', ')}`,
          mailbox: sender,
          permission: 'Mail.Send',
          repeatable: false,
          whenUnknown: 'stop',
          badRequestHint: 'Check the email addresses.',
        });
      }
    },
  };
}
