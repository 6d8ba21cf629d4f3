// What this reader may do with this dispute, and nothing else: the server's `allowedActions` says
// which buttons and forms appear (dispute-forms.tsx, meeting-forms.tsx); the tab re-derives no rule.
// Every form sends the version the person was looking at, so acting on an out-of-date page is
// refused rather than applied.
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import { answer, api, ApiError } from '../api/api-client.ts';
import type { DisputeView } from '../api/schema.ts';
import { personName, useSession } from '../session.tsx';
import { ActionForm } from './action-form.tsx';
import { disputeForms, type ActionPath, type FormDef } from './dispute-forms.tsx';

const useStyles = makeStyles({
  header: { ...typographyStyles.body1Strong },
  panel: { padding: '4px 0 16px 12px' },
  none: { margin: 0, color: tokens.colorNeutralForeground2 },
  ack: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '8px' },
});

export interface DisputeChange {
  dispute: DisputeView;
  /** The dispute as the server now has it, after an action. */
  onChange: (d: DisputeView) => void;
  /** Loads the dispute again (after a 409: someone else acted first). */
  reload: () => void;
}

/** Sends one action on the dispute, with the version the person was looking at. */
function useAct(props: DisputeChange) {
  const d = props.dispute;
  return async (path: ActionPath, body: Record<string, unknown>): Promise<DisputeView> => {
    try {
      // Each form's body is checked by the server against the same schema (a 400 names the field).
      const init = { params: { path: { id: d.id } }, body: { version: d.version, ...body } as never };
      return await answer(api.POST(path as '/api/disputes/{id}/notes', init));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) props.reload();
      throw e;
    }
  };
}

/** Forms as an accordion, each sent as one action; the last success is said above them. */
export function ActionForms(
  props: DisputeChange & {
    forms: FormDef[];
    notice?: string | null;
    /** Forms open at first. */ open?: string[];
  },
) {
  const s = useStyles();
  const act = useAct(props);
  const [flash, setFlash] = useState<string | null>(null);
  const said = flash ?? props.notice;
  return (
    <>
      {said ? (
        <MessageBar intent="success">
          <MessageBarBody>{said}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Accordion
        collapsible
        multiple
        defaultOpenItems={props.open ?? (props.forms[0]?.key === 'respond' ? ['respond'] : [])}
      >
        {props.forms.map((f) => (
          <AccordionItem key={`${f.key}-${props.dispute.version}`} value={f.key}>
            <AccordionHeader as="h3" className={s.header}>
              {f.title}
            </AccordionHeader>
            <AccordionPanel className={s.panel}>
              <ActionForm<DisputeView>
                id={`form-${f.key}`}
                fields={f.fields}
                submitLabel={f.submitLabel}
                successMessage={f.success}
                submit={(v) => act(f.path, f.body(v))}
                onDone={(next) => {
                  setFlash(f.success);
                  props.onChange(next);
                }}
              />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </>
  );
}

export function DisputeActions(props: DisputeChange) {
  const s = useStyles();
  const session = useSession();
  const d = props.dispute;
  const act = useAct(props);
  const forms = disputeForms(d, (id) => personName(session, id));
  const [ackBusy, setAckBusy] = useState(false);
  const [ackError, setAckError] = useState<string | null>(null);
  const [ackDone, setAckDone] = useState<string | null>(null);

  const acknowledge = async () => {
    setAckBusy(true);
    setAckError(null);
    try {
      props.onChange(await act('/api/disputes/{id}/acknowledge', {}));
      const said = 'You acknowledged the dispute. The chair can see that you have it.';
      setAckDone(said);
      session.announce(said);
    } catch (e) {
      setAckError((e as Error).message);
    } finally {
      setAckBusy(false);
    }
  };

  if (forms.length === 0 && !d.allowedActions.acknowledge)
    return (
      <p className={s.none}>
        There is nothing for you to do on this dispute. You can read it and its history.
      </p>
    );

  return (
    <>
      {d.allowedActions.acknowledge ? (
        <div className={s.ack}>
          <Button onClick={() => void acknowledge()} disabled={ackBusy}>
            Acknowledge (tell the chair you have it)
          </Button>
          {ackError ? <span role="alert">{ackError}</span> : null}
        </div>
      ) : null}
      <ActionForms {...props} forms={forms} notice={ackDone} />
    </>
  );
}
