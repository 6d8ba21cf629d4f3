// The text for the child's file, per the protocol's recording rules: each stage that says
// "case note" gets one, under the title the council's case system uses; stages whose records stay
// off the child's file (a concern about a chair) produce none, and the note says so.
import { londonDateOf, londonTimeOf } from '../calendar/working-day-calendar.ts';
import type { Protocol } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { themeLabel } from '../protocol/themes.ts';
import type { DisputeEvent } from '../dispute/dispute-events.ts';

export interface CaseNote {
  /** Empty when nothing of this dispute goes on the child's file. */
  entries: { stageId: string; title: string; text: string }[];
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
        lines.push(`Escalated to this stage on ${day}: ${e.reason}`);
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
      if (e.type === 'Withdrawn') lines.push(`Withdrawn on ${day} by ${who}: ${e.reason}`);
    }
    entries.push({ stageId, title: stage.recording.caseNoteTitle ?? stage.name, text: lines.join('\n') });
  }
  const notOnChildFile =
    entries.length === 0
      ? `${protocol.processName}: this process is not recorded on the child's file.`
      : null;
  return { entries, heldLocally, notOnChildFile };
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
