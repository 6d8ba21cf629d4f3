// If every deadline is missed, when does each stage open and fall due, and when is the overall cap?
// Shown before a dispute is raised, so a chair sees the whole road and any protocol that cannot
// keep its own promises (Gloucestershire: six stages of four days inside a twenty-day cap).
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol } from '../protocol/protocol-schema.ts';
import { stageIndex, stageMaxWorkingDays } from '../protocol/stage-queries.ts';

export interface PreviewStage {
  id: string;
  name: string;
  formal: boolean;
  opens: string;
  due: string;
  workingDays: number;
  /** False when the time limit is the protocol's default, not the source document's. */
  timeFromSource: boolean;
  timeNote: string;
  meeting: 'none' | 'optional' | 'required';
  onDeadline: 'escalate' | 'ask-chair';
}

export interface EscalationPreview {
  protocolId: string;
  start: string;
  stages: PreviewStage[];
  cap: { on: string; workingDays: number; countsFromStageId: string } | null;
  warnings: string[];
}

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
  const stages: PreviewStage[] = [];
  let opens = start;
  for (const stage of protocol.stages.slice(from)) {
    // A stage whose limit the chair sets is shown at the protocol's maximum: the longest road.
    const workingDays = stageMaxWorkingDays(stage);
    const due = calendar.addWorkingDays(opens, workingDays, rule);
    stages.push({
      id: stage.id,
      name: stage.name,
      formal: stage.formal,
      opens,
      due,
      workingDays,
      timeFromSource: stage.responseTime.source.fromSource,
      timeNote: stage.responseTime.source.note,
      meeting: stage.meeting.need,
      onDeadline: stage.onDeadline.action,
    });
    opens = due;
  }

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
      const total = capped.reduce((sum, s) => sum + s.workingDays, 0);
      const last = stages[stages.length - 1]!;
      if (total > protocol.cap.workingDays) {
        const same = capped.every((s) => s.workingDays === capped[0]!.workingDays);
        const shape = same
          ? `${inWords(capped.length)} stages of ${inWords(capped[0]!.workingDays)} working days (${total} in all)`
          : `stages adding up to ${total} working days`;
        warnings.push(
          `${capitalise(shape)} cannot fit inside the ${protocol.cap.workingDays}-working-day overall limit. ` +
            `If every deadline is missed, the overall limit is reached on ${on}, but "${last.name}" would not fall due until ${last.due}. ` +
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
  const chairSet = protocol.stages.slice(from).find((s) => s.responseTime.kind === 'set-by-chair');
  if (chairSet)
    warnings.push(
      `You set the time for "${chairSet.name}" (up to ${plural(stageMaxWorkingDays(chairSet), 'working day')}); this preview shows the maximum.`,
    );
  // SEEDS.md "Seed conflicts": where the council's document contradicts itself, the chair is told.
  for (const stage of protocol.stages.slice(from)) {
    const conflict = stage.responseTime.source.conflict;
    if (conflict) warnings.push(`"${stage.name}": ${conflict}`);
  }
  if (stages.some((s) => s.onDeadline === 'ask-chair'))
    warnings.push(
      'At a missed deadline marked "ask the chair", you decide whether to escalate; this preview assumes you escalate on the day the deadline passes.',
    );
  return { protocolId: protocol.id, start, stages, cap, warnings };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
