// Records management on the administration page (docs/records-management.md): what falls due for
// disposal and when, legal holds, the disposal run, and subject access exports. References only:
// nothing here names a child.
import {
  Button,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { answer, api, ApiError, download } from '../api/api-client.ts';
import type { RetentionView } from '../api/schema.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { LoadStatus } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { DisputeLink } from '../components/route-link.tsx';
import { formatDay, londonDay } from '../format.ts';
import { personName, useSession, type Session } from '../session.tsx';
import { useApi } from '../use-api.ts';

const useStyles = makeStyles({
  note: { margin: 0, color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexWrap: 'wrap', gap: '12px', alignItems: 'flex-end', maxWidth: '900px' },
  wide: { minWidth: '320px', flexGrow: 1 },
});

const retentionColumns = (session: Session): Column<RetentionView['disputes'][number]>[] => [
  {
    key: 'dispute',
    header: 'Dispute',
    cell: (d) => <DisputeLink id={d.disputeId}>{d.reference}</DisputeLink>,
  },
  { key: 'closed', header: 'Closed', cell: (d) => `${formatDay(d.closedOn)} (${d.status})` },
  {
    key: 'due',
    header: 'Falls due',
    cell: (d) => (d.dueOn ? `${formatDay(d.dueOn)}${d.dueNow ? ' (due now)' : ''}` : 'never'),
  },
  { key: 'why', header: 'Why', cell: (d) => d.rule ?? d.keptBecause ?? '–' },
  {
    key: 'hold',
    header: 'Legal hold',
    cell: (d) =>
      d.hold
        ? `Since ${formatDay(londonDay(d.hold.since))}, by ${personName(session, d.hold.setBy)}: ${d.hold.reason}`
        : '–',
  },
];

const messageOf = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

/** `refused`: what to show instead when records management is not this person's (nothing by default). */
export function RecordsSection(props: { refused?: ReactNode; asPage?: boolean }) {
  const s = useStyles();
  const session = useSession();
  const retention = useApi('retention', (signal) => answer(api.GET('/api/admin/retention', { signal })));
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [holdRef, setHoldRef] = useState('');
  const [holdReason, setHoldReason] = useState('');
  const [subjectKind, setSubjectKind] = useState<'child' | 'staff'>('child');
  const [subject, setSubject] = useState('');

  if (retention.error?.status === 403) return <>{props.refused ?? null}</>;
  const v = retention.data;
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setNotice({ intent: 'success', text: await work() });
      retention.reload();
    } catch (e) {
      setNotice({ intent: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  const hold = (on: boolean) =>
    act(async () => {
      await answer(
        api.POST('/api/admin/legal-holds', { body: { reference: holdRef, hold: on, reason: holdReason } }),
      );
      return on ? `${holdRef} is under legal hold.` : `The legal hold on ${holdRef} is lifted.`;
    });
  const dispose = () =>
    act(async () => {
      const run = await answer(api.POST('/api/admin/disposal', { body: {} }));
      return `Disposed of ${run.disposed.length} record(s)${run.held.length ? `; ${run.held.length} kept under legal hold` : ''}.`;
    });
  const exportAs = (format: 'json' | 'docx') =>
    act(async () => {
      const body = {
        subject:
          subjectKind === 'child'
            ? { kind: 'child' as const, caseNumber: subject }
            : { kind: 'staff' as const, personId: subject },
        format,
      };
      const exported = api.POST('/api/admin/subject-access', { body, parseAs: 'blob' });
      const name = await download(exported, `subject-access.${format}`);
      return `Exported ${name}. The export is recorded.`;
    });
  const dueNow = v?.disputes.filter((d) => d.dueNow).length ?? 0;

  const content = (
    <>
      <Section title="Records: retention and disposal" id="retention">
        {notice ? (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        ) : null}
        <LoadStatus
          of={retention}
          loading="Checking closed disputes…"
          failed="Retention could not be loaded"
        />
        {v ? (
          <>
            <p className={s.note}>
              {v.schedule} Today is {formatDay(v.today)}.
            </p>
            <DataTable
              label="Closed disputes and when they fall due for disposal"
              columns={retentionColumns(session)}
              rows={v.disputes}
              rowKey={(d) => d.disputeId}
              empty="No closed dispute is waiting for disposal."
              fitContent
              minWidth="800px"
            />
            <div className={s.form}>
              <Button appearance="primary" disabled={busy || dueNow === 0} onClick={() => void dispose()}>
                Dispose of {dueNow} record(s) due now
              </Button>
            </div>
          </>
        ) : null}
      </Section>
      <Section title="Legal hold" id="legal-hold">
        <div className={s.form}>
          <Field label="Dispute reference">
            <Input value={holdRef} onChange={(_, d) => setHoldRef(d.value)} placeholder="CPD-…" />
          </Field>
          <Field label="Reason (recorded)" className={s.wide}>
            <Textarea value={holdReason} onChange={(_, d) => setHoldReason(d.value)} resize="vertical" />
          </Field>
          <Button disabled={busy || !holdRef.trim() || !holdReason.trim()} onClick={() => void hold(true)}>
            Set hold
          </Button>
          <Button disabled={busy || !holdRef.trim() || !holdReason.trim()} onClick={() => void hold(false)}>
            Lift hold
          </Button>
        </div>
      </Section>
      <Section title="Subject access export" id="subject-access">
        <div className={s.form}>
          <Field label="About">
            <Dropdown
              value={subjectKind === 'child' ? 'A child (case number)' : 'A member of staff (directory id)'}
              selectedOptions={[subjectKind]}
              onOptionSelect={(_, d) => setSubjectKind(d.optionValue === 'staff' ? 'staff' : 'child')}
            >
              <Option value="child">A child (case number)</Option>
              <Option value="staff">A member of staff (directory id)</Option>
            </Dropdown>
          </Field>
          <Field label={subjectKind === 'child' ? 'Case number' : 'Directory id'}>
            <Input value={subject} onChange={(_, d) => setSubject(d.value)} />
          </Field>
          <Button disabled={busy || !subject.trim()} onClick={() => void exportAs('docx')}>
            Word document
          </Button>
          <Button disabled={busy || !subject.trim()} onClick={() => void exportAs('json')}>
            JSON
          </Button>
        </div>
      </Section>
    </>
  );
  return props.asPage ? (
    <Page title="Records management" intro="Retention and disposal, legal holds, and subject access exports.">
      {content}
    </Page>
  ) : (
    content
  );
}
