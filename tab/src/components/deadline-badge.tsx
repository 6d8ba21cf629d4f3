// A date with what it means now: overdue, due today, or reached (the overall cap).
import { Badge, makeStyles } from '@fluentui/react-components';
import { formatDay } from '../format.ts';

const useStyles = makeStyles({
  wrap: { display: 'inline-flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
});

export type DeadlineState = 'overdue' | 'due-today' | 'reached' | 'answered' | 'ok' | 'none';

export function deadlineState(
  day: string | null,
  today: string,
  open: boolean,
  reached = false,
): DeadlineState {
  if (!day) return 'none';
  if (!open) return 'ok';
  if (reached) return 'reached';
  if (day < today) return 'overdue';
  if (day === today) return 'due-today';
  return 'ok';
}

export function DeadlineBadge(props: { day: string | null; state: DeadlineState; kind: 'stage' | 'cap' }) {
  const s = useStyles();
  if (!props.day) return <span>–</span>;
  return (
    <span className={s.wrap}>
      <span>{formatDay(props.day)}</span>
      {props.state === 'overdue' ? (
        <Badge appearance="filled" color="danger">
          {props.kind === 'cap' ? 'Time limit passed' : 'Overdue'}
        </Badge>
      ) : props.state === 'reached' ? (
        <Badge appearance="filled" color="danger">
          Time limit reached
        </Badge>
      ) : props.state === 'answered' ? (
        <Badge appearance="tint" color="success">
          Answered
        </Badge>
      ) : props.state === 'due-today' ? (
        <Badge appearance="filled" color="warning">
          Due today
        </Badge>
      ) : null}
    </span>
  );
}
