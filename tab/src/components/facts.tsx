// Named values side by side, as a definition list (a screen reader hears each name with its value):
// the facts of a dispute or a protocol, or the report's headline figures as tiles.
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: '12px 24px',
    margin: 0,
  },
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
    gap: '12px',
    margin: 0,
  },
  fact: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0 },
  // The figure first on screen, its name first in the reading order.
  tile: {
    display: 'flex',
    flexDirection: 'column-reverse',
    gap: '2px',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  term: { ...typographyStyles.caption1Strong, color: tokens.colorNeutralForeground2 },
  tileTerm: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  value: { ...typographyStyles.body1, margin: 0, overflowWrap: 'anywhere' },
  tileValue: { ...typographyStyles.title2, margin: 0 },
});

export type Fact = readonly [name: string, value: ReactNode];

export function Facts(props: { facts: readonly Fact[]; tiles?: boolean }) {
  const s = useStyles();
  return (
    <dl className={props.tiles ? s.tiles : s.grid}>
      {props.facts.map(([name, value]) => (
        <div key={name} className={props.tiles ? s.tile : s.fact}>
          <dt className={props.tiles ? s.tileTerm : s.term}>{name}</dt>
          <dd className={props.tiles ? s.tileValue : s.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
