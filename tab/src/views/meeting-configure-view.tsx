// The meeting tab's settings page (Teams shows it when someone adds CP Disputes to a meeting, in
// its chat or details): which dispute the meeting is about, chosen from the open disputes this
// person raised or is asked to answer. Teams saves /tab/meeting/<dispute id> as the tab's address;
// the tab's name carries the reference only, never the child's details, because everyone in the
// meeting chat sees it. When CP Disputes books the meeting itself it adds the same tab through
// Graph (src/adapters/graph/graph-meeting-chat.ts), so nobody has to.
import { Dropdown, Field, makeStyles, Option } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { answer, api } from '../api/api-client.ts';
import type { DisputeRow } from '../api/schema.ts';
import { LoadStatus } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { RouteLink } from '../components/route-link.tsx';
import { registerTabConfiguration, setTabConfigurationValid } from '../host/teams-host.ts';
import { stageName, useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';

const useStyles = makeStyles({ field: { maxWidth: '520px' } });

/** The address Teams keeps for a meeting tab about this dispute. */
export function meetingTabUrl(origin: string, disputeId: string): string {
  return `${origin}/tab/meeting/${encodeURIComponent(disputeId)}`;
}

export function MeetingConfigureView() {
  const s = useStyles();
  const session = useSession();
  const lists = useApi('meeting-configure', async (signal) => {
    const [raised, awaiting] = await Promise.all(
      (['raised-by-me', 'awaiting-me'] as const).map((view) =>
        answer(api.GET('/api/disputes', { params: { query: { view } }, signal })),
      ),
    );
    return [...raised!.disputes, ...awaiting!.disputes];
  });
  const disputes = useMemo(() => {
    const open = new Map<string, DisputeRow>();
    for (const d of lists.data ?? []) if (d.status === 'open') open.set(d.id, d);
    return [...open.values()].sort((a, b) => a.reference.localeCompare(b.reference));
  }, [lists.data]);
  const [chosen, setChosen] = useState('');
  const current = useRef<DisputeRow | undefined>(undefined);
  current.current = disputes.find((d) => d.id === chosen);
  const [inHost, setInHost] = useState(false);

  useEffect(() => {
    setInHost(
      registerTabConfiguration(() => {
        const d = current.current;
        if (!d) return null;
        return {
          contentUrl: meetingTabUrl(window.location.origin, d.id),
          entityId: `cp-disputes-meeting-${d.id}`,
          name: `CP Disputes ${d.reference}`,
        };
      }, 'Choose the dispute the meeting is about first.'),
    );
  }, []);
  useEffect(() => setTabConfigurationValid(Boolean(chosen)), [chosen]);

  const label = (d: DisputeRow) => `${d.reference}: ${stageName(session, d.protocolId, d.stageId)}`;
  return (
    <Page
      title="Set up the meeting tab"
      intro="This tab shows one dispute in its resolution meeting: its timeline, and for the chair the form to record what the meeting decided. Everyone in the meeting sees only what their part in the dispute allows."
    >
      <Section title="Which dispute" id="dispute">
        <LoadStatus of={lists} loading="Loading your disputes…" failed="Your disputes could not be loaded" />
        {lists.data && disputes.length === 0 ? (
          <p>You have no open disputes to hold a meeting about.</p>
        ) : null}
        {disputes.length > 0 ? (
          <Field
            className={s.field}
            label="Dispute"
            hint="Your open disputes, by reference. The tab’s name shows the reference only."
            validationMessage={chosen ? undefined : 'Choose the dispute the meeting is about.'}
            validationState={chosen ? 'none' : 'warning'}
          >
            <Dropdown
              value={current.current ? label(current.current) : ''}
              selectedOptions={chosen ? [chosen] : []}
              onOptionSelect={(_, d) => setChosen(d.optionValue ?? '')}
              placeholder="Choose…"
            >
              {disputes.map((d) => (
                <Option key={d.id} value={d.id}>
                  {label(d)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        ) : null}
        {inHost ? (
          <p>Select Save to add the tab to the meeting.</p>
        ) : chosen ? (
          <p>
            <RouteLink to={`/meeting/${encodeURIComponent(chosen)}`}>See what the tab will show</RouteLink>
          </p>
        ) : null}
      </Section>
    </Page>
  );
}
