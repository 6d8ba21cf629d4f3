// A link inside the tab: a real <a href> (so it can be opened in a new tab or copied), moved
// through history.pushState on a plain click.
import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { href as tabHref, navigate } from '../router.ts';
import { focusNextPageHeading } from './page.tsx';

export function RouteLink(props: { to: string; className?: string; children?: ReactNode }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    focusNextPageHeading();
    navigate(props.to);
  };
  return (
    <Link href={tabHref(props.to)} onClick={onClick} className={props.className}>
      {props.children}
    </Link>
  );
}

export function go(to: string): void {
  focusNextPageHeading();
  navigate(to);
}

/** A link to one dispute, by its reference. */
export function DisputeLink(props: { id: string; className?: string; children?: ReactNode }) {
  return (
    <RouteLink to={`/disputes/${encodeURIComponent(props.id)}`} className={props.className}>
      {props.children}
    </RouteLink>
  );
}
