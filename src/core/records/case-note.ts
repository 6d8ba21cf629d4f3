// The text for the child's file, per the protocol's recording rules: each stage that says
// "case note" gets one, under the title the council's case system uses; stages whose records stay
// off the child's file (a concern about a chair) produce none, and the note says so.
import { londonDateOf, londonTimeOf } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { themeLabel } from '../protocol/themes.ts';
import type { DisputeEvent, StageOpened } from '../dispute/dispute-events.ts';

export interface CaseNote {
  /** Empty when nothing of this dispute goes on the child's file. */
  entries: {
    stageId: string;
    title: string;
    text: string;
    /** Who records it on the child's file, as the protocol says (Bradford stage 3: the S&R Manager). */
    recordedBy: string;
  }[];
  /** What is kept off the child's file until resolution, per stage. */
  heldLocally: { stageId: string; what: string }[];
  notOnChildFile: string | null;
}

const outcomeWords: Record<string, string> = {
  'actions-agreed': 'actions agreed',
  'actions-completed': 'actions completed',
  disagree: 'does not agree',
  'needs-more-time': 'needs more time',
};

export function caseNote(
  protocol: Protocol,
  events: readonly DisputeEvent[],
  nameOf: (personId: string) => string,
): CaseNote {
  const raised = events.find((e) => e.type === 'Raised');
  const entries: CaseNote['entries'] = [];
  const heldLocally: CaseNote['heldLocally'] = [];
  const stageIds = events.flatMap((e) => (e.type === 'StageOpened' ? [e.stageId] : []));
  for (const stageId of stageIds) {
    const stage = stageById(protocol, stageId);
    if (!stage) continue;
    if (stage.recording.heldLocallyUntilResolved)
      heldLocally.push({ stageId, what: stage.recording.heldLocallyUntilResolved });
    if (stage.recording.childFile !== 'case-note') continue;
    const inStage = eventsOfStage(events, stageId);
    const lines: string[] = [];
    const opened = inStage.find((e) => e.type === 'StageOpened');
    if (opened?.type === 'StageOpened') {
      // The record shows when the stage was sent and the time it falls due (SEEDS.md "Nothing is
      // back-dated"; "Working days": due at close of business).
      lines.push(
        `${stage.name} sent ${opened.openedOn} at ${londonTimeOf(opened.at)}; response due by ${londonTimeOf(opened.dueAt)} on ${opened.dueOn}.`,
      );
      if (opened.respondentIds.length) lines.push(`Sent to: ${opened.respondentIds.map(nameOf).join(', ')}.`);
      // Who was told matters as much as who must answer (the team manager alerted at the informal stage).
      if (opened.notifiedIds.length) lines.push(`Told: ${opened.notifiedIds.map(nameOf).join(', ')}.`);
      if (opened.copiedIds.length) lines.push(`Copied to: ${opened.copiedIds.map(nameOf).join(', ')}.`);
    }
    if (raised?.type === 'Raised' && raised.startStageId === stageId) {
      lines.push(`Theme: ${themeLabel(protocol, raised.theme)}.`);
      lines.push(`Concern: ${raised.concern}`);
      lines.push(`Actions required: ${raised.actionsRequired}`);
      if (raised.immediateRisk)
        lines.push('The chair judged the child to be at immediate risk of significant harm.');
      if (raised.bypassReason) lines.push(`Started at this stage because: ${raised.bypassReason}`);
      if (raised.recurrenceOf.length)
        lines.push('Started formally: a similar concern raised before for this child remained unresolved.');
    }
    for (const e of inStage) {
      const who = nameOf(e.actorId);
      // The London date of the instant, never its UTC date (SEEDS.md "Dates on the record").
      const day = londonDateOf(e.at);
      if (e.type === 'Escalated' && e.toStageId === stageId)
        lines.push(
          `Escalated to this stage on ${day}${e.grounds ? ` (${groundsWords[e.grounds]})` : ''}: ${e.reason}` +
            (e.recommendations ? ` Recommendations: ${e.recommendations}` : ''),
        );
      if (e.type === 'ReferralPreAlerted')
        lines.push(
          `Referred directly after consulting ${e.consultedIds.map(nameOf).join(', ') || 'the people the protocol names'}; ` +
            `alerted beforehand: ${e.alertedIds.map(nameOf).join(', ')}.`,
        );
      if (e.type === 'ImmediateReviewAlerted')
        lines.push(
          `Risk of significant harm: ${e.alertedIds.map(nameOf).join(', ')} alerted at once for immediate review.` +
            (e.challengedChairId
              ? ` The chair whose decision is challenged, ${nameOf(e.challengedChairId)}, was told.`
              : ''),
        );
      if (e.type === 'MeetingRequested') lines.push(`Meeting asked for by ${who} on ${day}: ${e.reason}`);
      if (e.type === 'Responded')
        lines.push(
          `Response from ${who} on ${day} (${outcomeWords[e.outcome]}): ${e.text}` +
            (e.actionsProposed ? ` Actions proposed: ${e.actionsProposed}` : '') +
            (e.moreTimeUntil ? ` More time asked until ${e.moreTimeUntil}.` : ''),
        );
      if (e.type === 'Extended') lines.push(`More time given until ${e.dueOn} by ${who}: ${e.reason}`);
      if (e.type === 'DeadlineMissed') lines.push(`No response by the due date ${e.dueOn}.`);
      if (e.type === 'MeetingOutcomeRecorded')
        lines.push(`Meeting (${e.outcome.replace('-', ' ')}), recorded by ${who}: ${e.text}`);
      if (e.type === 'Resolved')
        lines.push(
          `Resolved on ${day} by ${who}: ${e.summary}${e.keepMonitoring ? ' The chair will continue to monitor.' : ''}`,
        );
      if (e.type === 'Resolved' && e.localRecordToFile)
        lines.push(
          `The ${e.localRecordToFile.replace(/ \(.*\)$/, '')}, kept locally until now, is to be placed on the child's file: the chair was prompted to do so on resolution.`,
        );
      if (e.type === 'Withdrawn') lines.push(`Withdrawn on ${day} by ${who}: ${e.reason}`);
    }
    entries.push({
      stageId,
      title: stage.recording.caseNoteTitle ?? stage.name,
      text: lines.join('\n'),
      recordedBy: recordedBy(
        protocol,
        stage,
        opened?.type === 'StageOpened' ? opened : undefined,
        raised,
        nameOf,
      ),
    });
  }
  const notOnChildFile =
    entries.length === 0
      ? `${protocol.processName}: this process is not recorded on the child's file.`
      : null;
  return { entries, heldLocally, notOnChildFile };
}

const groundsWords: Record<string, string> = {
  'not-answered-in-time': 'not answered in time',
  'dissatisfied-with-response': 'the chair was dissatisfied with the response',
};

/** "Safeguarding and Reviewing Service Manager (Isla ...)": the role the protocol names, and who holds it here. */
function recordedBy(
  protocol: Protocol,
  stage: Stage,
  opened: StageOpened | undefined,
  raised: DisputeEvent | undefined,
  nameOf: (personId: string) => string,
): string {
  const role = stage.recording.recordedByRole;
  const label = protocol.roles[role]?.label ?? role;
  let holder: string | null = null;
  if (role === protocol.raisedBy.role && raised?.type === 'Raised') holder = raised.raiserId;
  else if (role === stage.meeting.chairRole) holder = opened?.meeting?.chairId ?? null;
  return holder ? `${label} (${nameOf(holder)})` : label;
}

/** The events that happened while `stageId` was the open stage (from its StageOpened to the next). */
function eventsOfStage(events: readonly DisputeEvent[], stageId: string): DisputeEvent[] {
  const out: DisputeEvent[] = [];
  let current: string | null = null;
  for (const e of events) {
    if (e.type === 'Escalated' && e.toStageId === stageId) {
      out.push(e);
      continue;
    }
    if (e.type === 'StageOpened') current = e.stageId;
    if (current === stageId) out.push(e);
  }
  return out;
}
