// What a view shows while loading or when the API said no.
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';
import type { ApiError } from '../api/api-client.ts';
import type { Loaded } from '../use-api.ts';

export function Loading(props: { label: string }) {
  return <Spinner size="small" label={props.label} labelPosition="after" />;
}

export function ErrorMessage(props: { title: string; error: ApiError; onRetry?: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        <br />
        {props.error.message}
      </MessageBarBody>
      {props.onRetry ? (
        <MessageBarActions>
          <Button onClick={props.onRetry}>Try again</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

/** An API this build of the server does not have yet (404 on the route, 400 on a new parameter). */
export function isMissingApi(error: ApiError): boolean {
  return (
    (error.status === 404 && /There is nothing at/.test(error.message)) ||
    error.status === 405 ||
    error.status === 501
  );
}

export function NotYetAvailable(props: { what: string }) {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Not available on this server yet</MessageBarTitle>
        <br />
        {props.what} This server does not provide it yet; it will appear here once it is updated.
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * A resource still loading or refused, in the words of the view: a spinner, the error with a retry,
 * or (given `missing`) a note that this server does not have the API yet. Nothing once it is loaded.
 */
export function LoadStatus(props: {
  of: Omit<Loaded<unknown>, 'set'>;
  loading: string;
  failed: string;
  missing?: string;
}) {
  const { data, error, loading, reload } = props.of;
  if (error && props.missing !== undefined && isMissingApi(error))
    return <NotYetAvailable what={props.missing} />;
  if (error) return <ErrorMessage title={props.failed} error={error} onRetry={reload} />;
  if (loading && data === null) return <Loading label={props.loading} />;
  return null;
}
