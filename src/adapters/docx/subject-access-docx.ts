// A subject access export as a Word document: the same content as the JSON export, laid out for a
// person to read (each dispute, its events with every field, who was told, who looked; the reports
// run and the records audit). Marked OFFICIAL-SENSITIVE; the document's properties name neither
// the child nor the member of staff.
import { HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SubjectAccessExport } from '../../app/records-management.ts';
import { borders, lines, renderMarkedDocx } from './marked-document.ts';

function table(header: string[], rows: string[][]): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({ borders, children: [new Paragraph({ children: lines(text || '—', bold) })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c)) })),
    ],
  });
}

/** A field's value as text: lists joined, objects as "key: value" lines. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(fieldText).join('; ') : '—';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${fieldText(v)}`)
      .join('\n');
  return String(value);
}

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ heading: level, children: [new TextRun(text)] });
const para = (text: string) => new Paragraph({ children: lines(text) });

export async function renderSubjectAccessDocx(x: SubjectAccessExport): Promise<Buffer> {
  const about =
    x.subject.kind === 'child'
      ? `The child with case number ${x.subject.caseNumber}`
      : `Member of staff ${x.person?.name ?? x.subject.personId} (directory id ${x.subject.personId})`;
  const children: (Paragraph | Table)[] = [
    heading('Subject access export', HeadingLevel.TITLE),
    para(`About: ${about}`),
    para(
      `Produced ${x.producedAt} by ${x.producedBy.name} (${x.producedBy.id}). This export is itself recorded.`,
    ),
  ];
  if (x.person)
    children.push(
      table(
        ['Directory entry', ''],
        [
          ['Name', x.person.name],
          ['Email', x.person.email],
          ['Job title', x.person.jobTitle],
          ['Team', x.person.team ?? '—'],
        ],
      ),
    );
  if (x.withheld.length) {
    children.push(heading('Withheld', HeadingLevel.HEADING_2));
    for (const w of x.withheld) children.push(para(`• ${w}`));
  }
  children.push(heading(`Disputes (${x.disputes.length})`, HeadingLevel.HEADING_1));
  if (x.disputes.length === 0) children.push(para('No dispute record is held.'));
  for (const d of x.disputes) {
    children.push(heading(`Dispute ${d.reference}`, HeadingLevel.HEADING_2));
    children.push(
      table(
        ['Field', 'Value'],
        [
          ['Protocol', d.protocolId],
          ['Status', d.status],
          ['Raised', d.raisedAt],
          ['Closed', d.closedAt ?? '—'],
          ...(d.roles.length ? [['How this person appears', d.roles.join('; ')]] : []),
          [
            'Legal hold',
            d.legalHold
              ? `since ${d.legalHold.since} by ${d.legalHold.setBy}: ${d.legalHold.reason}`
              : 'none',
          ],
        ],
      ),
    );
    children.push(heading('Events', HeadingLevel.HEADING_3));
    children.push(
      table(
        ['#', 'What', 'When', 'By', 'Details'],
        d.events.map((e) => [
          String(e.seq),
          e.type,
          e.at,
          e.actor.name ? `${e.actor.name} (${e.actor.id})` : e.actor.id,
          fieldText(e.data),
        ]),
      ),
    );
    if (d.notifications.length) {
      children.push(heading('Notifications', HeadingLevel.HEADING_3));
      children.push(
        table(
          ['To', 'Why', 'Channel', 'Status', 'Queued', 'Delivered'],
          d.notifications.map((n) => [
            n.recipient.name ? `${n.recipient.name} (${n.recipient.id})` : n.recipient.id,
            n.reason,
            n.channel,
            n.status,
            n.createdAt,
            n.deliveredAt ?? '—',
          ]),
        ),
      );
    }
  }
  children.push(heading(`Reads (${x.reads.length})`, HeadingLevel.HEADING_1));
  children.push(
    table(
      ['Dispute', 'Who', 'When', 'How', 'Allowed'],
      x.reads.map((r) => [r.reference ?? '—', r.personId, r.at, r.what, r.allowed ? 'yes' : 'refused']),
    ),
  );
  if (x.subject.kind === 'staff') {
    children.push(heading(`Reports run (${x.reportsRun.length})`, HeadingLevel.HEADING_1));
    children.push(
      table(
        ['When', 'Report', 'Parameters', 'Allowed'],
        x.reportsRun.map((r) => [r.at, r.report, fieldText(r.parameters), r.allowed ? 'yes' : 'refused']),
      ),
    );
  }
  children.push(heading(`Records management (${x.recordsAudit.length})`, HeadingLevel.HEADING_1));
  children.push(
    table(
      ['When', 'Who', 'What', 'Allowed', 'Details'],
      x.recordsAudit.map((a) => [
        a.at,
        a.personId,
        a.action,
        a.allowed ? 'yes' : 'refused',
        fieldText({ ...a.detail, ...(a.subject ? { subject: a.subject } : {}) }),
      ]),
    ),
  );
  return renderMarkedDocx({ title: 'Subject access export' }, children);
}
