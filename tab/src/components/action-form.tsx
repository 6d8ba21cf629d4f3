// One form for one action: labelled fields, checks before anything is sent, the API's own answer
// (400 names the field) shown by the field it is about, a summary of the problems at the top
// (GOV.UK's error summary pattern) and the result announced to screen readers.
import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { Fragment, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/api-client.ts';
import { useSession } from '../session.tsx';

export type Values = Record<string, string>;

export interface FieldSpec {
  /** The API's name for the field, so its 400 answer lands by the right control. */
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'custom';
  /** kind `custom`: the control, given its id, value and change handler. */
  render?: (control: {
    id: string;
    value: string;
    onChange: (v: string) => void;
    invalid: boolean;
  }) => ReactNode;
  hint?: string;
  required?: boolean;
  options?: { value: string; label: string }[];
  /** A message when the value is not acceptable, else null. */
  check?: (value: string, values: Values) => string | null;
  visible?: (values: Values) => boolean;
  initial?: string;
  /** Characters allowed: shown as a count under long text. */
  max?: number;
  /** Controls shown just below the field that may fill it (the add-in's "copy the email's text"). */
  below?: (values: Values, set: (name: string, value: string) => void) => ReactNode;
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '14px', maxWidth: '720px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  summary: { ':focus': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  summaryList: { margin: '4px 0 0', paddingLeft: '20px' },
  count: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  countOver: {
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface ActionFormProps<R> {
  id: string;
  fields: FieldSpec[];
  submitLabel: string;
  submit: (values: Values) => Promise<R>;
  onDone: (result: R) => void;
  successMessage: string | ((result: R) => string);
  /** Shown above the fields. */
  children?: ReactNode;
  /** Reports what is typed, for live previews (the Raise form). */
  onValuesChange?: (values: Values) => void;
  /** Kept after a successful send (the Raise form moves away instead). */
  keepValues?: boolean;
  extraControls?: (
    values: Values,
    set: (name: string, value: string) => void,
    errors: Record<string, string>,
  ) => ReactNode;
}

export function initialValues(fields: FieldSpec[]): Values {
  return Object.fromEntries(fields.map((f) => [f.name, f.initial ?? (f.kind === 'checkbox' ? 'false' : '')]));
}

export function ActionForm<R>(props: ActionFormProps<R>) {
  const s = useStyles();
  const session = useSession();
  const [values, setValues] = useState<Values>(() => initialValues(props.fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const controlId = (name: string) => `${props.id}-${name.replace(/\W/g, '-')}`;

  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!(name in e)) return e;
      const rest = { ...e };
      delete rest[name];
      return rest;
    });
    setDone(null);
  };

  const { onValuesChange } = props;
  useEffect(() => onValuesChange?.(values), [values, onValuesChange]);

  const visibleFields = props.fields.filter((f) => !f.visible || f.visible(values));

  const showProblems = (found: Record<string, string>, general: string | null) => {
    setErrors(found);
    setFormError(general);
    const count = Object.keys(found).length + (general ? 1 : 0);
    session.announce(`There ${count === 1 ? 'is a problem' : `are ${count} problems`}: nothing was sent.`);
    window.setTimeout(() => summary.current?.focus(), 0);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setDone(null);
    const found: Record<string, string> = {};
    for (const f of visibleFields) {
      const message = f.check?.(values[f.name] ?? '', values);
      if (message) found[f.name] = message;
    }
    if (Object.keys(found).length > 0) return showProblems(found, null);
    setBusy(true);
    try {
      const result = await props.submit(values);
      const message =
        typeof props.successMessage === 'function' ? props.successMessage(result) : props.successMessage;
      setErrors({});
      setFormError(null);
      if (!props.keepValues) setValues(initialValues(props.fields));
      setDone(message);
      session.announce(message);
      props.onDone(result);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const byField = err.fieldErrors();
      const known = Object.fromEntries(
        Object.entries(byField).filter(([field]) => visibleFields.some((f) => f.name === field)),
      );
      const general =
        Object.keys(known).length > 0 && Object.keys(known).length === Object.keys(byField).length
          ? null
          : err.status === 409
            ? `${err.message} The page has been refreshed.`
            : err.message;
      showProblems(known, general);
    } finally {
      setBusy(false);
    }
  };

  const problems = Object.entries(errors);
  const hasProblems = problems.length > 0 || formError;

  return (
    <form
      className={s.form}
      onSubmit={onSubmit}
      noValidate
      aria-describedby={hasProblems ? `${props.id}--problems` : undefined}
    >
      {props.children}
      {hasProblems ? (
        <div ref={summary} tabIndex={-1} id={`${props.id}--problems`} className={s.summary}>
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>There is a problem: nothing was sent</MessageBarTitle>
              {formError ? <div>{formError}</div> : null}
              {problems.length > 0 ? (
                <ul className={s.summaryList}>
                  {problems.map(([name, message]) => (
                    <li key={name}>
                      <Link
                        href={`#${controlId(name)}`}
                        onClick={(ev) => {
                          ev.preventDefault();
                          document.getElementById(controlId(name))?.focus();
                        }}
                      >
                        {message}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </MessageBarBody>
          </MessageBar>
        </div>
      ) : null}
      {visibleFields.map((f) => (
        <Fragment key={f.name}>
          <FormField
            spec={f}
            id={controlId(f.name)}
            value={values[f.name] ?? ''}
            error={errors[f.name]}
            onChange={(v) => set(f.name, v)}
          />
          {f.below?.(values, set)}
        </Fragment>
      ))}
      {props.extraControls?.(values, set, errors)}
      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabled={busy} aria-disabled={busy}>
          {busy ? 'Sending…' : props.submitLabel}
        </Button>
      </div>
      {done ? (
        <MessageBar intent="success">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      ) : null}
    </form>
  );
}

export function FormField(props: {
  spec: FieldSpec;
  id: string;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const s = useStyles();
  const { spec, id, value, error } = props;
  const length = value.trim().length;
  const hint =
    spec.max && spec.kind === 'textarea' ? (
      <>
        {spec.hint ? <>{spec.hint} </> : null}
        <span className={length > spec.max ? s.countOver : s.count}>
          {length.toLocaleString('en-GB')} of {spec.max.toLocaleString('en-GB')} characters
        </span>
      </>
    ) : (
      spec.hint
    );
  const common = {
    validationMessage: error,
    validationState: error ? ('error' as const) : ('none' as const),
  };
  if (spec.kind === 'checkbox')
    return (
      <Field {...common} hint={spec.hint}>
        <Checkbox
          id={id}
          label={spec.label}
          checked={value === 'true'}
          onChange={(_, d) => props.onChange(d.checked ? 'true' : 'false')}
        />
      </Field>
    );
  const label = { children: spec.label, htmlFor: id };
  return (
    <Field {...common} label={label} hint={hint} required={spec.required}>
      {spec.kind === 'custom' && spec.render ? (
        spec.render({ id, value, onChange: props.onChange, invalid: Boolean(error) })
      ) : spec.kind === 'textarea' ? (
        <Textarea
          id={id}
          value={value}
          onChange={(_, d) => props.onChange(d.value)}
          resize="vertical"
          rows={4}
        />
      ) : spec.kind === 'select' ? (
        <Dropdown
          id={id}
          value={spec.options?.find((o) => o.value === value)?.label ?? ''}
          selectedOptions={value ? [value] : []}
          onOptionSelect={(_, d) => props.onChange(d.optionValue ?? '')}
          placeholder="Choose…"
        >
          {(spec.options ?? []).map((o) => (
            <Option key={o.value} value={o.value}>
              {o.label}
            </Option>
          ))}
        </Dropdown>
      ) : (
        <Input
          id={id}
          value={value}
          onChange={(_, d) => props.onChange(d.value)}
          {...(spec.kind === 'date'
            ? { placeholder: 'DD/MM/YYYY', inputMode: 'numeric' as const, autoComplete: 'off' }
            : {})}
        />
      )}
    </Field>
  );
}
