// "Awaiting me", "Raised by me", "Copied to me" and a team's disputes: one table each.
import { Button } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ListView } from '../api/schema.ts';
import { DisputeTable } from '../components/dispute-table.tsx';
import { ErrorMessage, isMissingApi, Loading, NotYetAvailable } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { answer, api } from '../api/api-client.ts';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';
import { refreshServerClock } from '../clock.ts';

const texts: Record<Exclude<ListView, 'all-open'>, { title: string; intro: string; empty: string }> = {
  'awaiting-me': {
    title: 'Awaiting me',
    intro: 'Disputes waiting for you to respond, or for your decision as the chair who raised them.',
    empty: 'Nothing is waiting for you.',
  },
  'raised-by-me': {
    title: 'Raised by me',
    intro: 'Disputes you raised, open and closed, with each stage’s due date and the overall time limit.',
    empty: 'You have not raised a dispute.',
  },
  'copied-to-me': {
    title: 'Copied to me',
    intro: 'Disputes you are copied into or told about. You can read them and add notes.',
    empty: 'You are not copied into any dispute.',
  },
  team: {
    title: 'Team disputes',
    intro: 'Open disputes about the cases of this team’s social workers.',
    empty: 'This team has no open disputes.',
  },
};

export function DisputeListView(props: { view: Exclude<ListView, 'all-open'>; team?: string }) {
  const t = texts[props.view];
  const query = props.view === 'team' ? { view: props.view, team: props.team ?? '' } : { view: props.view };
  const noTeam = props.view === 'team' && !props.team?.trim();
  const list = useApi(noTeam ? null : `${props.view} ${props.team ?? ''}`, (signal) =>
    answer(api.GET('/api/disputes', { params: { query }, signal })),
  );
  useEffect(() => {
    void refreshServerClock();
  }, [list.data]);
  // Lists come a page at a time (issue 17); "Show more" appends the next page to the table.
  const [more, setMore] = useState<{ loading: boolean; error: string | null }>({
    loading: false,
    error: null,
  });
  const showMore = () => {
    const current = list.data;
    if (!current?.nextCursor) return;
    setMore({ loading: true, error: null });
    answer(api.GET('/api/disputes', { params: { query: { ...query, after: current.nextCursor } } })).then(
      (next) => {
        list.set({
          ...current,
          disputes: [...current.disputes, ...next.disputes],
          nextCursor: next.nextCursor,
        });
        setMore({ loading: false, error: null });
      },
      (e: unknown) => setMore({ loading: false, error: (e as Error).message }),
    );
  };
  const title = props.view === 'team' && props.team ? `${props.team}: disputes` : t.title;
  const missing =
    list.error && (isMissingApi(list.error) || (props.view === 'team' && list.error.field === 'view'));
  if (list.error?.status === 403)
    return <NotAvailable what={props.view === 'team' ? 'This team’s list of disputes' : 'This list'} />;
  return (
    <Page title={title} intro={t.intro} actions={<Button onClick={list.reload}>Refresh</Button>}>
      <Section title={props.view === 'team' ? 'Open disputes' : `${t.title}: disputes`} id="disputes">
        {noTeam ? (
          <p>
            This tab does not say which team it is for. Open the tab’s settings in the channel and choose the
            team.
          </p>
        ) : null}
        {list.loading && !list.data ? <Loading label="Loading disputes…" /> : null}
        {missing ? <NotYetAvailable what="A team’s disputes come from the API’s team view." /> : null}
        {list.error && !missing ? (
          <ErrorMessage title="The disputes could not be loaded" error={list.error} onRetry={list.reload} />
        ) : null}
        {list.data ? <DisputeTable rows={list.data.disputes} caption={t.title} emptyText={t.empty} /> : null}
        {list.data?.nextCursor ? (
          <p>
            <Button onClick={showMore} disabled={more.loading}>
              {more.loading ? 'Loading more…' : 'Show more'}
            </Button>
          </p>
        ) : null}
        {more.error ? <p role="alert">The next disputes could not be loaded: {more.error}</p> : null}
      </Section>
    </Page>
  );
}
