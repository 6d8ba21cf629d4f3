// For the service that runs the process: the protocols in force, read-only (stages and rules, with
// what is the product's default rather than the council's document), the people the directory
// cannot find for open disputes, and messages that could not be delivered.
import {
  Dropdown,
  Field,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AdminOverview, ProtocolDetail, StageDefinition } from '../api/types.ts';
import { ErrorMessage, isMissingApi, Loading, NotYetAvailable } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { RouteLink } from '../components/route-link.tsx';
import { formatDay, plural } from '../format.ts';
import { channelLabels, labelOf, notificationReasonLabels } from '../labels.ts';
import { personName, useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';
import { RecordsSection } from './records-section.tsx';

const useStyles = makeStyles({
  picker: { maxWidth: '680px' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: '10px 24px',
    margin: 0,
  },
  fact: { display: 'flex', flexDirection: 'column', gap: '2px' },
  term: { ...typographyStyles.caption1Strong, color: tokens.colorNeutralForeground2 },
  def: { margin: 0, overflowWrap: 'anywhere' },
  tableWrap: { overflowX: 'auto' },
  table: { minWidth: '900px', tableLayout: 'auto' },
  rules: {
    margin: 0,
    paddingLeft: '20px',
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    maxWidth: '100ch',
  },
  empty: { margin: 0, color: tokens.colorNeutralForeground2 },
  small: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  notInSource: {
    ...typographyStyles.caption1,
    display: 'block',
    fontStyle: 'italic',
    color: tokens.colorNeutralForeground2,
  },
});

const nationLabels: Record<string, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

const roleNames = (p: ProtocolDetail, roles: string[] | undefined) =>
  roles && roles.length ? roles.map((r) => p.roles[r]?.label ?? r).join(', ') : '–';

function timeOf(st: StageDefinition): string {
  const rt = st.responseTime;
  return rt.kind === 'fixed'
    ? plural(rt.workingDays, 'working day')
    : `Set by the chair, up to ${plural(rt.maxWorkingDays, 'working day')}`;
}

function ProtocolDetails(props: { protocol: ProtocolDetail }) {
  const s = useStyles();
  const p = props.protocol;
  const stageName = (id: string) => p.stages.find((x) => x.id === id)?.name ?? id;
  const fact = (term: string, def: string) => (
    <div className={s.fact}>
      <dt className={s.term}>{term}</dt>
      <dd className={s.def}>{def}</dd>
    </div>
  );
  const rules: string[] = [];
  if (p.cap)
    rules.push(
      `Overall time limit: ${plural(p.cap.workingDays, 'working day')} from "${stageName(p.cap.countsFromStageId)}"; ${roleNames(p, p.cap.alertRoles)} alerted with the chair when it is reached.`,
    );
  else rules.push('No overall time limit.');
  if (p.bypass)
    rules.push(
      p.bypass.anyStage
        ? 'The chair may go straight to any stage, giving a reason.'
        : p.bypass.onImmediateRisk
          ? 'Stages are followed in order unless the child is at immediate risk of significant harm.'
          : 'Stages are followed in order.',
    );
  if (p.recurrence)
    rules.push(
      `A concern like an earlier unresolved one for the same child (same theme) starts at "${stageName(p.recurrence.startStageId)}".`,
    );
  for (const c of p.copyRules ?? [])
    rules.push(`${roleNames(p, [c.role])} is copied from "${stageName(c.fromStageId)}" onwards.`);
  if (p.workingDays)
    rules.push(
      p.workingDays.receiptOnNonWorkingDay === 'counts-from-next-working-day'
        ? 'Something received on a non-working day counts from the next working day.'
        : 'The day a stage opens is day 0, working day or not.',
    );
  return (
    <>
      <dl className={s.facts}>
        {fact('Council', p.council)}
        {fact('Process', p.processName)}
        {fact('Raised by', p.roles[p.raisedBy.role]?.label ?? p.raisedBy.role)}
        {fact('Bank holidays', nationLabels[p.nation] ?? p.nation)}
        {fact('Source documents', (p.sources ?? []).map((x) => x.title).join('; ') || '–')}
      </dl>
      <div className={s.tableWrap}>
        <Table className={s.table} size="small" aria-label={`Stages of ${p.name}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Stage</TableHeaderCell>
              <TableHeaderCell>Responds</TableHeaderCell>
              <TableHeaderCell>Told / copied</TableHeaderCell>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Meeting</TableHeaderCell>
              <TableHeaderCell>If the deadline is missed</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {p.stages.map((st) => (
              <TableRow key={st.id}>
                <TableCell>
                  {st.name} {st.formal ? null : <span className={s.small}>(informal)</span>}
                </TableCell>
                <TableCell>{roleNames(p, st.respondentRoles)}</TableCell>
                <TableCell>{roleNames(p, [...(st.notifyRoles ?? []), ...(st.copyRoles ?? [])])}</TableCell>
                <TableCell>
                  {timeOf(st)}
                  {st.responseTime.source.fromSource ? null : (
                    <span className={s.notInSource}>Not in the source document</span>
                  )}
                </TableCell>
                <TableCell>
                  {st.meeting.need === 'none'
                    ? '–'
                    : `${st.meeting.need[0]!.toUpperCase()}${st.meeting.need.slice(1)}`}
                  {st.meeting.chairRole ? `, chaired by ${roleNames(p, [st.meeting.chairRole])}` : ''}
                </TableCell>
                <TableCell>
                  {st.onDeadline.action === 'escalate'
                    ? 'Moves to the next stage by itself'
                    : `The chair decides${st.onDeadline.consultRoles?.length ? ` after consulting ${roleNames(p, st.onDeadline.consultRoles)}` : ''}${
                        st.onDeadline.autoEscalateAfterWorkingDays
                          ? `; moves on by itself after ${plural(st.onDeadline.autoEscalateAfterWorkingDays, 'working day')} without a decision`
                          : ''
                      }`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className={s.rules} aria-label="Rules across the protocol">
        {rules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </>
  );
}

export function AdminView() {
  const s = useStyles();
  const session = useSession();
  const [protocolId, setProtocolId] = useState(session.protocols[0]?.id ?? '');
  const overview = useApi<AdminOverview>('/api/admin/overview');
  const protocol = session.protocols.find((p) => p.id === protocolId);
  // The information-governance post manages records without overseeing disputes: records only.
  if (overview.error?.status === 403)
    return <RecordsSection asPage refused={<NotAvailable what="The administration page" />} />;
  const missing = overview.error && isMissingApi(overview.error);
  const o = overview.data;
  return (
    <Page
      title="Administration"
      intro="The protocols in force, and what needs a person’s attention to keep disputes moving."
    >
      <Section title="People the directory cannot find" id="unresolved-roles">
        {overview.loading && !o ? <Loading label="Checking open disputes…" /> : null}
        {missing ? <NotYetAvailable what="This list comes from the API’s admin overview." /> : null}
        {overview.error && !missing ? (
          <ErrorMessage
            title="The overview could not be loaded"
            error={overview.error}
            onRetry={overview.reload}
          />
        ) : null}
        {o ? (
          o.unresolvedRoles.length === 0 ? (
            <p className={s.empty}>Every role on every open dispute has a person.</p>
          ) : (
            <div className={s.tableWrap}>
              <Table size="small" aria-label="Roles nobody holds on open disputes">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Dispute</TableHeaderCell>
                    <TableHeaderCell>Role</TableHeaderCell>
                    <TableHeaderCell>Why</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {o.unresolvedRoles.map((u, i) => (
                    <TableRow key={i}>
                      <TableCell>
                        <RouteLink to={`/disputes/${encodeURIComponent(u.disputeId)}`}>
                          {u.reference}
                        </RouteLink>
                      </TableCell>
                      <TableCell>{u.label}</TableCell>
                      <TableCell>{u.why}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )
        ) : null}
      </Section>
      <Section title="Automatic steps refused" id="refused-steps">
        {o ? (
          (o.refusedSteps ?? []).length === 0 ? (
            <p className={s.empty}>Every automatic step could be taken.</p>
          ) : (
            <div className={s.tableWrap}>
              <Table size="small" aria-label="Automatic steps refused on open disputes">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Dispute</TableHeaderCell>
                    <TableHeaderCell>Why</TableHeaderCell>
                    <TableHeaderCell>Last reported</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {(o.refusedSteps ?? []).map((r, i) => (
                    <TableRow key={i}>
                      <TableCell>
                        <RouteLink to={`/disputes/${encodeURIComponent(r.disputeId)}`}>
                          {r.reference}
                        </RouteLink>
                      </TableCell>
                      <TableCell>{r.why}</TableCell>
                      <TableCell>{formatDay(r.lastReportedOn)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )
        ) : null}
      </Section>
      <Section title="Messages that could not be delivered" id="failed-deliveries">
        {missing ? <NotYetAvailable what="This list comes from the API’s admin overview." /> : null}
        {o ? (
          o.failedDeliveries.length === 0 ? (
            <p className={s.empty}>Every message has been delivered or is still being tried.</p>
          ) : (
            <div className={s.tableWrap}>
              <Table size="small" aria-label="Failed deliveries">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Dispute</TableHeaderCell>
                    <TableHeaderCell>To</TableHeaderCell>
                    <TableHeaderCell>Why</TableHeaderCell>
                    <TableHeaderCell>Channel</TableHeaderCell>
                    <TableHeaderCell>Attempts</TableHeaderCell>
                    <TableHeaderCell>Last error</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {o.failedDeliveries.map((f, i) => (
                    <TableRow key={i}>
                      <TableCell>
                        <RouteLink to={`/disputes/${encodeURIComponent(f.disputeId)}`}>
                          {f.reference}
                        </RouteLink>
                      </TableCell>
                      <TableCell>{personName(session, f.recipientId)}</TableCell>
                      <TableCell>{labelOf(notificationReasonLabels, f.reason)}</TableCell>
                      <TableCell>{labelOf(channelLabels, f.channel)}</TableCell>
                      <TableCell>{f.attempts}</TableCell>
                      <TableCell>{f.lastError ?? '–'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )
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
