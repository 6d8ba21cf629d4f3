// Who has opened this dispute, and when first (from the read audit).
import { makeStyles, tokens } from '@fluentui/react-components';
import type { DisputeView } from '../api/schema.ts';
import { formatInstant } from '../format.ts';
import { personWithTitle, useSession } from '../session.tsx';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  when: { color: tokens.colorNeutralForeground2 },
});

export function SeenBy(props: { dispute: DisputeView }) {
  const s = useStyles();
  const session = useSession();
  const seen = props.dispute.seenBy;
  if (seen.length === 0) return <p>Nobody has opened it yet.</p>;
  return (
    <ul className={s.list}>
      {seen.map((r) => (
        <li key={r.personId}>
          {personWithTitle(session, r.personId)}{' '}
          <span className={s.when}>– first seen {formatInstant(r.at)}</span>
        </li>
      ))}
    </ul>
  );
}
