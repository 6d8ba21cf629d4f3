// Who was sent what about this dispute, by which channel, and whether it arrived.
import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import type { DisputeView } from '../api/schema.ts';
import { channelLabels, deliveryStatusLabels, labelOf, notificationReasonLabels } from '../labels.ts';
import { personName, stageName, useSession, type Session } from '../session.tsx';
import { DataTable, type Column } from './data-table.tsx';

type Notification = DisputeView['notifications'][number];

const useStyles = makeStyles({
  error: {
    display: 'block',
    marginTop: '2px',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});

function Delivery(props: { n: Notification }) {
  const s = useStyles();
  const { n } = props;
  return (
    <>
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
    </>
  );
}

const columns = (session: Session, protocolId: string): Column<Notification>[] => [
  { key: 'to', header: 'To', cell: (n) => personName(session, n.recipientId) },
  { key: 'why', header: 'Why', cell: (n) => labelOf(notificationReasonLabels, n.reason) },
  {
    key: 'stage',
    header: 'Stage',
    cell: (n) => (n.stageId ? stageName(session, protocolId, n.stageId) : '–'),
  },
  { key: 'channel', header: 'Channel', cell: (n) => labelOf(channelLabels, n.channel) },
  { key: 'delivery', header: 'Delivery', cell: (n) => <Delivery n={n} /> },
];

export function NotificationsTable(props: { dispute: DisputeView }) {
  const session = useSession();
  return (
    <DataTable
      label="Notifications and their delivery"
      columns={columns(session, props.dispute.protocolId)}
      rows={props.dispute.notifications}
      rowKey={(_, i) => i}
      empty="No notifications have been sent."
      minWidth="720px"
    />
  );
}
