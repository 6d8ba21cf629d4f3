// A very small router: the tab's pages live under /tab/, history.pushState moves between them and
// the server answers any /tab/... address with index.html, so a deep link works on reload.
import { useSyncExternalStore } from 'react';

export const base = '/tab';

export type Route =
  | { name: 'awaiting-me' }
  | { name: 'raised-by-me' }
  | { name: 'copied-to-me' }
  | { name: 'dispute'; id: string }
  | { name: 'raise' }
  | { name: 'reports' }
  | { name: 'admin' }
  | { name: 'configure' }
  | { name: 'team'; team: string }
  | { name: 'meeting'; id: string }
  | { name: 'addin' }
  | { name: 'unknown'; path: string };

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export function href(path: string): string {
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const to = path.startsWith(base) ? path : href(path);
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function parseRoute(location: string): Route {
  const url = new URL(location, window.location.origin);
  let path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
  path = path.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html' || path === '/awaiting-me') return { name: 'awaiting-me' };
  if (path === '/raised-by-me') return { name: 'raised-by-me' };
  if (path === '/copied-to-me') return { name: 'copied-to-me' };
  if (path === '/raise') return { name: 'raise' };
  if (path === '/reports') return { name: 'reports' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/configure') return { name: 'configure' };
  // The Outlook add-in's task pane ("Raise a dispute" on an email): tab/src/views/addin-raise-view.tsx.
  if (path === '/addin') return { name: 'addin' };
  if (path === '/team') return { name: 'team', team: url.searchParams.get('team') ?? '' };
  const dispute = /^\/disputes\/([^/]+)$/.exec(path);
  if (dispute) return { name: 'dispute', id: decodeURIComponent(dispute[1]!) };
  // A Teams meeting's tab (side panel, stage, chat, details): one dispute, compact.
  const meeting = /^\/meeting\/([^/]+)$/.exec(path);
  if (meeting) return { name: 'meeting', id: decodeURIComponent(meeting[1]!) };
  return { name: 'unknown', path };
}
