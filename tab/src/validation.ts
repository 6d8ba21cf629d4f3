// The checks a form makes before anything is sent; the API checks again and names the field. The
// forms on a dispute take their limits from the server's allowedActions; these are the raise
// request's, as the API has them (src/core/dispute/dispute-commands.ts textLimits).
import { parseUkDate, toUkDate } from './format.ts';

export const limits = {
  concern: 4000,
  actionsRequired: 4000,
  reason: 2000,
  childName: 200,
  caseNumber: 50,
} as const;

/** `empty`: what to ask for, e.g. "Write your response". */
export function checkText(value: string, opts: { empty?: string; max: number; what: string }): string | null {
  const v = value.trim();
  if (!v) return opts.empty ?? null;
  if (v.length > opts.max)
    return `${opts.what} must be ${opts.max.toLocaleString('en-GB')} characters or fewer (it has ${v.length.toLocaleString('en-GB')}).`;
  return null;
}

/** `earliest`: the first day the server accepts (from the dispute's allowed actions), YYYY-MM-DD. */
export function checkDate(
  value: string,
  opts: { empty?: string; what: string; example: string; earliest?: string },
): string | null {
  if (!value.trim()) return opts.empty ?? null;
  const day = parseUkDate(value);
  if (!day.ok) return `${opts.what} must be a real date, written like ${opts.example}.`;
  if (opts.earliest && day.iso < opts.earliest)
    return `${opts.what} must be ${toUkDate(opts.earliest)} or later.`;
  return null;
}
