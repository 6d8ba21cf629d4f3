// The probes the platform polls (no sign-in, no personal data).
import { z } from 'zod';

export const LivenessSchema = z.object({ status: z.literal('ok') });

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'unready']),
  ready: z.boolean(),
  checks: z.object({ database: z.enum(['ok', 'failed']), draining: z.boolean() }),
  reason: z.string().optional(),
});

export const HealthSchema = z.object({
  status: z.literal('ok'),
  store: z.string(),
  directory: z.string(),
});
