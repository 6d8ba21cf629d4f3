// Before raising: when each stage would be sent and fall due if nobody acts (close of business, and
// the chair's decision window before an automatic move), the overall time limit, and the protocol's own warnings (Gloucestershire's six stages of four days
// cannot fit its twenty-day limit).
import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { EscalationPreview as Preview } from '../api/types.ts';
import { formatDay, plural } from '../format.ts';
import { useApi } from '../use-api.ts';
import { ErrorMessage, Loading } from './load-state.tsx';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', gap: '12px' },
  tableWrap: { overflowX: 'auto' },
  note: { margin: 0, color: tokens.colorNeutralForeground2 },
  cap: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap', width: '1%' },
  stageCell: { paddingTop: '6px', paddingBottom: '6px' },
  detail: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

export function EscalationPreview(props: { protocolId: string; start: string; startStageId: string | null }) {
  const s = useStyles();
  const path = props.protocolId
    ? `/api/protocols/${encodeURIComponent(props.protocolId)}/preview?start=${props.start}${props.startStageId ? `&startStageId=${encodeURIComponent(props.startStageId)}` : ''}`
    : null;
  const preview = useApi<Preview>(path);
  if (!props.protocolId)
    return <p className={s.note}>Choose a protocol to see how the dispute would escalate.</p>;
  if (preview.error) return <ErrorMessage title="The preview could not be loaded" error={preview.error} />;
  const p = preview.data;
  if (!p) return <Loading label="Working out the dates…" />;
  return (
    <div className={s.wrap} aria-live="polite" aria-busy={preview.loading}>
      <p className={s.note}>
        If it is raised today ({formatDay(p.start)}) and nobody acts, the stages are sent and fall due like
        this. Each stage is due at close of business, {p.closeOfBusiness.time} London time
        {p.closeOfBusiness.productDefault ? " (this product's default: the council has not set its own)" : ''}
        .
      </p>
      <div className={s.tableWrap}>
        <Table
          size="small"
          className={s.table}
          aria-label="Escalation preview: when each stage opens and is due"
        >
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Stage</TableHeaderCell>
              <TableHeaderCell>Opens</TableHeaderCell>
              <TableHeaderCell>Due</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {p.stages.map((st) => (
              <TableRow key={st.id}>
                <TableCell className={s.stageCell}>
                  {st.name}
                  <span className={s.detail}>
                    {plural(st.workingDays, 'working day')}
                    {st.meeting !== 'none' ? `, meeting ${st.meeting}` : ''}
                    {st.timeFromSource ? '' : ' (not in the source document)'}
                  </span>
                  {st.chairDecision ? (
                    <span className={s.detail}>
                      If nobody acts: you decide by {formatDay(st.chairDecision.until)}; then it moves on by
                      itself (this product's default)
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className={s.nowrap}>{formatDay(st.opens)}</TableCell>
                <TableCell className={s.nowrap}>{formatDay(st.due)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
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
