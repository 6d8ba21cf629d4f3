// The Dispute Resolution Form (Calderdale's Appendix 1) as a Word document: a Calderdale dispute
// raised, answered, escalated, answered again and resolved; the .docx is unzipped and its text
// read in order. Only the people the protocol names may download it, and every attempt is audited.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsOf } from '../support/store-probes.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let dispute: { id: string; reference: string };
const child = { name: "Amelia-Rose O'Neill", dateOfBirth: '2019-04-02', caseNumber: 'NB-104233' };
const concern = 'Statutory visits have not taken place since the review conference.';
const actions = 'Visit within 2 working days and see the child alone; record it.';

const setClock = (now: string) => apiAs(app, 'chair-amara').post('/api/dev/clock', { now });
async function act(person: string, action: string, body: Record<string, unknown>) {
  const { version } = (await apiAs(app, person).get(`/api/disputes/${dispute.id}`)).body;
  const r = await apiAs(app, person).post(`/api/disputes/${dispute.id}/${action}`, { version, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const download = (personId: string, id = dispute.id) =>
  app.server.inject({
    method: 'GET',
    url: `/api/disputes/${id}/form.docx`,
    headers: { 'x-dev-user': personId },
  });

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of each w:t run of a part, in document order. */
async function runsOf(docx: Buffer, part: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file(part)!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!));
}

beforeAll(async () => {
  app = await startTestApp('pglite');
  await setClock('2026-11-23T10:00:00Z');
  const raised = await apiAs(app, 'chair-amara').post('/api/disputes', {
    protocolId: 'calderdale',
    child,
    conferenceDate: '2026-11-16',
    socialWorkerId: 'sw-ben',
    theme: 'statutory-requirements',
    concern,
    actionsRequired: actions,
    immediateRisk: false,
    chairSetWorkingDays: 5,
  });
  expect(raised.status).toBe(201);
  dispute = raised.body;
  await setClock('2026-11-24T09:00:00Z');
  await act('sw-ben', 'responses', {
    outcome: 'disagree',
    text: 'Visits were booked but the family cancelled twice.',
  });
  await act('chair-amara', 'escalate', {
    reason: 'Two weeks without a visit is not acceptable for this plan.',
  });
  await setClock('2026-11-26T09:00:00Z');
  await act('tm-carla', 'responses', {
    outcome: 'actions-agreed',
    text: 'Weekly visits from now on.',
    actionsProposed: 'I will check each visit in supervision.',
  });
  await act('chair-amara', 'resolve', { summary: 'Visits restarted; monitoring at the next core group.' });
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the dispute form (.docx)', () => {
  it('downloads as a Word document named by the reference, with the fields and values in order', async () => {
    const res = await download('chair-amara');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${dispute.reference}-dispute-form.docx"`,
    );
    expect(res.headers['content-disposition']).not.toMatch(/Amelia|Neill/);

    const runs = await runsOf(res.rawPayload, 'word/document.xml');
    const expected = [
      'Dispute Resolution Notification Document',
      `Reference: ${dispute.reference}`,
      'From',
      'Amara Quillfeather, Child Protection Conference Chair',
      'Name of child',
      "Amelia-Rose O'Neill",
      'DOB',
      '2 April 2019',
      'Case number (CASS number)',
      'NB-104233',
      'Date of child protection conference',
      '16 November 2026',
      'Theme',
      'Failure to meet statutory requirements',
      // Informal stage: the concern.
      'Informal PDRP',
      'Date sent',
      '23 November 2026',
      'To (name & status)',
      'Ben Harrowgate, Social Worker; Carla Brightwater, Team Manager, North Child Protection Team',
      'Response expected within',
      '5 working days',
      'Summary of concern(s)',
      concern,
      'Recommendation(s) for remedial action',
      actions,
      'Recipient response',
      'Does not agree: Visits were booked but the family cancelled twice.',
      'Name & status',
      'Ben Harrowgate, Social Worker',
      'Date returned',
      '24 November 2026',
      'Response timescale',
      '5 working days (due 30 November 2026)',
      // Formal stage 1: the reason for escalation, with the original concern.
      'Formal PDRP Stage 1: Notifying the Supervising Manager',
      'Date sent',
      '24 November 2026',
      'Reason for escalation',
      'Two weeks without a visit is not acceptable for this plan.',
      'Original concern(s)',
      concern,
      'Recommendation(s) for remedial action',
      actions,
      'Recipient response',
      'Actions agreed: Weekly visits from now on.',
      'Actions proposed: I will check each visit in supervision.',
      'Name & status',
      'Carla Brightwater, Team Manager, North Child Protection Team',
      'Date returned',
      '26 November 2026',
      'Response timescale',
      '5 working days (due 1 December 2026)',
      // The resolution.
      'Resolution of practice dispute (recorded by the conference chair)',
      'Resolution',
      'Visits restarted; monitoring at the next core group.',
      'Recorded by',
      'Amara Quillfeather, Child Protection Conference Chair',
      'Date',
      '26 November 2026',
    ];
    let at = -1;
    for (const text of expected) {
      const next = runs.indexOf(text, at + 1);
      expect(next, `"${text}" after run ${at} (${runs[at]})`).toBeGreaterThan(at);
      at = next;
    }
  });

  it('is marked OFFICIAL-SENSITIVE, and its file properties name the reference, not the child', async () => {
    const res = await download('tm-carla');
    expect(res.statusCode).toBe(200);
    expect(await runsOf(res.rawPayload, 'word/header1.xml')).toContain('OFFICIAL-SENSITIVE');
    const core = await (await JSZip.loadAsync(res.rawPayload)).file('docProps/core.xml')!.async('string');
    expect(core).toContain(dispute.reference);
    expect(core).not.toMatch(/Amelia|Neill|NB-104233/);
  });

  it('is refused to anyone the protocol does not name, oversight included, and every attempt is audited', async () => {
    // Not involved: the same 404 as a dispute that does not exist.
    expect((await download('sw-fern')).statusCode).toBe(404);
    // The head of service for safeguarding oversees every dispute (and may read this one), but the
    // form has the child's full details: only the people named on the dispute have it.
    expect((await apiAs(app, 'hos-ruth').get(`/api/disputes/${dispute.id}`)).status).toBe(200);
    const refused = await download('hos-ruth');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toMatch(/Amelia|NB-104233/);
    expect((await download('chair-amara', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);

    const reads = await app.services.db.transaction((tx) => readsOf(tx, dispute.id));
    const forms = reads.filter((r) => r.what === 'form.docx').map((r) => `${r.personId}:${r.allowed}`);
    expect(forms).toEqual(['chair-amara:true', 'tm-carla:true', 'sw-fern:false', 'hos-ruth:false']);
  });
});
