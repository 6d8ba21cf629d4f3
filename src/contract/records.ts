// Records management for admins and the information-governance post (docs/records-management.md):
// what falls due for disposal, running disposal now, legal holds, subject access exports.
import { z } from 'zod';
import { instant, text } from './common.ts';

export const LegalHoldBody = z.strictObject({
  reference: text(20),
  /** true sets the hold, false lifts it. */
  hold: z.boolean(),
  reason: text(2000),
});

export const SubjectAccessBody = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('child'), caseNumber: text(50) }),
    z.strictObject({ kind: z.literal('staff'), personId: text(100) }),
  ]),
  format: z.enum(['json', 'docx']).default('json'),
});

export const DisposalBody = z.strictObject({});

const HoldSchema = z.object({ since: instant, setBy: z.string(), reason: z.string() });

export const RetentionViewSchema = z.object({
  /** The schedule in words; "No retention schedule …" when none is configured. */
  schedule: z.string(),
  configured: z.boolean(),
  /** Today, the London date disposal compares with. */
  today: z.string(),
  /** Closed disputes not yet disposed of: those with a date soonest first, then those kept. */
  disputes: z.array(
    z.object({
      disputeId: z.string(),
      reference: z.string(),
      protocolId: z.string(),
      status: z.enum(['resolved', 'withdrawn']),
      closedOn: z.string().nullable(),
      dueOn: z.string().nullable(),
      rule: z.string().nullable(),
      keptBecause: z.string().nullable(),
      dueNow: z.boolean(),
      hold: HoldSchema.nullable(),
    }),
  ),
});

export const DisposalRunSchema = z.object({
  at: instant,
  disposed: z.array(z.object({ reference: z.string(), rule: z.string() })),
  /** Due, but under legal hold: skipped. */
  held: z.array(z.string()),
});

export const LegalHoldResultSchema = z.object({
  reference: z.string(),
  hold: HoldSchema.extend({ disputeId: z.string() }).nullable(),
});

const named = z.object({ id: z.string(), name: z.string().nullable() });

export const SubjectAccessExportSchema = z.object({
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('child'), caseNumber: z.string() }),
    z.object({ kind: z.literal('staff'), personId: z.string() }),
  ]),
  producedAt: instant,
  producedBy: z.object({ id: z.string(), name: z.string() }),
  /** For a member of staff: their directory entry as it stands today. */
  person: z
    .object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      jobTitle: z.string(),
      team: z.string().nullable(),
    })
    .nullable(),
  /** What was left out, and why. */
  withheld: z.array(z.string()),
  disputes: z.array(
    z.object({
      reference: z.string(),
      protocolId: z.string(),
      status: z.string(),
      raisedAt: instant,
      closedAt: instant.nullable(),
      roles: z.array(z.string()),
      legalHold: HoldSchema.nullable(),
      events: z.array(
        z.object({
          seq: z.number().int(),
          type: z.string(),
          at: instant,
          actor: named,
          data: z.record(z.string(), z.unknown()),
        }),
      ),
      notifications: z.array(
        z.object({
          recipient: named,
          reason: z.string(),
          channel: z.string(),
          status: z.string(),
          createdAt: instant,
          deliveredAt: instant.nullable(),
        }),
      ),
    }),
  ),
  reads: z.array(
    z.object({
      reference: z.string().nullable(),
      personId: z.string(),
      at: instant,
      what: z.string(),
      allowed: z.boolean(),
    }),
  ),
  reportsRun: z.array(
    z.object({
      at: instant,
      report: z.string(),
      parameters: z.record(z.string(), z.unknown()),
      allowed: z.boolean(),
    }),
  ),
  recordsAudit: z.array(
    z.object({
      at: instant,
      personId: z.string(),
      action: z.enum([
        'legal-hold-set',
        'legal-hold-lifted',
        'subject-access-export',
        'disposal',
        'retention-viewed',
      ]),
      allowed: z.boolean(),
      disputeIds: z.array(z.string()).readonly(),
      subjectKind: z.enum(['child', 'staff']).nullable(),
      subject: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** A Word document to download. */
export const DocxSchema = z
  .string()
  .meta({ format: 'binary' })
  .describe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
