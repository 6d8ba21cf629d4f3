// A Teams deep link to a dispute (bot/cards/dispute-links.ts) opens the personal tab at its first
// page with the dispute id as the sub-page id (teams-js: context.page.subPageId). This turns that
// into the dispute's own page, only when the tab was opened at its first page: an address that
// already names a page wins.

/** The path (under /tab) to go to for a deep link's sub-page id, or null to stay. */
export function deepLinkedPath(subPageId: string | null, pathname: string): string | null {
  if (!subPageId) return null;
  const path = pathname.replace(/^\/tab/, '').replace(/\/+$/, '') || '/';
  if (path !== '/' && path !== '/index.html' && path !== '/awaiting-me') return null;
  return `/disputes/${encodeURIComponent(subPageId)}`;
}
