// The channel tab's settings page (Teams shows it when the tab is added to a channel): which
// team's disputes the tab shows. Teams saves /tab/team?team=<name> as the tab's address.
import { Field, Input, makeStyles } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { Page, Section } from '../components/page.tsx';
import { RouteLink } from '../components/route-link.tsx';
import { registerTabConfiguration, setTabConfigurationValid } from '../host/teams-host.ts';
import { useSession } from '../session.tsx';
import { MeetingConfigureView } from './meeting-configure-view.tsx';

const useStyles = makeStyles({ field: { maxWidth: '520px' } });

export function ConfigureView() {
  const session = useSession();
  // Added to a Teams meeting (its chat or details): the tab is about one dispute, not a team.
  return session.host.meetingId ? <MeetingConfigureView /> : <TeamConfigureView />;
}

function TeamConfigureView() {
  const s = useStyles();
  const session = useSession();
  const [team, setTeam] = useState(session.host.team?.displayName ?? session.me.team ?? '');
  const current = useRef(team);
  current.current = team;
  const [inHost, setInHost] = useState(false);

  useEffect(() => {
    setInHost(
      registerTabConfiguration(() => {
        const t = current.current.trim();
        if (!t) return null;
        return {
          contentUrl: `${window.location.origin}/tab/team?team=${encodeURIComponent(t)}`,
          entityId: `cp-disputes-team-${t.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
          name: 'CP Disputes',
        };
      }),
    );
  }, []);
  useEffect(() => setTabConfigurationValid(team.trim().length > 0), [team]);

  return (
    <Page
      title="Set up the team tab"
      intro="This tab shows the open disputes about the cases of one team’s social workers, for the team’s channel."
    >
      <Section title="Which team" id="team">
        <Field
          className={s.field}
          label="Team"
          hint="The team’s name as it appears in the council’s directory, for example North Child Protection Team."
          validationMessage={team.trim() ? undefined : 'Enter the team’s name.'}
          validationState={team.trim() ? 'none' : 'warning'}
        >
          <Input value={team} onChange={(_, d) => setTeam(d.value)} />
        </Field>
        {inHost ? (
          <p>Select Save to add the tab.</p>
        ) : (
          <p>
            Teams shows this page when the tab is added to a channel.{' '}
            {team.trim() ? (
              <RouteLink to={`/team?team=${encodeURIComponent(team.trim())}`}>
                See what the tab will show
              </RouteLink>
            ) : null}
          </p>
        )}
      </Section>
    </Page>
  );
}
