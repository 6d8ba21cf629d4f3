// The report's period, typed as DD/MM/YYYY and checked before the figures change, and the whole
// report for that period as a CSV download.
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { api, download } from '../api/api-client.ts';
import { parseUkDate, toUkDate } from '../format.ts';
import { useSession } from '../session.tsx';

const useStyles = makeStyles({
  range: { display: 'flex', gap: '16px', alignItems: 'flex-start', flexWrap: 'wrap' },
  rangeButtons: { display: 'flex', gap: '8px', paddingTop: '26px' },
});

export interface Period {
  from: string;
  to: string;
}

export function ReportPeriod(props: { period: Period; onChange: (p: Period) => void; canDownload: boolean }) {
  const s = useStyles();
  const session = useSession();
  const { period } = props;
  const [typed, setTyped] = useState(() => ({ from: toUkDate(period.from), to: toUkDate(period.to) }));
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const [downloadMessage, setDownloadMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const from = parseUkDate(typed.from);
    const to = parseUkDate(typed.to);
    const next: typeof errors = {};
    if (!typed.from.trim()) next.from = 'Enter the first day of the period.';
    else if (!from.ok) next.from = 'The start must be a real date, written like 01/04/2026.';
    if (!typed.to.trim()) next.to = 'Enter the last day of the period.';
    else if (!to.ok) next.to = 'The end must be a real date, written like 31/03/2027.';
    if (from.ok && to.ok && from.iso > to.iso) next.to = 'The end must be on or after the start.';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      session.announce('The period was not changed: check the dates.');
      return;
    }
    if (from.ok && to.ok) props.onChange({ from: from.iso, to: to.iso });
  };

  const downloadCsv = async () => {
    try {
      const name = await download(
        api.GET('/api/reports.csv', { params: { query: period }, parseAs: 'blob' }),
        `cp-disputes-report-${period.from}-to-${period.to}.csv`,
      );
      setDownloadMessage({ ok: true, text: `Downloaded ${name}.` });
      session.announce(`Downloaded ${name}.`);
    } catch (e) {
      setDownloadMessage({ ok: false, text: `The CSV could not be downloaded: ${(e as Error).message}` });
    }
  };

  return (
    <>
      <form className={s.range} onSubmit={apply} noValidate>
        <Field label="From" hint="DD/MM/YYYY" validationMessage={errors.from}>
          <Input value={typed.from} onChange={(_, d) => setTyped((t) => ({ ...t, from: d.value }))} />
        </Field>
        <Field label="To" hint="DD/MM/YYYY" validationMessage={errors.to}>
          <Input value={typed.to} onChange={(_, d) => setTyped((t) => ({ ...t, to: d.value }))} />
        </Field>
        <div className={s.rangeButtons}>
          <Button type="submit" appearance="primary">
            Show figures
          </Button>
          <Button onClick={() => void downloadCsv()} disabled={!props.canDownload}>
            Download CSV
          </Button>
        </div>
      </form>
      {downloadMessage ? (
        <MessageBar intent={downloadMessage.ok ? 'success' : 'error'}>
          <MessageBarBody>{downloadMessage.text}</MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
