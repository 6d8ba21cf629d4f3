// The top of a dispute: where it stands (protocol, status, stage, what is asked, both clocks), the
// child and case, and the concern as it was raised.
import {
  Badge,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  typographyStyles,
} from '@fluentui/react-components';
import type { DisputeView } from '../api/schema.ts';
import { useServerNow } from '../clock.ts';
import { formatDay, londonDay } from '../format.ts';
import { personName, personWithTitle, protocolOf, themeLabel, useSession } from '../session.tsx';
import { DeadlineBadge, deadlineState } from './deadline-badge.tsx';
import { Facts } from './facts.tsx';
import { StatusBadge } from './status-badge.tsx';

const useStyles = makeStyles({
  badges: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  asks: { ...typographyStyles.body1, margin: 0, maxWidth: '90ch' },
  text: { ...typographyStyles.body1, margin: 0, whiteSpace: 'pre-wrap', maxWidth: '90ch' },
  subheading: { ...typographyStyles.body1Strong, margin: '4px 0 0' },
});

export function DisputeStatusBadges(props: { dispute: DisputeView }) {
  const s = useStyles();
  const d = props.dispute;
  return (
    <span className={s.badges}>
      <StatusBadge status={d.status} appearance="filled" />
      {d.immediateRisk ? (
        <Badge appearance="filled" color="danger">
          Immediate risk
        </Badge>
      ) : null}
      {d.stage ? (
        <Badge appearance="tint" color="informative">
          {d.stage.formal ? 'Formal' : 'Informal'}
        </Badge>
      ) : null}
    </span>
  );
}

export function DisputeSummary(props: { dispute: DisputeView }) {
  const s = useStyles();
  const session = useSession();
  const d = props.dispute;
  const today = londonDay(useServerNow());
  const open = d.status === 'open';
  const protocol = protocolOf(session, d.protocolId);
  // The stage got its answer (the server says so): its due date no longer counts against anyone.
  const answered = d.stage?.answered ?? false;
  const names = (ids: string[]) =>
    ids.length ? ids.map((id) => personWithTitle(session, id)).join('; ') : '–';
  return (
    <>
      {d.stage?.awaitingChairDecision && open ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The deadline passed: the chair decides what happens next</MessageBarTitle>
            <br />
            Escalate, give more time, or resolve.
            {d.stage.awaitingChairDecision.autoEscalateOn
              ? ` Without a decision, the dispute moves to the next stage by itself at close of business on ${formatDay(d.stage.awaitingChairDecision.autoEscalateOn)}.`
              : ''}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {d.stage?.stepRefused && open ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The dispute could not move on by itself</MessageBarTitle>
            <br />
            {d.stage.stepRefused.why} It is tried again, and you and the administrators are told, each working
            day until it can be taken.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Facts
        facts={[
          ['Protocol', protocol?.name ?? d.protocolId],
          ['Current stage', d.stage ? d.stage.name : '–'],
          ['Stage opened', d.stage ? formatDay(d.stage.openedOn) : '–'],
          [
            'Stage due',
            <DeadlineBadge
              day={d.stage?.dueOn ?? null}
              state={answered && open ? 'answered' : deadlineState(d.stage?.dueOn ?? null, today, open)}
              kind="stage"
            />,
          ],
          [
            'Overall time limit',
            d.capOn ? (
              <DeadlineBadge
                day={d.capOn}
                state={deadlineState(d.capOn, today, open, d.capReached)}
                kind="cap"
              />
            ) : protocol?.cap ? (
              'Starts at the first formal stage'
            ) : (
              'None in this protocol'
            ),
          ],
          ['Child', d.child.name],
          ['Date of birth', d.child.dateOfBirth ? formatDay(d.child.dateOfBirth) : 'Not shown to you'],
          ['Case number', d.child.caseNumber],
          ['Conference date', formatDay(d.conferenceDate)],
          ['Theme', themeLabel(session, d.protocolId, d.theme)],
          ['Raised by', personWithTitle(session, d.raiserId)],
          ['Social worker', personName(session, d.socialWorkerId)],
          ['Asked to respond', open ? names(d.respondents) : '–'],
          ['Copied', open ? names(d.copied) : '–'],
        ]}
      />
      {d.stage && open ? (
        <div>
          <h3 className={s.subheading}>What is asked at this stage</h3>
          <p className={s.asks}>{d.stage.asks}</p>
        </div>
      ) : null}
      <div>
        <h3 className={s.subheading}>The concern</h3>
        <p className={s.text}>{d.concern}</p>
      </div>
      <div>
        <h3 className={s.subheading}>Actions required</h3>
        <p className={s.text}>{d.actionsRequired}</p>
      </div>
    </>
  );
}
