// A dispute this person may not see, or one that does not exist: the API says the same for both
// (403 tells nothing about what exists), and so does this page.
import { Page } from '../components/page.tsx';
import { RouteLink } from '../components/route-link.tsx';

export function NotAvailable(props: { what?: string }) {
  return (
    <Page
      title="Not available"
      intro={`${props.what ?? 'This dispute'} is not available to you. It may not exist, or you may not be one of the people involved in it.`}
    >
      <p>
        If you think you should be able to see it, ask the chair who raised it to check who is named on it.{' '}
        <RouteLink to="/">Go to your disputes</RouteLink>.
      </p>
    </Page>
  );
}
