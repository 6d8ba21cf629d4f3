// Who may see what, as pure functions (the repository is the one place that calls them and audits).
import type { DisputeState } from '../dispute/dispute-state.ts';

/** Posts that oversee every dispute of the council (the service that runs the process). */
export const oversightPosts: readonly string[] = ['head-of-service-safeguarding', 'cp-service-manager'];

export interface Viewer {
  id: string;
  posts: readonly string[];
}

export function hasOversight(viewer: Viewer): boolean {
  return viewer.posts.some((p) => oversightPosts.includes(p));
}

/**
 * The council's information-governance post: manages records (retention, legal holds, subject
 * access) without overseeing the disputes themselves.
 */
export const informationGovernancePost = 'information-governance';

/** Who may see what falls due for disposal, run it, set legal holds and export subject access. */
export function mayManageRecords(viewer: Viewer): boolean {
  return hasOversight(viewer) || viewer.posts.includes(informationGovernancePost);
}

export function mayReadDispute(state: Pick<DisputeState, 'participantIds'>, viewer: Viewer): boolean {
  return state.participantIds.includes(viewer.id) || hasOversight(viewer);
}

/** People the protocol names on this dispute see the child's details; oversight sees initials. */
export function maySeeChildDetails(state: Pick<DisputeState, 'participantIds'>, viewer: Viewer): boolean {
  return state.participantIds.includes(viewer.id);
}

export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
}
