// One dispute in its resolution meeting: the tab Teams shows in the meeting's side panel (320 px
// wide), on the shared stage, in the meeting chat and in its details. Compact: where the dispute
// stands, the form to record what the meeting decided for the one person the server offers it to
// (the dispute view's `allowedActions.recordMeetingOutcome`: the chair of the dispute or of the
// meeting), and the timeline. Everyone else in the meeting sees what their own role on the dispute
// lets them read (the server's view already leaves out what they may not see), and a person not
// on the dispute sees "not available", never details: the meeting's attendee list is not the
// dispute's.
import { Button, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { answer, api } from '../api/api-client.ts';
import type { DisputeEvent } from '../api/schema.ts';
import { ActionForms } from '../components/dispute-actions.tsx';
import { DisputeStatusBadges } from '../components/dispute-summary.tsx';
import { LoadStatus } from '../components/load-state.tsx';
import { labelOf, meetingOutcomeLabels } from '../labels.ts';
import { meetingForms } from '../components/meeting-forms.tsx';
import { Page, Section } from '../components/page.tsx';
import { RouteLink } from '../components/route-link.tsx';
import { Timeline } from '../components/timeline.tsx';
import { stageName, useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  p: { ...typographyStyles.body1, margin: 0 },
  note: { ...typographyStyles.caption1, margin: 0, color: tokens.colorNeutralForeground2 },
  // The side panel is 320 px: one column, the timeline's dates above their events.
  narrow: { maxWidth: '100%' },
});

/** The record-the-meeting form only: the other meeting forms stay on the dispute's own page. */
const OUTCOME_FORM = 'meeting-outcome';

export function MeetingView(props: { id: string }) {
  const s = useStyles();
  const session = useSession();
  const dispute = useApi(props.id, (signal) =>
    answer(api.GET('/api/disputes/{id}', { params: { path: { id: props.id } }, signal })),
  );
  if (dispute.error?.notAvailable) return <NotAvailable />;
  const d = dispute.data;
  const outcome = d ? meetingForms(d.allowedActions).filter((f) => f.key === OUTCOME_FORM) : [];
  const onStage = session.host.frameContext === 'meetingStage';
  // This stage's meeting, once recorded (by whoever may): said here, in full on the timeline.
  const recorded = d?.events.findLast(
    (e): e is Extract<DisputeEvent, { type: 'MeetingOutcomeRecorded' }> =>
      e.type === 'MeetingOutcomeRecorded' && e.stageId === d.stage?.id,
  );
  return (
    <div className={onStage ? undefined : s.narrow}>
      <Page
        title={d ? `Meeting: ${d.reference}` : 'Meeting'}
        actions={
          <span className={s.actions}>
            {d ? <DisputeStatusBadges dispute={d} /> : null}
            <Button size="small" onClick={dispute.reload}>
              Refresh
            </Button>
          </span>
        }
      >
        <LoadStatus of={dispute} loading="Loading the dispute…" failed="The dispute could not be loaded" />
        {d ? (
          <>
            <Section title="This meeting" id="meeting">
              <p className={s.p}>
                {d.stage
                  ? `Stage: ${stageName(session, d.protocolId, d.stage.id)}.`
                  : 'The dispute is closed.'}
              </p>
              {outcome.length > 0 ? (
                <ActionForms
                  dispute={d}
                  onChange={dispute.set}
                  reload={dispute.reload}
                  forms={outcome}
                  open={[OUTCOME_FORM]}
                />
              ) : recorded ? (
                <p className={s.p}>
                  The meeting is recorded: {labelOf(meetingOutcomeLabels, recorded.outcome)}.
                </p>
              ) : (
                <p className={s.note}>The chair records what the meeting decides.</p>
              )}
              <p className={s.note}>
                <RouteLink to={`/disputes/${encodeURIComponent(d.id)}`}>Open the whole dispute</RouteLink>
              </p>
            </Section>
            <Section title="Timeline" id="timeline">
              <Timeline dispute={d} />
            </Section>
          </>
        ) : null}
      </Page>
    </div>
  );
}
