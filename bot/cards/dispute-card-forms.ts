// The card's buttons and forms, drawn from what the core offers the reader (`allowedActions` on the
// dispute view): nothing here re-derives who may do what. This file only words the offers and lays
// out their choices (the stages one may escalate to, the proposed meeting times, the outcomes).
import type { DisputeView } from '../../src/app/dispute-view.ts';
import type { AllowedActions } from '../../src/core/dispute/allowed-actions-schema.ts';
import type { Protocol, Stage } from '../../src/core/protocol/protocol-schema.ts';
import { DateTime } from 'luxon';
import { closeOfBusinessInWords, formatDay, listInWords } from './card-text.ts';
import { defaultWording, type Wording } from '../wording/wording.ts';

interface Choice {
  title: string;
  value: string;
}

export interface EscalateForm {
  show: boolean;
  title: string;
  intro: string;
  consult: string;
  hasChoice: boolean;
  defaultStageId: string;
  choices: Choice[];
  /** Calderdale 6.16: the chair says why the dispute moves on. */
  asksGrounds: boolean;
  groundsChoices: Choice[];
  /** Calderdale Appendix 1: recommendations at this escalation. */
  asksRecommendations: boolean;
  /** Calderdale 6.11: a referral straight to the Board asks for the consultation. */
  referral: { show: boolean; label: string; note: string };
}

export function escalateForm(
  offer: AllowedActions['escalate'],
  protocol: Protocol,
  stage: Stage | undefined,
  roleLabel: (role: string) => string,
  deciding: boolean,
  words: Wording = defaultWording,
): EscalateForm {
  const title = words.text(deciding ? 'form.escalate.title-now' : 'form.escalate.title');
  const next = offer?.targets.find((t) => t.isNext) ?? offer?.targets[0];
  if (!offer || !next)
    return {
      show: false,
      title,
      intro: '',
      consult: '',
      hasChoice: false,
      defaultStageId: '',
      choices: [],
      asksGrounds: false,
      groundsChoices: [],
      asksRecommendations: false,
      referral: { show: false, label: '', note: '' },
    };
  const later = offer.targets.filter((t) => !t.isNext);
  const referral = offer.targets.find((t) => t.needsConsultation);
  const rule = protocol.bypass.referral;
  return {
    show: true,
    title,
    intro: words.text(later.length > 0 ? 'form.escalate.intro-or-later' : 'form.escalate.intro', {
      next: next.name,
    }),
    consult:
      later.length > 0 && offer.consultRoles.length > 0
        ? words.text('form.escalate.consult', { roles: listInWords(offer.consultRoles) })
        : '',
    hasChoice: later.length > 0,
    defaultStageId: offer.defaultStageId,
    choices: offer.targets.map((t) => ({ title: t.name, value: t.stageId })),
    asksGrounds: offer.grounds.required,
    groundsChoices: offer.grounds.allowed.map((g) => ({
      title: words.text(`form.escalate.grounds.${g}`),
      value: g,
    })),
    asksRecommendations: Boolean(stage?.escalationGrounds) || Boolean(rule),
    referral:
      referral && rule
        ? {
            show: true,
            label: words.text('form.escalate.referral', {
              stage: referral.name,
              roles: listInWords(offer.consultRoles),
            }),
            note: words.text('form.escalate.referral-note', {
              roles: listInWords(rule.preAlertRoles.map(roleLabel)),
            }),
          }
        : { show: false, label: '', note: '' },
  };
}

export function extendIntro(
  offer: AllowedActions['extend'],
  protocol: Protocol,
  deciding: boolean,
  words: Wording = defaultWording,
): string {
  if (!offer) return '';
  return deciding
    ? words.text('form.extend.intro-deciding')
    : words.text('form.extend.intro', {
        when: closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, offer.currentDueOn),
      });
}

export function resolveForm(
  offer: AllowedActions['resolve'],
  deciding: boolean,
  words: Wording = defaultWording,
): { show: boolean; title: string } {
  if (!offer) return { show: false, title: words.text('form.resolve.title') };
  if (offer.as === 'deciding-respondent')
    return { show: true, title: words.text('form.resolve.title-respondent') };
  return { show: true, title: words.text(deciding ? 'form.resolve.title-deciding' : 'form.resolve.title') };
}

/**
 * Asking for a meeting, as offered: the words say whether it is a new one after the last was
 * recorded as not held.
 */
export function requestMeetingForm(
  offer: AllowedActions['requestMeeting'],
  dispute: DisputeView,
  words: Wording = defaultWording,
): { show: boolean; intro: string } {
  if (!offer) return { show: false, intro: '' };
  const sinceOpened = dispute.events.slice(dispute.events.map((e) => e.type).lastIndexOf('StageOpened') + 1);
  const last = [...sinceOpened]
    .reverse()
    .find((e) => e.type === 'MeetingOutcomeRecorded' || e.type === 'MeetingRequested');
  const notHeld = last?.type === 'MeetingOutcomeRecorded' && last.outcome === 'not-held';
  return {
    show: true,
    intro: words.text(notHeld ? 'form.request-meeting.intro-again' : 'form.request-meeting.intro'),
  };
}

export const londonTime = (iso: string) =>
  `${formatDay(iso)} at ${DateTime.fromISO(iso, { setZone: true }).setZone('Europe/London').toFormat('HH:mm')}`;

/** Bradford stage 3: the proposed times the reader may confirm. */
export function confirmMeetingForm(offer: AllowedActions['confirmMeetingSlot']): {
  show: boolean;
  choices: Choice[];
} {
  if (!offer) return { show: false, choices: [] };
  return { show: true, choices: offer.slots.map((x) => ({ title: londonTime(x.start), value: x.start })) };
}

/** Acknowledge, co-sign and the answer form, as offered to the reader. */
export function respondentForm(
  allowed: AllowedActions,
  nameOf: (id: string) => string,
  words: Wording = defaultWording,
): { canAcknowledge: boolean; coSign: string; inline: boolean; inShowCard: boolean; outcomes: Choice[] } {
  const answers = Boolean(allowed.respond);
  // The answer form sits in the card unless the person may also resolve (then both are sub-forms).
  return {
    canAcknowledge: Boolean(allowed.acknowledge),
    coSign: allowed.coSign
      ? words.text('form.co-sign.button', { name: nameOf(allowed.coSign.defaultResponseBy) })
      : '',
    inline: answers && !allowed.resolve,
    inShowCard: answers && Boolean(allowed.resolve),
    outcomes: (allowed.respond?.outcomes ?? []).map((o) => ({
      title: words.text(`outcome-label.${o}`),
      value: o,
    })),
  };
}
