// The notice after raising (tab/src/flash.ts): reading it while a page renders changes nothing, so a
// render of one dispute's page (React renders more often than it shows, and may render a page it
// then drops) cannot take away the notice waiting for another; only the page actually shown drops
// the others.
import { beforeEach, describe, expect, it } from 'vitest';
import { keepOnlyFlashOf, peekFlash, setFlash } from '../../tab/src/flash.ts';

describe('the notice carried from the Raise form to the new dispute', () => {
  beforeEach(() => keepOnlyFlashOf(null));

  it('survives a render of another dispute’s page', () => {
    setFlash('new-dispute', { requestedStageId: null });
    expect(peekFlash('earlier-dispute')).toBeUndefined();
    expect(peekFlash('new-dispute')).toEqual({ requestedStageId: null });
  });

  it('survives any number of renders of its own page', () => {
    setFlash('new-dispute', { requestedStageId: 'stage-3' });
    for (let i = 0; i < 3; i++) expect(peekFlash('new-dispute')).toEqual({ requestedStageId: 'stage-3' });
  });

  it('stays while its dispute is the page shown, and goes once another page is shown', () => {
    setFlash('new-dispute', { requestedStageId: null });
    keepOnlyFlashOf('new-dispute');
    expect(peekFlash('new-dispute')).toEqual({ requestedStageId: null });
    keepOnlyFlashOf('earlier-dispute');
    expect(peekFlash('new-dispute')).toBeUndefined();
  });

  it('goes when the person moves to a page that is no dispute’s', () => {
    setFlash('new-dispute', { requestedStageId: null });
    keepOnlyFlashOf(null);
    expect(peekFlash('new-dispute')).toBeUndefined();
  });
});
