// A view's frame: its heading (focused when the view opens, so a screen reader hears where it is),
// an optional introduction, and the content in sections.
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '16px' },
  heading: {
    ...typographyStyles.title2,
    margin: 0,
    color: tokens.colorNeutralForeground1,
    ':focus': { outline: 'none' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  intro: { ...typographyStyles.body1, margin: 0, color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  headRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '12px',
  },
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    // Invisible in the light and dark themes; a real edge in high contrast, where shadows vanish.
    border: `1px solid ${tokens.colorTransparentStroke}`,
    padding: '16px 20px',
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    minWidth: 0,
  },
  sectionHeading: { ...typographyStyles.subtitle1, margin: 0, color: tokens.colorNeutralForeground1 },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)',
    gap: '16px',
    alignItems: 'start',
    '@media (max-width: 1000px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
});

let focusOnNextPage = false;
/** After an in-app navigation, the next page's heading takes focus (not on first load). */
export function focusNextPageHeading(): void {
  focusOnNextPage = true;
}

export function Page(props: { title: string; intro?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  const s = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} – CP Disputes`;
    if (focusOnNextPage) {
      focusOnNextPage = false;
      heading.current?.focus();
    }
  }, [props.title]);
  return (
    <div className={s.page}>
      <div className={s.headRow}>
        <h1 className={s.heading} tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.actions}
      </div>
      {props.intro ? <p className={s.intro}>{props.intro}</p> : null}
      {props.children}
    </div>
  );
}

export function Section(props: {
  title: string;
  id?: string;
  level?: 2 | 3;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const s = useStyles();
  const Heading = props.level === 3 ? 'h3' : 'h2';
  const headingId = props.id ? `${props.id}-heading` : undefined;
  return (
    <section className={s.section} aria-labelledby={headingId} id={props.id}>
      <div className={s.headRow}>
        <Heading className={s.sectionHeading} id={headingId}>
          {props.title}
        </Heading>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** Two things side by side, the first wider; one above the other on a narrow screen. */
export function Columns(props: { children: ReactNode }) {
  const s = useStyles();
  return <div className={s.columns}>{props.children}</div>;
}
