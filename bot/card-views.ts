// The cards the bot shows, built from what the app layer lets this person see: a dispute card is
// always rendered from PersonDisputes (access checked, read audited), never from raw storage.
import type { AppServices } from '../src/app/app-services.ts';
import { PersonDisputes } from '../src/app/person-disputes.ts';
import type { Person } from '../src/app/ports/directory.ts';
import type { DisputeView } from '../src/app/dispute-view.ts';
import { previewEscalation } from '../src/core/preview/escalation-preview.ts';
import { themesOf } from '../src/core/protocol/themes.ts';
import type { ConversationStore } from '../src/app/ports/conversation-store.ts';
import type { BotConfig } from './bot-config.ts';
import { renderDisputeCard } from './cards/render-dispute-card.ts';
import { maxListItems, renderDisputeList, type DisputeListItem } from './cards/render-dispute-list.ts';
import type { DisputeProjection } from '../src/app/ports/dispute-event-store.ts';
import { renderHelpCard } from './cards/render-help-card.ts';
import { renderMessageCard, type MessageTone } from './cards/render-message-card.ts';
import { raiseFormReferralOf, renderRaiseForm, type RaiseInputId } from './cards/render-raise-form.ts';
import { inputIds, type CardHost } from './cards/card-contract.ts';

export interface DisputeCardOptions {
  notice?: string;
  tone?: MessageTone;
  host?: CardHost;
}

export interface CardViews {
  /** Reads the dispute as this person may see it (audited as `what`) and renders their card. */
  disputeCard(
    person: Person,
    disputeId: string,
    options: DisputeCardOptions & { what: string },
  ): Promise<{ card: object; view: DisputeView }>;
  /** Renders the card of a view already in hand (an action's answer): no second read. */
  cardOf(person: Person, view: DisputeView, options?: DisputeCardOptions): Promise<object>;
  raiseForm(
    person: Person,
    options: {
      protocolId?: string;
      values?: Record<string, string | boolean>;
      errors?: { field: string; message: string }[];
      withPreview?: boolean;
    },
  ): Promise<object>;
  list(person: Person): Promise<object>;
  help(): object;
  message(input: { title: string; text: string; tone: MessageTone }): object;
}

const host = 'teams' as const;
/** The flows the raise form offers: practice disputes, and a professional's dissent from a conference decision. */
const raisedOnTheForm: readonly string[] = ['practice-dispute', 'conference-dissent'];

export function createCardViews(
  services: AppServices,
  config: BotConfig,
  conversations: Pick<ConversationStore<object>, 'userIdsFor'>,
): CardViews {
  const nameOf = async (ids: readonly string[]) => {
    const people = await Promise.all([...new Set(ids)].map((id) => services.directory.byId(id)));
    const names = new Map(people.filter((p): p is Person => p !== null).map((p) => [p.id, p.name]));
    return (id: string) =>
      id === 'system' ? 'CP Disputes' : (names.get(id) ?? 'someone no longer in the directory');
  };

  const defaultProtocolId = () =>
    services.protocols.all().find((e) => e.protocol.flow === 'practice-dispute')?.protocol.id ??
    services.protocols.all()[0]!.protocol.id;

  const cardOf = async (person: Person, view: DisputeView, options: DisputeCardOptions = {}) => {
    const entry = services.protocols.get(view.protocolId)!;
    const ids = [
      view.raiserId,
      view.socialWorkerId,
      ...view.respondents,
      ...view.copied,
      ...view.events.map((e) => e.actorId),
    ];
    return renderDisputeCard({
      dispute: view,
      protocol: entry.protocol,
      viewerId: person.id,
      nameOf: await nameOf(ids),
      host: options.host ?? host,
      ...(options.host === 'outlook' && config.actionableOriginator
        ? { originator: config.actionableOriginator }
        : {}),
      notice: options.notice ?? null,
      appBaseUrl: config.appBaseUrl,
      teamsAppId: config.teamsAppId,
      // Teams refreshes each participant's own view automatically (user MRIs, at most 60).
      refreshUserIds: await conversations.userIdsFor([view.raiserId, ...view.respondents, ...view.copied]),
      wording: config.wording,
    });
  };

  return {
    async disputeCard(person, disputeId, options) {
      const view = await new PersonDisputes(services, person).get(disputeId, options.what);
      return { card: await cardOf(person, view, options), view };
    },

    cardOf,

    async raiseForm(person, options) {
      const protocolId =
        options.protocolId && services.protocols.get(options.protocolId)
          ? options.protocolId
          : defaultProtocolId();
      const { protocol, calendar } = services.protocols.get(protocolId)!;
      const values = (options.values ?? {}) as Partial<Record<RaiseInputId, string | boolean>>;
      const startStageId = values[inputIds.raise.startStageId];
      const start = calendar.londonDateOf(services.clock.now());
      const socialWorkerId = values[inputIds.raise.socialWorkerId];
      const socialWorker =
        typeof socialWorkerId === 'string' && socialWorkerId
          ? await services.directory.byId(socialWorkerId)
          : null;
      // Teams fills the social worker picker as the person types (Data.Query). A local host has no
      // typeahead (the Agents Playground, the only client of an unauthenticated bot): there the
      // picker lists the directory's people instead, or no one could be chosen.
      const socialWorkerChoices =
        config.authentication === 'off-dev-loopback'
          ? (await services.directory.search({ limit: 50 }))
              .filter((p) => !p.mailbox && p.id !== person.id)
              .map((p) => ({ title: `${p.name} (${p.jobTitle})`, value: p.id }))
          : [];
      // A conference dissent names the chair challenged (Calderdale 6.6): the directory's conference
      // chairs, as the server checks them (the cp-chair post), never the person raising it.
      const challengedChairChoices = protocol.immediateRisk?.tellChallengedChair
        ? (await services.directory.search({ limit: 500 }))
            .filter((p) => !p.mailbox && p.id !== person.id && p.posts.includes('cp-chair'))
            .map((p) => ({ title: `${p.name} (${p.jobTitle})`, value: p.id }))
        : null;
      return renderRaiseForm({
        host,
        protocols: services.protocols
          .all()
          .filter((e) => raisedOnTheForm.includes(e.protocol.flow))
          .map((e) => ({ id: e.protocol.id, name: e.protocol.name })),
        protocolId,
        ...(protocol.flow === 'conference-dissent'
          ? { title: config.wording.text('raise.title.dissent') }
          : {}),
        wording: config.wording,
        themes: themesOf(protocol),
        stages: protocol.stages,
        referral: raiseFormReferralOf(protocol),
        challengedChairChoices,
        preview: previewEscalation(
          protocol,
          calendar,
          start,
          typeof startStageId === 'string' && protocol.stages.some((s) => s.id === startStageId)
            ? { startStageId }
            : {},
        ),
        values,
        ...(socialWorker ? { socialWorkerName: socialWorker.name } : {}),
        socialWorkerChoices,
        errors: options.errors ?? [],
      });
    },

    async list(person) {
      const disputes = new PersonDisputes(services, person);
      // A card holds maxListItems at most: one page of each list, the rest is in the tab.
      const pages = await Promise.all(
        (['awaiting-me', 'raised-by-me', 'copied-to-me'] as const).map((view) =>
          disputes.list(view, { limit: maxListItems }),
        ),
      );
      const [awaiting, raised, copied] = pages.map((p) => p.disputes) as [
        DisputeProjection[],
        DisputeProjection[],
        DisputeProjection[],
      ];
      const seen = new Set<string>();
      const now = services.clock.now();
      const items: DisputeListItem[] = [];
      for (const d of [...awaiting, ...raised, ...copied]) {
        if (seen.has(d.id)) continue;
        seen.add(d.id);
        const protocol = services.protocols.get(d.protocolId)?.protocol;
        const stage = protocol?.stages.find((s) => s.id === d.stageId);
        items.push({
          id: d.id,
          version: d.version,
          reference: d.reference,
          // The list never shows a name: the case number and the dispute reference identify it.
          childLabel: `Case ${d.caseNumber}`,
          stageName: stage?.name ?? '',
          dueOn: d.dueOn,
          // An answered stage is never overdue (issue 12 item 8; the projection knows answered).
          overdue: d.dueAt !== null && Date.parse(d.dueAt) <= Date.parse(now) && !d.stageAnswered,
          status: d.status,
        });
      }
      const more = pages.some((p) => p.nextCursor !== null);
      return renderDisputeList({
        host,
        title: config.wording.text('list.title'),
        items,
        more,
        wording: config.wording,
      });
    },

    help() {
      return renderHelpCard({
        host,
        appBaseUrl: config.appBaseUrl,
        teamsAppId: config.teamsAppId,
        wording: config.wording,
      });
    },

    message(input) {
      return renderMessageCard({ host, ...input, wording: config.wording });
    },
  };
}
