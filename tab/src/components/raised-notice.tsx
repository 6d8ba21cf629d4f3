// Said once, after raising: the dispute exists, who was asked, and, when the recurrence rule
// moved it past the informal stage, why.
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { DisputeView } from '../api/schema.ts';
import type { RaisedFlash } from '../flash.ts';
import { formatDay, londonDay } from '../format.ts';
import { personName, protocolOf, stageName, useSession } from '../session.tsx';
import { answer, api } from '../api/api-client.ts';
import { useApi } from '../use-api.ts';
import { RouteLink } from './route-link.tsx';

const useStyles = makeStyles({ list: { margin: '4px 0 0', paddingLeft: '20px' } });

function EarlierDispute(props: { id: string }) {
  const earlier = useApi(props.id, (signal) =>
    answer(api.GET('/api/disputes/{id}', { params: { path: { id: props.id } }, signal })),
  );
  if (earlier.data)
    return (
      <li>
        <RouteLink to={`/disputes/${encodeURIComponent(props.id)}`}>{earlier.data.reference}</RouteLink>,
        raised {earlier.data.events[0] ? formatDay(londonDay(earlier.data.events[0].at)) : ''},{' '}
        {earlier.data.status}
      </li>
    );
  return <li>An earlier dispute that is not available to you</li>;
}

export function RaisedNotice(props: { dispute: DisputeView; flash: RaisedFlash }) {
  const s = useStyles();
  const session = useSession();
  const d = props.dispute;
  const raised = d.events.find((e) => e.type === 'Raised');
  const recurrenceOf = Array.isArray(raised?.recurrenceOf) ? (raised.recurrenceOf as string[]) : [];
  const startedAt = String(raised?.startStageId ?? '');
  const protocol = protocolOf(session, d.protocolId);
  const requested = props.flash.requestedStageId ?? protocol?.stages[0]?.id ?? '';
  const moved = recurrenceOf.length > 0 && startedAt !== requested;
  return (
    <>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Dispute {d.reference} raised</MessageBarTitle>
          <br />
          {d.stage
            ? `"${d.stage.name}" is open. ${d.respondents.map((id) => personName(session, id)).join(', ') || 'The respondent'} has been asked to respond by ${formatDay(d.stage.dueOn)}.`
            : ''}
        </MessageBarBody>
      </MessageBar>
      {moved ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>
              This dispute starts at “{stageName(session, d.protocolId, startedAt)}”
            </MessageBarTitle>
            <br />A similar concern about this child (the same theme, same case number) was raised before and
            is still unresolved. {protocol?.name ?? 'The protocol'} says such a concern is not dealt with
            informally, so it starts at “{stageName(session, d.protocolId, startedAt)}” instead of “
            {stageName(session, d.protocolId, requested)}”.
            <ul className={s.list}>
              {recurrenceOf.map((id) => (
                <EarlierDispute key={id} id={id} />
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
