// The Outlook add-in's task pane, "Raise a dispute from this email": the tab's Raise form, opened with
// what the email already says. Its subject starts the concern; its sender, when the directory knows
// them as someone who can be a social worker, is named as the social worker. The email's text is
// never read unless the chair presses "Copy the email's text into the concern": it may hold far
// more about a family than the dispute needs, so copying it is the chair's decision.
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { answer, api } from '../api/api-client.ts';
import type { Values } from '../components/action-form.tsx';
import {
  readEmailText,
  readOpenEmail,
  restoreHistoryApi,
  type MailboxState,
  type OpenEmail,
} from '../host/office-mailbox.ts';
import { useSession } from '../session.tsx';
import { limits } from '../validation.ts';
import { RaiseView, type RaiseStart } from './raise-view.tsx';

// Office.js, loaded in the pane's head before this script, took the history API away: the router
// needs it from the start (moving to the dispute once raised).
restoreHistoryApi();

interface Sender {
  id: string;
  name: string;
}

type Opened =
  | { phase: 'reading' }
  | { phase: 'outside-outlook'; reason: string }
  | { phase: 'ready'; email: OpenEmail; socialWorker: Sender | null };

/** The directory's social worker with exactly this address, or null (unknown, or not a social worker). */
async function socialWorkerWithEmail(address: string): Promise<Sender | null> {
  try {
    const found = await answer(
      api.GET('/api/directory/users', {
        params: { query: { email: address, role: 'socialWorker', limit: 1 } },
      }),
    );
    const person = found[0];
    return person ? { id: person.id, name: person.name } : null;
  } catch {
    return null; // the form still opens; the chair chooses the social worker
  }
}

/** The concern as it opens: the email's subject, then a blank line to write under. */
export const concernFromSubject = (subject: string): string =>
  subject.trim() ? `${subject.trim()}\n\n` : '';

/** The concern with the email's text added after what is already written. */
function withEmailText(concern: string, text: string): string {
  const body = text.replace(/\r\n?/g, '\n').trim();
  const before = concern.replace(/\s+$/, '');
  if (before.includes(body)) return concern; // pressed twice: copied once
  return before ? `${before}\n\n${body}` : body;
}

function CopyEmailText(props: { values: Values; set: (name: string, value: string) => void }) {
  const session = useSession();
  const [state, setState] = useState<'idle' | 'copying' | 'copied' | { failed: string }>('idle');
  const copy = async () => {
    setState('copying');
    try {
      const text = await readEmailText();
      const concern = withEmailText(props.values.concern ?? '', text);
      props.set('concern', concern);
      setState('copied');
      session.announce(
        concern.trim().length > limits.concern
          ? 'The email’s text was copied into the concern. It is now too long: shorten it before raising.'
          : 'The email’s text was copied into the concern.',
      );
    } catch (e) {
      setState({ failed: (e as Error).message });
    }
  };
  return (
    <div>
      <Button onClick={() => void copy()} disabled={state === 'copying'}>
        Copy the email’s text into the concern
      </Button>
      {state === 'copied' ? <p role="status">Copied. Remove anything the dispute does not need.</p> : null}
      {typeof state === 'object' ? (
        <MessageBar intent="error">
          <MessageBarBody>Outlook did not give the email’s text ({state.failed}).</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}

function EmailNotice(props: { email: OpenEmail; socialWorker: Sender | null }) {
  const { email, socialWorker } = props;
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>From the email</MessageBarTitle>
        <br />
        {email.subject.trim() ? 'Its subject starts the concern. ' : ''}
        {socialWorker
          ? `The sender, ${socialWorker.name}, is named as the social worker: change this if the dispute is about another worker’s plan. `
          : email.from
            ? `The sender, ${email.from.displayName}, is not a social worker in the directory, so choose the social worker. `
            : ''}
        The email’s text is not copied unless you choose to.
      </MessageBarBody>
    </MessageBar>
  );
}

export function AddinRaiseView() {
  const [opened, setOpened] = useState<Opened>({ phase: 'reading' });

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const state: MailboxState = await readOpenEmail();
      if (cancelled) return;
      if (state.kind === 'outside-outlook')
        return setOpened({ phase: 'outside-outlook', reason: state.reason });
      const socialWorker = state.email.from
        ? await socialWorkerWithEmail(state.email.from.emailAddress)
        : null;
      if (!cancelled) setOpened({ phase: 'ready', email: state.email, socialWorker });
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const start = useMemo((): RaiseStart | undefined => {
    if (opened.phase !== 'ready') return undefined;
    const { email, socialWorker } = opened;
    return {
      values: {
        concern: concernFromSubject(email.subject),
        ...(socialWorker ? { socialWorkerId: socialWorker.id } : {}),
      },
      names: socialWorker ? { [socialWorker.id]: socialWorker.name } : {},
      below: { concern: (values, set) => <CopyEmailText values={values} set={set} /> },
      notice: <EmailNotice email={email} socialWorker={socialWorker} />,
    };
  }, [opened]);

  if (opened.phase === 'reading') return <Spinner size="small" label="Reading the email…" />;
  if (opened.phase === 'outside-outlook')
    return (
      <>
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not opened from an email</MessageBarTitle>
            <br />
            Open an email in Outlook and choose “Raise a dispute” to start from it. ({opened.reason}) You can
            still raise a dispute here.
          </MessageBarBody>
        </MessageBar>
        <RaiseView />
      </>
    );
  return <RaiseView start={start} />;
}
