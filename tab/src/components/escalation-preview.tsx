// Before raising: when each stage would be sent and fall due if nobody acts (close of business, and
// the chair's decision window before an automatic move), the overall time limit, and the protocol's own warnings (Gloucestershire's six stages of four days
// cannot fit its twenty-day limit).
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import type { EscalationPreview as Preview } from '../api/schema.ts';
import { formatDay, plural } from '../format.ts';
import { answer, api } from '../api/api-client.ts';
import { useApi } from '../use-api.ts';
import { DataTable, type Column } from './data-table.tsx';
import { LoadStatus } from './load-state.tsx';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '12px' },
  note: { margin: 0, color: tokens.colorNeutralForeground2 },
  cap: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  stageCell: { paddingTop: '6px', paddingBottom: '6px' },
  detail: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

function StageCell(props: { stage: Preview['stages'][number] }) {
  const s = useStyles();
  const st = props.stage;
  return (
    <>
      {st.name}
      <span className={s.detail}>
        {plural(st.workingDays, 'working day')}
        {st.meeting !== 'none' ? `, meeting ${st.meeting}` : ''}
        {st.timeFromSource ? '' : ' (not in the source document)'}
      </span>
      {st.chairDecision ? (
        <span className={s.detail}>
          If nobody acts: you decide by {formatDay(st.chairDecision.until)}; then it moves on by itself (this
          product's default)
        </span>
      ) : null}
    </>
  );
}

const columns = (stageClass: string): Column<Preview['stages'][number]>[] => [
  { key: 'stage', header: 'Stage', className: stageClass, cell: (st) => <StageCell stage={st} /> },
  { key: 'opens', header: 'Opens', narrow: true, cell: (st) => formatDay(st.opens) },
  { key: 'due', header: 'Due', narrow: true, cell: (st) => formatDay(st.due) },
];

export function EscalationPreview(props: { protocolId: string; start: string; startStageId: string | null }) {
  const s = useStyles();
  const { protocolId, start, startStageId } = props;
  const query = { start, ...(startStageId ? { startStageId } : {}) };
  const preview = useApi(protocolId ? `${protocolId} ${start} ${startStageId}` : null, (signal) =>
    answer(api.GET('/api/protocols/{id}/preview', { params: { path: { id: protocolId }, query }, signal })),
  );
  if (!props.protocolId)
    return <p className={s.note}>Choose a protocol to see how the dispute would escalate.</p>;
  const p = preview.data;
  if (!p)
    return (
      <LoadStatus of={preview} loading="Working out the dates…" failed="The preview could not be loaded" />
    );
  return (
    <div className={s.wrap} aria-live="polite" aria-busy={preview.loading}>
      <p className={s.note}>
        If it is raised today ({formatDay(p.start)}) and nobody acts, the stages are sent and fall due like
        this. Each stage is due at close of business, {p.closeOfBusiness.time} London time
        {p.closeOfBusiness.productDefault ? " (this product's default: the council has not set its own)" : ''}
        .
      </p>
      <DataTable
        label="Escalation preview: when each stage opens and is due"
        columns={columns(s.stageCell)}
        rows={p.stages}
        rowKey={(st) => st.id}
        fitContent
      />
      {p.cap ? (
        <p className={s.cap}>
          Overall time limit: {plural(p.cap.workingDays, 'working day')} from the first formal stage, reached
          at close of business on {formatDay(p.cap.on)}.
        </p>
      ) : (
        <p className={s.note}>This protocol has no overall time limit.</p>
      )}
      {p.warnings.map((w, i) => (
        <MessageBar key={i} intent={/cannot fit/.test(w) ? 'warning' : 'info'} layout="multiline">
          <MessageBarBody>
            {/cannot fit/.test(w) ? (
              <>
                <MessageBarTitle>The stages cannot fit the overall time limit</MessageBarTitle>
                <br />
              </>
            ) : null}
            {w.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatDay(day))}
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
