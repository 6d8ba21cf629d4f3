// The Dispute Resolution Form as a Word document (.docx), laid out as Calderdale's Appendix 1:
// the child and the conference, a block per stage, the resolution. Marked OFFICIAL-SENSITIVE in the
// header and footer; the document's own properties carry the reference only, never the child.
import { HeadingLevel, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { DateTime } from 'luxon';
import type { DisputeForm, FormParty, FormStage } from '../../app/dispute-form.ts';
import { borders, lines, renderMarkedDocx } from './marked-document.ts';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 2 April 2019: how the form shows a date. */
export function formDate(date: string): string {
  const d = DateTime.fromISO(date);
  return d.isValid ? d.toFormat('d MMMM yyyy') : date;
}

const party = (p: FormParty) => (p.status ? `${p.name}, ${p.status}` : p.name);
const parties = (ps: readonly FormParty[]) => (ps.length ? ps.map(party).join('; ') : '—');

function row(label: string, value: string): TableRow {
  return new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        width: { size: 32, type: WidthType.PERCENTAGE },
        borders,
        shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EDF2F7' },
        children: [new Paragraph({ children: lines(label, true) })],
      }),
      new TableCell({
        width: { size: 68, type: WidthType.PERCENTAGE },
        borders,
        children: [new Paragraph({ children: lines(value || '—') })],
      }),
    ],
  });
}

function table(rows: [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([l, v]) => row(l, v)),
  });
}

function stageRows(stage: FormStage): [string, string][] {
  const rows: [string, string][] = [
    ['Date sent', formDate(stage.dateSent)],
    // Appendix 1: "To: (Professional – Line Manager - Senior Manager)" and "Response Expected within
    // (insert) working days."
    ['To (name & status)', parties(stage.sentTo)],
    ['Response expected within', stage.responseExpectedWithin],
  ];
  if (stage.copiedTo.length) rows.push(['Copied to', parties(stage.copiedTo)]);
  if (stage.startedHereBecause) rows.push(['Started at this stage because', stage.startedHereBecause]);
  rows.push([stage.concernLabel, stage.concern]);
  if (stage.originalConcern) rows.push(['Original concern(s)', stage.originalConcern]);
  rows.push(['Recommendation(s) for remedial action', stage.recommendations]);
  if (stage.responses.length === 0)
    rows.push([
      'Recipient response',
      stage.deadlineMissed ? 'No response by the due date.' : 'No response recorded yet.',
    ]);
  for (const r of stage.responses) {
    const text = [
      `${r.outcome}: ${r.text}`,
      ...(r.actionsProposed ? [`Actions proposed: ${r.actionsProposed}`] : []),
      ...(r.moreTimeUntil ? [`More time asked until ${formDate(r.moreTimeUntil)}.`] : []),
    ].join('\n');
    rows.push(['Recipient response', text]);
    rows.push(['Name & status', party(r.by)]);
    rows.push(['Date returned', formDate(r.dateReturned)]);
  }
  if (stage.meeting)
    rows.push([
      'Meeting',
      `${stage.meeting.outcome} (${formDate(stage.meeting.date)}): ${stage.meeting.text}`,
    ]);
  else if (stage.meetingOn) rows.push(['Meeting', `Booked for ${formDate(stage.meetingOn)}`]);
  rows.push([
    'Response timescale',
    `${stage.workingDays} working day${stage.workingDays === 1 ? '' : 's'} (due ${formDate(stage.dueOn)})` +
      (stage.extendedTo ? `; more time given until ${formDate(stage.extendedTo)}` : '') +
      (stage.deadlineMissed ? '; the deadline was missed' : ''),
  ]);
  return rows;
}

export async function renderDisputeFormDocx(form: DisputeForm): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(form.title)] }),
    new Paragraph({
      children: [new TextRun({ text: `${form.protocol.processName} · ${form.protocol.council}` })],
    }),
    new Paragraph({ children: [new TextRun({ text: `Reference: ${form.reference}`, bold: true })] }),
    new Paragraph({ text: '' }),
    table([
      ['From', party(form.from)],
      ['Name of child', form.child.name],
      ['DOB', formDate(form.child.dateOfBirth)],
      ['Case number (CASS number)', form.child.caseNumber],
      ['Date of child protection conference', formDate(form.conferenceDate)],
      ['Theme', form.theme],
      ...(form.immediateRisk
        ? ([
            ['Immediate risk', 'The chair judged the child to be at immediate risk of significant harm.'],
          ] as [string, string][])
        : []),
    ]),
  ];
  for (const stage of form.stages) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(stage.name)] }));
    children.push(table(stageRows(stage)));
  }
  children.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun('Resolution of practice dispute (recorded by the conference chair)')],
    }),
  );
  children.push(
    table(
      form.resolution
        ? [
            [form.resolution.kind === 'resolved' ? 'Resolution' : 'Withdrawn', form.resolution.text],
            ['Recorded by', party(form.resolution.by)],
            ['Date', formDate(form.resolution.date)],
          ]
        : [
            ['Resolution', 'Not resolved yet.'],
            ['Date', '—'],
          ],
    ),
  );
  children.push(new Paragraph({ text: '' }));
  children.push(
    new Paragraph({
      children: [
        new TextRun({
          text: `Produced from the dispute record on ${formDate(form.producedOn)} by CP Disputes (${form.protocol.name}).`,
          italics: true,
          size: 18,
        }),
      ],
    }),
  );

  return renderMarkedDocx(
    {
      title: `Dispute form ${form.reference}`,
      description: `${form.protocol.processName}: dispute ${form.reference}`,
    },
    children,
  );
}
