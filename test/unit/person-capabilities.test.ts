// What a person may do in the product, decided once in the core: the tab's navigation and raise
// form draw it from /api/me, and the core's raise decision asks the same function.
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, mayRaiseUnder } from '../../src/core/access/person-capabilities.ts';
import { decide } from '../../src/core/dispute/decide.ts';
import { initialState } from '../../src/core/dispute/dispute-state.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import { calendarFor, chair, person, protocolById, raiseCommand } from './support/dispute-fixtures.ts';

const protocols = builtinProtocols();
const chairOnly = protocols.filter((p) => p.raisedBy.requiredPosts.includes('cp-chair')).map((p) => p.id);
const anyone = protocols.filter((p) => p.raisedBy.requiredPosts.length === 0).map((p) => p.id);

describe('capabilitiesOf', () => {
  it('lets a child protection chair raise under every built-in protocol', () => {
    const chair = capabilitiesOf({ id: 'chair-amara', posts: ['cp-chair'] }, protocols);
    expect(chair.raiseUnder.sort()).toEqual(protocols.map((p) => p.id).sort());
    expect(chair.overseeAll).toBe(false);
  });

  it('lets a social worker raise only where the protocol asks for no post (a concern about a chair)', () => {
    const sw = capabilitiesOf({ id: 'sw-ben', posts: [] }, protocols);
    expect(chairOnly.length).toBeGreaterThan(0);
    expect(sw.raiseUnder.sort()).toEqual(anyone.sort());
    for (const id of chairOnly) expect(sw.raiseUnder).not.toContain(id);
  });

  it('gives oversight to the safeguarding head of service, and records to information governance alone', () => {
    const hos = capabilitiesOf({ id: 'hos-ruth', posts: ['head-of-service-safeguarding'] }, protocols);
    expect(hos).toMatchObject({ overseeAll: true, manageRecords: true });
    const ig = capabilitiesOf({ id: 'ig-nadia', posts: ['information-governance'] }, protocols);
    expect(ig).toMatchObject({ overseeAll: false, manageRecords: true });
  });

  it('is what the core enforces when someone raises (Gloucestershire: a chair, not a social worker)', () => {
    const gloucestershire = protocolById('gloucestershire');
    const raise = (by: typeof chair) =>
      decide(
        initialState(),
        raiseCommand(),
        by,
        '2026-11-23T10:00:00Z',
        gloucestershire,
        calendarFor(gloucestershire),
      );
    expect(mayRaiseUnder(gloucestershire, [])).toBe(false);
    const refused = raise(person('sw-ben'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.code).toBe('not-allowed');
    expect(mayRaiseUnder(gloucestershire, chair.kind === 'person' ? chair.posts : [])).toBe(true);
    expect(raise(chair).ok).toBe(true);
  });
});
