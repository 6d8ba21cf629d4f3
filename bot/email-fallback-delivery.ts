// Email for people the bot cannot reach in Teams (no conversation, app not installed) and for
// posts that are mailboxes (a partnership's board manager): an HTML summary with a link to the
// tab, and the same card embedded for Outlook actionable messages, answered through the bot's
// adaptiveCard/action handler like the Teams card.
import { AppError } from '../src/app/app-error.ts';
import { DeliveryError, type Delivery } from '../src/app/ports/delivery.ts';
import type { Person } from '../src/app/ports/directory.ts';
import type { OutboxRow } from '../src/app/ports/outbox.ts';
import type { Mailer } from '../src/app/ports/mailer.ts';
import type { BotDeps } from './bot-context.ts';
import { noticeFor } from './wording/notification-words.ts';
import { closeOfBusinessInWords } from './cards/card-text.ts';
import { disputeWebUrl } from './cards/dispute-links.ts';
import { DEFAULT_CLOSE_OF_BUSINESS } from '../src/core/protocol/protocol-schema.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function withEmailFallback(teams: Delivery, deps: BotDeps, mailer: Mailer): Delivery {
  return {
    kind: `${teams.kind}+email`,
    async deliver(row: OutboxRow) {
      const person = await deps.services.directory.byId(row.recipientId);
      if (!person)
        throw new DeliveryError('the recipient is no longer in the directory', { permanent: true });
      if (person.mailbox || !(await deps.conversations.referenceFor(person.id))) {
        // A mailbox never has a Teams chat; a person without one may still be reachable in Teams
        // (a 1:1 can be created where the app is installed), so try that first.
        if (!person.mailbox) {
          try {
            return await teams.deliver(row);
          } catch (e) {
            if (!(e instanceof DeliveryError) || !e.options.permanent) throw e;
          }
        }
        return sendEmail(deps, mailer, person, row);
      }
      return teams.deliver(row);
    },
  };
}

async function sendEmail(deps: BotDeps, mailer: Mailer, person: Person, row: OutboxRow) {
  if (!person.email) throw new DeliveryError('the recipient has no email address', { permanent: true });
  let card: object;
  let view;
  try {
    ({ card, view } = await deps.cards.disputeCard(person, row.disputeId, {
      what: 'email',
      notice: noticeFor(deps.config.wording, row.reason),
      host: 'outlook',
    }));
  } catch (e) {
    if (e instanceof AppError)
      throw new DeliveryError(`the dispute cannot be shown to the recipient: ${e.message}`, {
        permanent: true,
      });
    throw e;
  }
  const protocol = deps.services.protocols.get(view.protocolId)?.protocol;
  // Email opens in a browser: the web address, where the tab signs in with Entra ID.
  const link = disputeWebUrl(deps.config.appBaseUrl, view.id);
  const stage = view.stage;
  const words = deps.config.wording;
  // The summary names the dispute by its reference; the child's details stay in CP Disputes.
  const html = [
    `<p>${escapeHtml(noticeFor(words, row.reason))}</p>`,
    `<p><strong>${escapeHtml(view.reference)}</strong>${stage ? `: ${escapeHtml(stage.name)}` : ''}</p>`,
    stage
      ? `<p>${escapeHtml(stage.asks)}</p><p>${escapeHtml(words.text('email.due', { when: closeOfBusinessInWords(protocol?.workingDays.closeOfBusiness ?? DEFAULT_CLOSE_OF_BUSINESS, stage.dueOn) }))}</p>`
      : '',
    `<p><a href="${escapeHtml(link)}">${escapeHtml(words.text('email.link'))}</a></p>`,
  ].join('\n');
  await mailer.send({
    key: row.idempotencyKey,
    to: [{ email: person.email, name: person.name }],
    subject: stage
      ? words.text('email.subject', {
          process: protocol?.processName ?? 'Dispute',
          stage: stage.name,
          reference: view.reference,
        })
      : words.text('email.subject.no-stage', {
          process: protocol?.processName ?? 'Dispute',
          reference: view.reference,
        }),
    html,
    adaptiveCard: card,
  });
}
