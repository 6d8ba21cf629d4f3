// Going beyond the next stage: which stages the chair may open directly, and the consultation and
// pre-alerts a referral needs (Calderdale 6.11), for a raise and an escalation alike.
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { nextStage } from '../protocol/stage-queries.ts';
import type { Roster } from './dispute-commands.ts';
import type { DisputeEvent } from './dispute-events.ts';
import { unique } from './decide-guards.ts';
import { roleLabel } from './open-stage.ts';
import { refuse, type Refusal } from './refusal.ts';

/** Whether the chair may open `target` directly, skipping the stages between. */
export function mayGoDirectlyTo(
  protocol: Protocol,
  target: Stage,
  immediateRisk: boolean,
): { ok: true } | { ok: false; why: string } {
  const b = protocol.bypass;
  if (b.anyStage || b.alwaysAllowedStageIds.includes(target.id) || (immediateRisk && b.onImmediateRisk))
    return { ok: true };
  return {
    ok: false,
    why: b.onImmediateRisk
      ? `${protocol.name} follows its stages in order unless the child is at immediate risk of significant harm; "${target.name}" cannot be reached directly otherwise.`
      : `${protocol.name} does not allow going straight to "${target.name}".`,
  };
}

/**
 * Whether going from `from` to `target` is a referral that asks for consultation first: `target` is
 * a stage the chair may reach at any point under a referral rule, and it is not simply the next one.
 */
export function isReferral(protocol: Protocol, from: Stage | null, target: Stage): boolean {
  if (from && nextStage(protocol, from.id)?.id === target.id) return false;
  return Boolean(protocol.bypass.referral) && protocol.bypass.alwaysAllowedStageIds.includes(target.id);
}

/** The referral's consultation check and pre-alerts, for a raise or an escalation to `target`. */
export function referralAlerts(
  protocol: Protocol,
  target: Stage,
  consulted: boolean,
  roster: Roster,
  now: string,
  by: string,
): DisputeEvent | Refusal | null {
  const rule = protocol.bypass.referral;
  if (!rule || !protocol.bypass.alwaysAllowedStageIds.includes(target.id)) return null;
  const namesOf = (roles: readonly string[]) => roles.map((r) => roleLabel(protocol, r)).join(', ');
  const consultedIds = unique(protocol.bypass.consultRoles.flatMap((r) => roster[r] ?? []));
  if (!consulted)
    return refuse(
      'invalid',
      `Before referring the dispute to "${target.name}", consult the ${namesOf(protocol.bypass.consultRoles)} and confirm you have. ` +
        `The ${namesOf(rule.preAlertRoles)} will be alerted by email before the referral is sent.`,
      'consulted',
    );
  const alertedIds = unique(rule.preAlertRoles.flatMap((r) => roster[r] ?? [])).filter((id) => id !== by);
  const missing = rule.preAlertRoles.filter((r) => (roster[r] ?? []).length === 0);
  if (missing.length)
    return refuse(
      'role-unfilled',
      `Nobody holds the role "${namesOf(missing)}", who must be alerted before "${target.name}" is sent. ` +
        'Ask your directory administrator to fill it, then try again.',
    );
  return { type: 'ReferralPreAlerted', at: now, actorId: by, toStageId: target.id, consultedIds, alertedIds };
}
