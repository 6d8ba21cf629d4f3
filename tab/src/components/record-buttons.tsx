// The dispute's records: the case-note text for the child's file (to paste into LCS, Mosaic or
// Eclipse) and the Dispute Resolution Form as a Word document.
import { Button, Field, makeStyles, MessageBar, MessageBarBody, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { answer, api, ApiError, download } from '../api/api-client.ts';
import type { CaseNote, DisputeView } from '../api/schema.ts';
import { useSession } from '../session.tsx';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  fallback: { maxWidth: '720px' },
});

export function caseNoteText(note: CaseNote): string {
  const parts = note.entries.map((e) => `${e.title}\n${e.text}`);
  if (note.notOnChildFile) parts.push(note.notOnChildFile);
  return `${note.reference}\n\n${parts.join('\n\n')}`;
}

export function RecordButtons(props: { dispute: DisputeView }) {
  const s = useStyles();
  const session = useSession();
  const [message, setMessage] = useState<{ intent: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [manual, setManual] = useState<string | null>(null);
  const path = { id: props.dispute.id };

  const copyCaseNote = async () => {
    setMessage(null);
    setManual(null);
    let text: string;
    try {
      text = caseNoteText(await answer(api.GET('/api/disputes/{id}/case-note', { params: { path } })));
    } catch (e) {
      const m = {
        intent: 'error' as const,
        text: `The case note could not be fetched: ${(e as Error).message}`,
      };
      setMessage(m);
      session.announce(m.text);
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      setMessage({
        intent: 'success',
        text: 'The case note is on your clipboard: paste it into the child’s record.',
      });
      session.announce('The case note was copied to the clipboard.');
    } catch {
      // Some hosts do not allow the clipboard from a frame: show the text to copy by hand.
      setManual(text);
      setMessage({ intent: 'info', text: 'Copying is blocked here: select the text below and copy it.' });
      session.announce('Copying is blocked here. The case note is shown below to select and copy.');
    }
  };

  const downloadForm = async () => {
    setMessage(null);
    try {
      const name = await download(
        api.GET('/api/disputes/{id}/form.docx', { params: { path }, parseAs: 'blob' }),
        `${props.dispute.reference}-dispute-resolution-form.docx`,
      );
      setMessage({ intent: 'success', text: `Downloaded ${name}.` });
      session.announce(`Downloaded ${name}.`);
    } catch (e) {
      const missing = e instanceof ApiError && e.status === 404 && /There is nothing at/.test(e.message);
      const text = missing
        ? 'The Dispute Resolution Form is not available from this server yet.'
        : `The form could not be downloaded: ${(e as Error).message}`;
      setMessage({ intent: 'error', text });
      session.announce(text);
    }
  };

  return (
    <>
      <div className={s.row}>
        <Button onClick={() => void copyCaseNote()}>Copy case note</Button>
        <Button onClick={() => void downloadForm()}>Download Dispute Resolution Form (.docx)</Button>
      </div>
      {message ? (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      {manual ? (
        <Field label="Case note text" className={s.fallback}>
          <Textarea value={manual} readOnly rows={10} onFocus={(e) => e.currentTarget.select()} />
        </Field>
      ) : null}
    </>
  );
}
