// One protocol in force, read-only, for the administration page: its facts, its stages (who
// responds, who is told, the time, the meeting, what happens on a missed deadline, with what is not
// in the council's document marked) and the rules across the protocol.
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { ProtocolDetail, StageDefinition } from '../api/schema.ts';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Facts } from '../components/facts.tsx';
import { plural } from '../format.ts';

const useStyles = makeStyles({
  rules: {
    margin: 0,
    paddingLeft: '20px',
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    maxWidth: '100ch',
  },
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

function meetingOf(p: ProtocolDetail, st: StageDefinition): string {
  const need =
    st.meeting.need === 'none' ? '–' : `${st.meeting.need[0]!.toUpperCase()}${st.meeting.need.slice(1)}`;
  return `${need}${st.meeting.chairRole ? `, chaired by ${roleNames(p, [st.meeting.chairRole])}` : ''}`;
}

function onDeadlineOf(p: ProtocolDetail, st: StageDefinition): string {
  const d = st.onDeadline;
  if (d.action === 'escalate') return 'Moves to the next stage by itself';
  const consult = d.consultRoles?.length ? ` after consulting ${roleNames(p, d.consultRoles)}` : '';
  const auto = d.autoEscalateAfterWorkingDays
    ? `; moves on by itself after ${plural(d.autoEscalateAfterWorkingDays, 'working day')} without a decision`
    : '';
  return `The chair decides${consult}${auto}`;
}

function rulesOf(p: ProtocolDetail): string[] {
  const stageName = (id: string) => p.stages.find((x) => x.id === id)?.name ?? id;
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
  return rules;
}

export function ProtocolDetails(props: { protocol: ProtocolDetail }) {
  const s = useStyles();
  const p = props.protocol;
  const columns: Column<StageDefinition>[] = [
    {
      key: 'stage',
      header: 'Stage',
      cell: (st) => (
        <>
          {st.name} {st.formal ? null : <span className={s.small}>(informal)</span>}
        </>
      ),
    },
    { key: 'responds', header: 'Responds', cell: (st) => roleNames(p, st.respondentRoles) },
    {
      key: 'told',
      header: 'Told / copied',
      cell: (st) => roleNames(p, [...(st.notifyRoles ?? []), ...(st.copyRoles ?? [])]),
    },
    {
      key: 'time',
      header: 'Time',
      cell: (st) => (
        <>
          {timeOf(st)}
          {st.responseTime.source.fromSource ? null : (
            <span className={s.notInSource}>Not in the source document</span>
          )}
        </>
      ),
    },
    { key: 'meeting', header: 'Meeting', cell: (st) => meetingOf(p, st) },
    { key: 'deadline', header: 'If the deadline is missed', cell: (st) => onDeadlineOf(p, st) },
  ];
  return (
    <>
      <Facts
        facts={[
          ['Council', p.council],
          ['Process', p.processName],
          ['Raised by', p.roles[p.raisedBy.role]?.label ?? p.raisedBy.role],
          ['Bank holidays', nationLabels[p.nation] ?? p.nation],
          ['Source documents', (p.sources ?? []).map((x) => x.title).join('; ') || '–'],
        ]}
      />
      <DataTable
        label={`Stages of ${p.name}`}
        columns={columns}
        rows={p.stages}
        rowKey={(st) => st.id}
        fitContent
        minWidth="900px"
      />
      <ul className={s.rules} aria-label="Rules across the protocol">
        {rulesOf(p).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </>
  );
}
