// Who was sent what about this dispute, by which channel, and whether it arrived.
import {
  Badge,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { DisputeView } from '../api/types.ts';
import { channelLabels, deliveryStatusLabels, labelOf, notificationReasonLabels } from '../labels.ts';
import { personName, stageName, useSession } from '../session.tsx';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  table: { minWidth: '720px' },
  error: {
    display: 'block',
    marginTop: '2px',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});

export function NotificationsTable(props: { dispute: DisputeView }) {
  const s = useStyles();
  const session = useSession();
  const rows = props.dispute.notifications;
  if (rows.length === 0) return <p>No notifications have been sent.</p>;
  return (
    <div className={s.wrap}>
      <Table className={s.table} aria-label="Notifications and their delivery" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>To</TableHeaderCell>
            <TableHeaderCell>Why</TableHeaderCell>
            <TableHeaderCell>Stage</TableHeaderCell>
            <TableHeaderCell>Channel</TableHeaderCell>
            <TableHeaderCell>Delivery</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((n, i) => (
            <TableRow key={i}>
              <TableCell>{personName(session, n.recipientId)}</TableCell>
              <TableCell>{labelOf(notificationReasonLabels, n.reason)}</TableCell>
              <TableCell>
                {n.stageId ? stageName(session, props.dispute.protocolId, n.stageId) : '–'}
              </TableCell>
              <TableCell>{labelOf(channelLabels, n.channel)}</TableCell>
              <TableCell>
                <Badge
                  appearance="tint"
                  color={n.status === 'delivered' ? 'success' : n.status === 'dead' ? 'danger' : 'warning'}
                >
                  {labelOf(deliveryStatusLabels, n.status)}
                </Badge>
                {n.status === 'dead' || (n.attempts > 1 && n.status !== 'delivered') ? (
                  <span className={s.error}>
                    After {n.attempts} attempt{n.attempts === 1 ? '' : 's'}
                    {n.lastError ? `: ${n.lastError}` : ''}
                  </span>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
