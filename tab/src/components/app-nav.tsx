// The tab's main navigation: links (not tabs: each is a page with its own address), the current
// one marked for screen readers with aria-current.
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { MouseEvent } from 'react';
import { href, navigate, type Route } from '../router.ts';
import { focusNextPageHeading } from './page.tsx';

const useStyles = makeStyles({
  nav: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: '0 16px',
  },
  list: { display: 'flex', flexWrap: 'wrap', gap: '4px', listStyle: 'none', margin: 0, padding: 0 },
  link: {
    ...typographyStyles.body1,
    display: 'inline-block',
    padding: '10px 12px 8px',
    color: tokens.colorNeutralForeground2,
    textDecoration: 'none',
    borderBottom: '3px solid transparent',
    ':hover': { color: tokens.colorNeutralForeground1, borderBottomColor: tokens.colorNeutralStroke1Hover },
    ':focus-visible': {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '-2px',
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  current: {
    ...typographyStyles.body1Strong,
    color: tokens.colorNeutralForeground1,
    borderBottomColor: tokens.colorBrandStroke1,
    ':hover': { borderBottomColor: tokens.colorBrandStroke1 },
  },
});

interface Item {
  to: string;
  label: string;
  active: (r: Route) => boolean;
}

export function AppNav(props: { route: Route; mayRaise: boolean; oversight: boolean }) {
  const s = useStyles();
  const items: Item[] = [
    { to: '/', label: 'Awaiting me', active: (r) => r.name === 'awaiting-me' },
    ...(props.mayRaise
      ? [{ to: '/raised-by-me', label: 'Raised by me', active: (r: Route) => r.name === 'raised-by-me' }]
      : []),
    { to: '/copied-to-me', label: 'Copied to me', active: (r) => r.name === 'copied-to-me' },
    ...(props.mayRaise
      ? [{ to: '/raise', label: 'Raise a dispute', active: (r: Route) => r.name === 'raise' }]
      : []),
    ...(props.oversight
      ? [
          { to: '/reports', label: 'Reports', active: (r: Route) => r.name === 'reports' },
          { to: '/admin', label: 'Administration', active: (r: Route) => r.name === 'admin' },
        ]
      : []),
  ];
  const onClick = (e: MouseEvent<HTMLAnchorElement>, to: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    focusNextPageHeading();
    navigate(to);
  };
  return (
    <nav className={s.nav} aria-label="CP Disputes">
      <ul className={s.list}>
        {items.map((i) => {
          const current = i.active(props.route);
          return (
            <li key={i.to}>
              <a
                href={href(i.to)}
                className={current ? `${s.link} ${s.current}` : s.link}
                aria-current={current ? 'page' : undefined}
                onClick={(e) => onClick(e, i.to)}
              >
                {i.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
