// A Teams deep link opens the personal tab at its first page with the dispute as the sub-page id
// (context.page.subPageId); the tab then shows that dispute. An address that names a page wins.
import { describe, expect, it } from 'vitest';
import { disputeCardLink, subEntityIdOf } from '../../bot/cards/dispute-links.ts';
import { deepLinkedPath } from '../../tab/src/host/deep-link-route.ts';

describe('the tab opened by a deep link', () => {
  it("opens the dispute a card's Teams link names", () => {
    const link = disputeCardLink(
      { appBaseUrl: 'https://cp.example', teamsAppId: '3f0c2d4e-8a1b-4c5d-9e6f-7a8b9c0d1e2f' },
      { id: '0b6c1a9e-2f3d-4c5b-8a7e-6d5c4b3a2f1e', reference: 'CPD-7K3QX2' },
      'teams',
    );
    // Teams hands the tab the context's subEntityId as context.page.subPageId.
    const subPageId = subEntityIdOf(link);
    for (const start of ['/tab/', '/tab', '/tab/index.html', '/tab/awaiting-me'])
      expect(deepLinkedPath(subPageId, start)).toBe('/disputes/0b6c1a9e-2f3d-4c5b-8a7e-6d5c4b3a2f1e');
  });

  it('stays where it is without a sub-page id, or when the address already names a page', () => {
    expect(deepLinkedPath(null, '/tab/')).toBeNull();
    expect(deepLinkedPath('', '/tab/')).toBeNull();
    expect(deepLinkedPath('d-1', '/tab/disputes/d-2')).toBeNull();
    expect(deepLinkedPath('d-1', '/tab/raise')).toBeNull();
  });

  it('keeps an odd id inside the dispute page', () => {
    expect(deepLinkedPath('../admin', '/tab/')).toBe('/disputes/..%2Fadmin');
  });
});
