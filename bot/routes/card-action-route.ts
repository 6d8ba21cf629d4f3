// Universal Actions (`adaptiveCard/action` invokes). The person acting is the activity's
// aadObjectId mapped through the directory; the card's data gives only the dispute id, the version
// it showed and the verb. Every answer is a card: the updated dispute, the latest one with a line
// saying what changed, or one saying why nothing changed.
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { AppError } from '../../src/app/app-error.ts';
import { PersonDisputes } from '../../src/app/person-disputes.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import type { BotDeps } from '../bot-context.ts';
import {
  DisputeRefSchema,
  InvokeValueSchema,
  RaiseInputsSchema,
  disputeCommandSchemas,
  fieldErrors,
  isDisputeVerb,
  type InvokeValue,
} from '../card-actions.ts';
import { inputIds, verbs } from '../cards/card-contract.ts';
import { describeChanges } from '../describe-changes.ts';
import { refreshReferenceVerb } from '../cards/render-reference-card.ts';
import { referenceRefreshCard } from '../reference-cards.ts';

export interface InvokeResponse {
  status: number;
  body: unknown;
}

export const cardResponse = (card: object): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
});

export async function onCardAction(
  deps: BotDeps,
  context: TurnContext,
  person: Person | null,
): Promise<InvokeResponse> {
  const { cards } = deps;
  const words = deps.config.wording;
  const parsed = InvokeValueSchema.safeParse(context.activity.value);
  if (!parsed.success)
    return cardResponse(
      cards.message({
        title: words.text('action.unreadable.title'),
        text: words.text('action.unreadable.text'),
        tone: 'error',
      }),
    );
  // A reference card from "Find dispute" or a pasted link asks for this person's own view of it.
  if (parsed.data.action.verb === refreshReferenceVerb) {
    const ref = z.object({ disputeId: z.uuid() }).safeParse(parsed.data.action.data);
    if (ref.success) return cardResponse(await referenceRefreshCard(deps, person, ref.data.disputeId));
  }
  if (!person)
    return cardResponse(
      cards.message({
        title: words.text('chat.not-in-directory.title'),
        text: words.text('action.not-in-directory.text'),
        tone: 'warning',
      }),
    );
  const { action } = parsed.data;
  try {
    if (action.verb === verbs.raise || action.verb === verbs.previewRaise)
      return await raise(deps, person, parsed.data);
    // The help card's buttons: the same cards as the `raise` and `mine` commands, in its place.
    if (action.verb === verbs.showRaiseForm) return cardResponse(await cards.raiseForm(person, {}));
    if (action.verb === verbs.mine) return cardResponse(await cards.list(person));
    const ref = DisputeRefSchema.safeParse(action.data);
    if (!ref.success)
      return cardResponse(
        cards.message({
          title: words.text('action.unreadable.title'),
          text: words.text('action.no-dispute.text'),
          tone: 'error',
        }),
      );
    const { disputeId, version } = ref.data;
    if (action.verb === verbs.refresh || action.verb === verbs.open)
      return cardResponse((await cards.disputeCard(person, disputeId, { what: `card:${action.verb}` })).card);
    if (!isDisputeVerb(action.verb))
      return cardResponse(
        (
          await cards.disputeCard(person, disputeId, {
            what: 'card:unknown-verb',
            notice: words.text('action.unknown-button'),
          })
        ).card,
      );
    const command = disputeCommandSchemas[action.verb].safeParse(action.data);
    if (!command.success) {
      const first = fieldErrors(command.error)[0];
      return cardResponse(
        (
          await cards.disputeCard(person, disputeId, {
            what: 'card:invalid',
            notice: words.text('action.refused', {
              problem: first?.message ?? words.text('action.check-form'),
            }),
            tone: 'warning',
          })
        ).card,
      );
    }
    // One read and one write: the card is drawn from the view the action answers with.
    const view = await new PersonDisputes(deps.services, person).act(
      disputeId,
      version,
      command.data,
      'card',
    );
    return cardResponse(await cards.cardOf(person, view, { notice: doneNotice(deps, action.verb) }));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return cardResponse(await refusalCard(deps, person, parsed.data, e));
  }
}

async function refusalCard(deps: BotDeps, person: Person, value: InvokeValue, e: AppError): Promise<object> {
  const ref = DisputeRefSchema.safeParse(value.action.data);
  const words = deps.config.wording;
  if (e.code === 'not-found' || e.code === 'not-available')
    return deps.cards.message({
      title: words.text('action.not-available.title'),
      text: words.text('action.not-available.text'),
      tone: 'warning',
    });
  if (!ref.success)
    return deps.cards.message({
      title: words.text('action.refused.title'),
      text: e.message,
      tone: 'warning',
    });
  if (e.code === 'version-conflict') {
    // A stale card: show the latest, with a line saying what changed since the version it showed.
    const latest = await new PersonDisputes(deps.services, person).get(ref.data.disputeId, 'card:stale');
    const notice = words.text('action.stale', {
      changes: await describeChanges(deps, latest, ref.data.version),
    });
    return deps.cards.cardOf(person, latest, { notice, tone: 'warning' });
  }
  const notice = words.text('action.refused', { problem: e.message });
  return (
    await deps.cards.disputeCard(person, ref.data.disputeId, {
      what: 'card:refused',
      notice,
      tone: 'warning',
    })
  ).card;
}

/** The line on the updated card saying what the press did. */
function doneNotice(deps: BotDeps, verb: string): string {
  const key = `done.${verb}`;
  const words = deps.config.wording;
  return words.text(words.has(key) ? (key as 'done.acknowledge') : 'done.other');
}

async function raise(deps: BotDeps, person: Person, value: InvokeValue) {
  const data = value.action.data;
  const protocolId =
    typeof data[inputIds.raise.protocolId] === 'string'
      ? (data[inputIds.raise.protocolId] as string)
      : undefined;
  const values = Object.fromEntries(
    Object.entries(data).filter(([, v]) => typeof v === 'string' || typeof v === 'boolean'),
  ) as Record<string, string | boolean>;
  // The form's stages, dates and "Start at" are those of the protocol it was drawn for. When the
  // person chose another protocol, draw it again for that one (what they typed kept) before raising.
  const formProtocolId = data.formProtocolId;
  if (typeof formProtocolId === 'string' && protocolId && formProtocolId !== protocolId) {
    for (const id of [
      inputIds.raise.startStageId,
      inputIds.raise.reason,
      inputIds.raise.chairSetWorkingDays,
      inputIds.raise.consulted,
      inputIds.raise.challengedChairId,
    ])
      delete values[id];
    if (value.action.verb === verbs.raise)
      return cardResponse(
        await deps.cards.raiseForm(person, {
          protocolId,
          values,
          errors: [
            {
              field: '',
              message: deps.config.wording.text('action.other-protocol'),
            },
          ],
          withPreview: true,
        }),
      );
  }
  const parsed = RaiseInputsSchema.safeParse(data);
  if (value.action.verb === verbs.previewRaise || !parsed.success) {
    const errors = value.action.verb === verbs.raise && !parsed.success ? fieldErrors(parsed.error) : [];
    return cardResponse(
      await deps.cards.raiseForm(person, {
        ...(protocolId ? { protocolId } : {}),
        values,
        errors,
        withPreview: true,
      }),
    );
  }
  try {
    const view = await new PersonDisputes(deps.services, person).raise(parsed.data);
    return cardResponse(
      await deps.cards.cardOf(person, view, {
        notice: deps.config.wording.text('action.raised', {
          reference: view.reference,
          stage: view.stage?.name ?? '',
        }),
      }),
    );
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return cardResponse(
      await deps.cards.raiseForm(person, {
        ...(protocolId ? { protocolId } : {}),
        values,
        errors: [{ field: e.field ?? '', message: e.message }],
        withPreview: true,
      }),
    );
  }
}
