// A dispute's status as a coloured badge: the same colours in the lists and on the dispute itself.
import { Badge } from '@fluentui/react-components';
import { labelOf, statusLabels } from '../labels.ts';

export function StatusBadge(props: { status: string; appearance: 'filled' | 'tint' }) {
  const colour = props.status === 'open' ? 'brand' : props.status === 'resolved' ? 'success' : 'subtle';
  return (
    <Badge appearance={props.appearance} color={colour}>
      {labelOf(statusLabels, props.status)}
    </Badge>
  );
}
