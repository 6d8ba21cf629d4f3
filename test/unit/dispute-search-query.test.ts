// What a person types into "Find dispute", and which links unfurl as a dispute: read leniently, as
// people type references and case numbers differently each time, but never mistaken for another.
import { describe, expect, it } from 'vitest';
import { disputeIdInLink } from '../../bot/routes/link-unfurl-route.ts';
import { parseDisputeSearch } from '../../src/core/dispute/dispute-search-query.ts';

describe('parseDisputeSearch', () => {
  it('reads a reference however it is typed', () => {
    for (const typed of ['CPD-7K3QX2', 'cpd-7k3qx2', ' cpd 7k3qx2 ', 'CPD7K3QX2'])
      expect(parseDisputeSearch(typed)).toEqual({ kind: 'reference', reference: 'CPD-7K3QX2' });
  });

  it("reads the child's initials then the case number, compared as the recurrence rule compares them", () => {
    for (const typed of ['nb 104233', 'NB 104-233', 'N.B. 104 233', 'nb  104/233'])
      expect(parseDisputeSearch(typed)).toEqual({ kind: 'child', initials: 'NB', caseNumberKey: '104233' });
    expect(parseDisputeSearch('aro gl-600')).toEqual({
      kind: 'child',
      initials: 'ARO',
      caseNumberKey: 'GL600',
    });
  });

  it('asks for more when there is no case number, or no initials in front of it', () => {
    for (const typed of ['', '   ', 'nb', '104233', 'Nia Brook', 'CPD-', 'CPD-7K3QX'])
      expect(parseDisputeSearch(typed)).toEqual({ kind: 'incomplete' });
  });
});

describe('disputeIdInLink', () => {
  const base = 'https://cp.northmoor.example';
  const id = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

  it('finds the dispute in a link to the tab on the app’s own domain', () => {
    expect(disputeIdInLink(`${base}/tab/disputes/${id}`, base)).toBe(id);
    expect(disputeIdInLink(`${base}/tab/disputes/${id}/?from=chat#top`, `${base}/`)).toBe(id);
    expect(disputeIdInLink(`https://CP.Northmoor.example/tab/disputes/${id.toUpperCase()}`, base)).toBe(id);
  });

  it('ignores other domains, other pages and anything that is not a dispute id', () => {
    expect(disputeIdInLink(`https://evil.example/tab/disputes/${id}`, base)).toBeNull();
    expect(disputeIdInLink(`https://cp.northmoor.example.evil.example/tab/disputes/${id}`, base)).toBeNull();
    expect(disputeIdInLink(`${base}/tab/raise`, base)).toBeNull();
    expect(disputeIdInLink(`${base}/tab/disputes/CPD-7K3QX2`, base)).toBeNull();
    expect(disputeIdInLink(`${base}/tab/disputes/${id}/form`, base)).toBeNull();
    expect(disputeIdInLink('not a link', base)).toBeNull();
  });
});
