// If nobody acts, when is each stage sent and when does it fall due, and when is the overall cap?
// Shown before a dispute is raised, so a chair sees the whole road and any protocol that cannot
// keep its own promises (Gloucestershire: six stages of four days inside a twenty-day cap).
//
// "Nobody acts" is the road the sweeper takes by itself (SEEDS.md "Working days", "Nothing is
// back-dated", "Missed deadline"): a stage falls due at close of business on its n-th working day;
// where the protocol escalates, the next stage is sent at that moment (its day 0 is that date);
// where it asks the chair, the chair has the protocol's decision window and, without a decision,
// the next stage is sent at close of business on the window's last day.
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import { DEFAULT_CLOSE_OF_BUSINESS, type Protocol } from '../protocol/protocol-schema.ts';
import { closeOfBusinessOn, stageIndex, stageMaxWorkingDays } from '../protocol/stage-queries.ts';
import type { EscalationPreview, PreviewStage } from './escalation-preview-schema.ts';

export type { EscalationPreview, PreviewStage } from './escalation-preview-schema.ts';

export interface PreviewOptions {
  startStageId?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const numberWords = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const inWords = (n: number) => numberWords[n] ?? String(n);

export function previewEscalation(
  protocol: Protocol,
  calendar: WorkingDayCalendar,
  start: string,
  options: PreviewOptions = {},
): EscalationPreview {
  const from = options.startStageId ? stageIndex(protocol, options.startStageId) : 0;
  if (from < 0) throw new RangeError(`"${options.startStageId}" is not a stage of ${protocol.name}`);
  const rule = protocol.workingDays.receiptOnNonWorkingDay;
  const cob = (date: string) => closeOfBusinessOn(protocol, calendar, date);
  const road = protocol.stages.slice(from);
  const stages: PreviewStage[] = [];
  let opens = start;
  let opensAt: string | null = null;
  road.forEach((stage, i) => {
    // A stage whose limit the chair sets is shown at the protocol's maximum: the longest road.
    const workingDays = stageMaxWorkingDays(stage);
    const due = calendar.addWorkingDays(opens, workingDays, rule);
    const hasNext = i < road.length - 1;
    const windowDays =
      stage.onDeadline.action === 'ask-chair' ? stage.onDeadline.autoEscalateAfterWorkingDays : undefined;
    // The sweeper records the missed deadline at close of business on `due`, so the window counts
    // from that day (decide.ts: addWorkingDays(today, autoEscalateAfterWorkingDays)).
    const until = hasNext && windowDays ? calendar.addWorkingDays(due, windowDays) : null;
    stages.push({
      id: stage.id,
      name: stage.name,
      formal: stage.formal,
      opens,
      opensAt,
      due,
      dueAt: cob(due),
      workingDays,
      timeFromSource: stage.responseTime.source.fromSource,
      timeNote: stage.responseTime.source.note,
      meeting: stage.meeting.need,
      onDeadline: stage.onDeadline.action,
      chairDecision: until && windowDays ? { workingDays: windowDays, until, untilAt: cob(until) } : null,
    });
    opens = until ?? due;
    opensAt = cob(opens);
  });

  const warnings: string[] = [];
  let cap: EscalationPreview['cap'] = null;
  if (protocol.cap) {
    const capStart =
      stages.find((s) => s.id === protocol.cap!.countsFromStageId) ??
      stages.find((s) => stageIndex(protocol, s.id) >= stageIndex(protocol, protocol.cap!.countsFromStageId));
    if (capStart) {
      const on = calendar.addWorkingDays(capStart.opens, protocol.cap.workingDays, rule);
      cap = { on, workingDays: protocol.cap.workingDays, countsFromStageId: capStart.id };
      const capped = stages.slice(stages.indexOf(capStart));
      const answerDays = capped.reduce((sum, s) => sum + s.workingDays, 0);
      // The last capped stage's decision window runs after its deadline, not before the next stage.
      const windowDays = capped.slice(0, -1).reduce((sum, s) => sum + (s.chairDecision?.workingDays ?? 0), 0);
      const last = stages[stages.length - 1]!;
      // Honest by construction: the warning is about the dates, not a sum of days.
      if (last.due > on) {
        const same = capped.every((s) => s.workingDays === capped[0]!.workingDays);
        const shape = same
          ? `${inWords(capped.length)} stages of ${inWords(capped[0]!.workingDays)} working days (${answerDays} in all)`
          : `stages adding up to ${answerDays} working days`;
        const windows = windowDays
          ? `, and with the chair's decision windows before each automatic move (${plural(windowDays, 'working day')} more), the road if nobody acts is longer still`
          : '';
        warnings.push(
          `${capitalise(shape)} cannot fit inside the ${protocol.cap.workingDays}-working-day overall limit${windows}. ` +
            `If nobody acts, the overall limit is reached at close of business on ${on}, but "${last.name}" would not fall due until ${last.due}. ` +
            `You and the protocol's cap holder will be alerted when the limit is reached; stage deadlines are not shortened.`,
        );
      }
    }
  }
  for (const s of stages) {
    if (!s.timeFromSource)
      warnings.push(
        `The ${plural(s.workingDays, 'working day')} for "${s.name}" are not in the source document: they are this protocol's default.`,
      );
  }
  const chairSet = road.find((s) => s.responseTime.kind === 'set-by-chair');
  if (chairSet)
    warnings.push(
      `You set the time for "${chairSet.name}" (up to ${plural(stageMaxWorkingDays(chairSet), 'working day')}); this preview shows the maximum.`,
    );
  // SEEDS.md "Seed conflicts": where the council's document contradicts itself, the chair is told.
  for (const stage of protocol.stages.slice(from)) {
    const conflict = stage.responseTime.source.conflict;
    if (conflict) warnings.push(`"${stage.name}": ${conflict}`);
  }
  const decided = stages.filter((s) => s.chairDecision);
  if (decided.length) {
    const days = [...new Set(decided.map((s) => s.chairDecision!.workingDays))];
    warnings.push(
      `At a missed deadline marked "ask the chair", you decide whether to escalate. This preview shows what happens if nobody acts: ` +
        `without your decision the dispute moves on by itself at close of business ${days.length === 1 ? plural(days[0]!, 'working day') : 'some working days'} later. ` +
        `That window is this product's default, not in the source document.`,
    );
  }
  const closeOfBusiness = {
    time: protocol.workingDays.closeOfBusiness,
    productDefault: protocol.workingDays.closeOfBusiness === DEFAULT_CLOSE_OF_BUSINESS,
  };
  return { protocolId: protocol.id, start, closeOfBusiness, stages, cap, warnings };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
