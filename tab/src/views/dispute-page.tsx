// One dispute: where it stands, what you can do, and its whole history.
import { Button, makeStyles } from '@fluentui/react-components';
import { useEffect } from 'react';
import { refreshServerClock } from '../clock.ts';
import { DisputeActions } from '../components/dispute-actions.tsx';
import { DisputeStatusBadges, DisputeSummary } from '../components/dispute-summary.tsx';
import { LoadStatus } from '../components/load-state.tsx';
import { hasMeetingPart, MeetingPanel } from '../components/meeting-panel.tsx';
import { NotificationsTable } from '../components/notifications-table.tsx';
import { Page, Section } from '../components/page.tsx';
import { RecordButtons } from '../components/record-buttons.tsx';
import { SeenBy } from '../components/seen-by.tsx';
import { Timeline } from '../components/timeline.tsx';
import { peekFlash } from '../flash.ts';
import { answer, api } from '../api/api-client.ts';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';
import { RaisedNotice } from '../components/raised-notice.tsx';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
});

export function DisputePage(props: { id: string }) {
  const s = useStyles();
  const dispute = useApi(props.id, (signal) =>
    answer(api.GET('/api/disputes/{id}', { params: { path: { id: props.id } }, signal })),
  );
  const flash = peekFlash(props.id);
  useEffect(() => {
    void refreshServerClock();
  }, [dispute.data]);

  if (dispute.error?.notAvailable) return <NotAvailable />;
  const d = dispute.data;
  const title = d ? `Dispute ${d.reference}` : 'Dispute';
  return (
    <Page
      title={title}
      actions={
        <span className={s.actions}>
          {d ? <DisputeStatusBadges dispute={d} /> : null}
          <Button onClick={dispute.reload}>Refresh</Button>
        </span>
      }
    >
      <LoadStatus of={dispute} loading="Loading the dispute…" failed="The dispute could not be loaded" />
      {d ? (
        <>
          {flash ? <RaisedNotice dispute={d} flash={flash} /> : null}
          <Section title="Where it stands" id="summary">
            <DisputeSummary dispute={d} />
          </Section>
          <Section title="What you can do" id="actions">
            <DisputeActions dispute={d} onChange={dispute.set} reload={dispute.reload} />
          </Section>
          <Section title="Records" id="records">
            <RecordButtons dispute={d} />
          </Section>
          {hasMeetingPart(d) ? (
            <Section title="Meeting" id="meeting">
              <MeetingPanel dispute={d} onChange={dispute.set} reload={dispute.reload} />
            </Section>
          ) : null}
          <Section title="Timeline" id="timeline">
            <Timeline dispute={d} />
          </Section>
          <Section title="Notifications" id="notifications">
            <NotificationsTable dispute={d} />
          </Section>
          <Section title="Who has seen it" id="seen-by">
            <SeenBy dispute={d} />
          </Section>
        </>
      ) : null}
    </Page>
  );
}
