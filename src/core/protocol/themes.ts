// Themes for reports. SEEDS.md: they start from Gloucestershire's headings (seed 002) with its
// sub-items; a protocol file may give its own list instead.
import type { Protocol, Theme } from './protocol-schema.ts';

export const defaultThemes: readonly Theme[] = [
  {
    id: 'general-issues',
    label: 'General issues',
    items: [
      'Lack of preparation for the conference: poor quality or late reports and plans',
      "Insufficient evidence of the child's voice in assessment, planning and review",
      'Conference decisions not acted on / failure to meet timescales',
      'Assessments late or of poor quality, particularly analysis of impact',
      'Young people or parents not prepared to attend and take part',
      'Chair not told of a significant event (child looked after, moving placement or area)',
      "Supervision and decision making not evident on the child's record",
    ],
  },
  {
    id: 'statutory-requirements',
    label: 'Failure to meet statutory requirements',
    items: [
      'No allocated social worker',
      'No up-to-date or poor quality assessment',
      'No up-to-date or poor quality child protection plan',
      'Statutory visits not to timescale / child not seen alone where appropriate',
      'Core group meetings not held to timescale',
      'Child protection plan not implemented',
    ],
  },
  {
    id: 'plan-management',
    label: 'Failure to manage the child protection plan',
    items: [
      'Drift or delay in ownership and management of the plan',
      'Delay in progressing the plan or contingency plan',
      'A significant element of the plan not managed, so risk of significant harm continues',
    ],
  },
  {
    id: 'serious-safeguarding',
    label: 'Serious safeguarding issues without an appropriate response',
    items: [
      'No steps taken to protect a child where there is evidence of immediate risk of significant harm',
      'Wider safeguarding issues not recognised or resolved (e.g. child sexual exploitation, organised abuse)',
    ],
  },
];

export function themesOf(protocol: Protocol): readonly Theme[] {
  return protocol.themes ?? defaultThemes;
}

export function themeIds(protocol: Protocol): string[] {
  return themesOf(protocol).map((t) => t.id);
}

export function themeLabel(protocol: Protocol, id: string): string {
  return themesOf(protocol).find((t) => t.id === id)?.label ?? id;
}
