// The kinds of field the tab's forms ask for, each with its check before anything is sent: long
// text within the server's limit, a date on or after the first day the server accepts, a choice.
import { parseUkDate, toUkDate } from '../format.ts';
import { checkDate, checkText } from '../validation.ts';
import type { FieldSpec, Values } from './action-form.tsx';

interface Common {
  hint?: string;
  visible?: (values: Values) => boolean;
  initial?: string;
}

/** A long text; required when `empty` says what to ask for. `what` names it in messages. */
export function textField(
  name: string,
  label: string,
  opts: Common & { max: number; what: string; empty?: string },
): FieldSpec {
  const { max, what, empty, ...rest } = opts;
  return {
    name,
    label,
    kind: 'textarea',
    required: Boolean(empty),
    max,
    ...rest,
    check: (v) => checkText(v, { max, what, ...(empty ? { empty } : {}) }),
  };
}

/** Why the person acts: recorded on the dispute, so everyone involved reads it. */
export function reasonField(label: string, ask: string, max: number): FieldSpec {
  return textField('reason', label, {
    max,
    what: 'The reason',
    empty: ask,
    hint: 'Recorded on the dispute and shown to everyone involved.',
  });
}

/**
 * A date typed as DD/MM/YYYY: on or after `earliest` where the server says which day that is,
 * else like `example` (YYYY-MM-DD).
 */
export function dateField(
  name: string,
  label: string,
  opts: Common & { what: string; empty: string } & ({ earliest: string } | { example: string }),
): FieldSpec {
  const { what, empty, hint, visible, initial } = opts;
  const earliest = 'earliest' in opts ? opts.earliest : undefined;
  const example = toUkDate(earliest ?? ('example' in opts ? opts.example : ''));
  return {
    name,
    label,
    kind: 'date',
    required: true,
    ...(hint !== undefined ? { hint } : {}),
    ...(visible ? { visible } : {}),
    ...(initial !== undefined ? { initial } : {}),
    check: (v) => checkDate(v, { empty, what, example, ...(earliest ? { earliest } : {}) }),
  };
}

/** One of `options`; `empty` is what to ask for when nothing is chosen. */
export function choiceField(
  name: string,
  label: string,
  options: { value: string; label: string }[],
  opts: Common & { empty: string },
): FieldSpec {
  const { empty, ...rest } = opts;
  return { name, label, kind: 'select', required: true, options, ...rest, check: (v) => (v ? null : empty) };
}

/** A typed DD/MM/YYYY date as the API writes it (YYYY-MM-DD); anything else as typed, for the API to refuse. */
export function isoDay(typed: string | undefined): string {
  const p = parseUkDate(typed ?? '');
  return p.ok ? p.iso : (typed ?? '');
}
