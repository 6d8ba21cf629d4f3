// For the service that runs the process: the protocols in force, read-only (stages and rules, with
// what is the product's default rather than the council's document), the people the directory
// cannot find for open disputes, and messages that could not be delivered.
import { Dropdown, Field, makeStyles, Option } from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminOverview } from '../api/schema.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { isMissingApi, LoadStatus, NotYetAvailable } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { DisputeLink } from '../components/route-link.tsx';
import { formatDay } from '../format.ts';
import { channelLabels, labelOf, notificationReasonLabels } from '../labels.ts';
import { personName, useSession, type Session } from '../session.tsx';
import { answer, api } from '../api/api-client.ts';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';
import { ProtocolDetails } from './protocol-details.tsx';
import { RecordsSection } from './records-section.tsx';

const useStyles = makeStyles({
  picker: { maxWidth: '680px' },
});

type UnresolvedRole = AdminOverview['unresolvedRoles'][number];
type RefusedStep = NonNullable<AdminOverview['refusedSteps']>[number];
type FailedDelivery = AdminOverview['failedDeliveries'][number];

/** The first column of each list: the dispute it is about, linked. */
const disputeColumn = <T extends { disputeId: string; reference: string }>(): Column<T> => ({
  key: 'dispute',
  header: 'Dispute',
  cell: (r) => <DisputeLink id={r.disputeId}>{r.reference}</DisputeLink>,
});

const unresolvedColumns: Column<UnresolvedRole>[] = [
  disputeColumn(),
  { key: 'role', header: 'Role', cell: (u) => u.label },
  { key: 'why', header: 'Why', cell: (u) => u.why },
];

const refusedColumns: Column<RefusedStep>[] = [
  disputeColumn(),
  { key: 'why', header: 'Why', cell: (r) => r.why },
  { key: 'last', header: 'Last reported', cell: (r) => formatDay(r.lastReportedOn) },
];

const failedColumns = (session: Session): Column<FailedDelivery>[] => [
  disputeColumn(),
  { key: 'to', header: 'To', cell: (f) => personName(session, f.recipientId) },
  { key: 'why', header: 'Why', cell: (f) => labelOf(notificationReasonLabels, f.reason) },
  { key: 'channel', header: 'Channel', cell: (f) => labelOf(channelLabels, f.channel) },
  { key: 'attempts', header: 'Attempts', cell: (f) => f.attempts },
  { key: 'error', header: 'Last error', cell: (f) => f.lastError ?? '–' },
];

const missingOverview = 'This list comes from the API’s admin overview.';

export function AdminView() {
  const s = useStyles();
  const session = useSession();
  const [protocolId, setProtocolId] = useState(session.protocols[0]?.id ?? '');
  const overview = useApi('overview', (signal) => answer(api.GET('/api/admin/overview', { signal })));
  const protocol = session.protocols.find((p) => p.id === protocolId);
  // The information-governance post manages records without overseeing disputes: records only.
  if (overview.error?.status === 403)
    return <RecordsSection asPage refused={<NotAvailable what="The administration page" />} />;
  const o = overview.data;
  return (
    <Page
      title="Administration"
      intro="The protocols in force, and what needs a person’s attention to keep disputes moving."
    >
      <Section title="People the directory cannot find" id="unresolved-roles">
        <LoadStatus
          of={overview}
          loading="Checking open disputes…"
          failed="The overview could not be loaded"
          missing={missingOverview}
        />
        {o ? (
          <DataTable
            label="Roles nobody holds on open disputes"
            columns={unresolvedColumns}
            rows={o.unresolvedRoles}
            rowKey={(_, i) => i}
            empty="Every role on every open dispute has a person."
          />
        ) : null}
      </Section>
      <Section title="Automatic steps refused" id="refused-steps">
        {o ? (
          <DataTable
            label="Automatic steps refused on open disputes"
            columns={refusedColumns}
            rows={o.refusedSteps ?? []}
            rowKey={(_, i) => i}
            empty="Every automatic step could be taken."
          />
        ) : null}
      </Section>
      <Section title="Messages that could not be delivered" id="failed-deliveries">
        {overview.error && isMissingApi(overview.error) ? <NotYetAvailable what={missingOverview} /> : null}
        {o ? (
          <DataTable
            label="Failed deliveries"
            columns={failedColumns(session)}
            rows={o.failedDeliveries}
            rowKey={(_, i) => i}
            empty="Every message has been delivered or is still being tried."
          />
        ) : null}
      </Section>
      <RecordsSection />
      <Section title="Protocols in force" id="protocols">
        <Field label="Protocol" className={s.picker}>
          <Dropdown
            value={protocol?.name ?? ''}
            selectedOptions={protocolId ? [protocolId] : []}
            onOptionSelect={(_, d) => setProtocolId(d.optionValue ?? '')}
          >
            {session.protocols.map((p) => (
              <Option key={p.id} value={p.id}>
                {p.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {protocol ? <ProtocolDetails protocol={protocol} /> : null}
      </Section>
    </Page>
  );
}
