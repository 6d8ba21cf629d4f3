// The tab's shell: find the host (Teams, Outlook, or a plain browser), sign in, load what every
// view needs, then show the page for the address, with a skip link, the navigation and a live
// region for results.
import {
  FluentProvider,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  typographyStyles,
  type Theme,
} from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { answer, api, ApiError, setSignIn } from './api/api-client.ts';
import type { MeView, ProtocolDetail, UserView } from './api/schema.ts';
import { ThemeContext } from './chart-colours.ts';
import { refreshServerClock, setDevClock } from './clock.ts';
import { AppNav } from './components/app-nav.tsx';
import { Page } from './components/page.tsx';
import { devUserKey, PersonSwitcher } from './components/person-switcher.tsx';
import { RouteLink } from './components/route-link.tsx';
import {
  detectHost,
  hostToken,
  noHost,
  onHostThemeChange,
  type HostInfo,
  type HostTheme,
} from './host/teams-host.ts';
import { browserSignIn } from './host/browser-sign-in.ts';
import { deepLinkedPath } from './host/deep-link-route.ts';
import type { TokenSource } from './host/token-source.ts';
import { navigate, parseRoute, useLocation, type Route } from './router.ts';
import { SessionContext, type KnownPerson, type Session } from './session.tsx';
import { AdminView } from './views/admin-view.tsx';
import { ConfigureView } from './views/configure-view.tsx';
import { DisputeListView } from './views/dispute-list-view.tsx';
import { DisputePage } from './views/dispute-page.tsx';
import { RaiseView } from './views/raise-view.tsx';
import { AddinRaiseView } from './views/addin-raise-view.tsx';
import { nestedAppToken } from './host/nested-app-auth.ts';
import { keepOnlyFlashOf } from './flash.ts';
import { MeetingView } from './views/meeting-view.tsx';

// Recharts is large and only the reports need it: it loads when they are opened.
const ReportsView = lazy(() => import('./views/reports-view.tsx').then((m) => ({ default: m.ReportsView })));

const themes: Record<HostTheme, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

const useStyles = makeStyles({
  provider: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  skip: {
    position: 'absolute',
    left: '8px',
    top: '-48px',
    zIndex: 10,
    padding: '8px 16px',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    border: `2px solid ${tokens.colorStrokeFocus2}`,
    borderRadius: tokens.borderRadiusMedium,
    ':focus': { top: '8px' },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '12px',
    padding: '10px 24px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { display: 'flex', flexDirection: 'column' },
  appName: { ...typographyStyles.subtitle2, margin: 0, color: tokens.colorBrandForeground1 },
  council: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  who: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, textAlign: 'right' },
  main: { padding: '20px 24px 48px', maxWidth: '1240px', margin: '0 auto', ':focus': { outline: 'none' } },
  // A meeting's side panel is 320 px wide: every pixel counts.
  mainCompact: { padding: '12px 8px 32px' },
  headerCompact: { padding: '6px 8px' },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

type Boot =
  | { phase: 'starting' }
  | { phase: 'choose-person' }
  | { phase: 'failed'; title: string; message: string }
  | { phase: 'ready'; me: MeView; protocols: ProtocolDetail[]; people: Map<string, KnownPerson> };

/**
 * In a plain browser with Entra sign-in configured: sign in (or finish signing in) with MSAL and
 * return the tokens; null when the server offers no browser sign-in. A failure is kept for the
 * first API call to report, as a host's would be.
 */
async function browserTokens(): Promise<TokenSource | null> {
  try {
    const settings = await answer(api.GET('/api/sign-in-settings'));
    if (!settings.msal) return null;
    return await browserSignIn(settings.msal, (path) => navigate(path, { replace: true }));
  } catch (e) {
    const failure = e instanceof Error ? e : new Error(String(e));
    return { getToken: () => Promise.reject(failure) };
  }
}

/** The people to choose from when the server runs with development sign-in; null when it does not. */
async function devSignInPeople(): Promise<KnownPerson[] | null> {
  try {
    return await answer(api.GET('/api/dev/people'));
  } catch {
    return null;
  }
}

async function loadSession(
  devPeople: KnownPerson[],
): Promise<{ me: MeView; protocols: ProtocolDetail[]; people: Map<string, KnownPerson> }> {
  const [me, summaries, directory] = await Promise.all([
    answer(api.GET('/api/me')),
    answer(api.GET('/api/protocols')),
    answer(api.GET('/api/directory/users', { params: { query: { limit: 100 } } })).catch(
      () => [] as UserView[],
    ),
  ]);
  const protocols = await Promise.all(
    summaries.map((p) => answer(api.GET('/api/protocols/{id}', { params: { path: { id: p.id } } }))),
  );
  const people = new Map<string, KnownPerson>();
  for (const p of [...devPeople, ...directory, me])
    people.set(p.id, { id: p.id, name: p.name, jobTitle: p.jobTitle });
  return { me, protocols, people };
}

function RouteView(props: { route: Route }) {
  const { route } = props;
  // The notice after raising is said once: leaving the new dispute for any other page drops it.
  const disputeId = route.name === 'dispute' ? route.id : null;
  useEffect(() => {
    keepOnlyFlashOf(disputeId);
  }, [disputeId]);
  switch (route.name) {
    case 'awaiting-me':
    case 'raised-by-me':
    case 'copied-to-me':
      return <DisputeListView key={route.name} view={route.name} />;
    case 'team':
      return <DisputeListView key={`team-${route.team}`} view="team" team={route.team} />;
    case 'dispute':
      return <DisputePage key={route.id} id={route.id} />;
    case 'raise':
      return <RaiseView />;
    case 'reports':
      return (
        <Suspense fallback={<Spinner size="small" label="Loading the reports…" />}>
          <ReportsView />
        </Suspense>
      );
    case 'admin':
      return <AdminView />;
    case 'configure':
      return <ConfigureView />;
    case 'meeting':
      return <MeetingView key={route.id} id={route.id} />;
    case 'addin':
      return <AddinRaiseView />;
    case 'unknown':
      return (
        <Page title="Page not found" intro={`There is no page at ${route.path} in CP Disputes.`}>
          <p>
            <RouteLink to="/">Go to your disputes</RouteLink>
          </p>
        </Page>
      );
  }
}

export function App() {
  const s = useStyles();
  const [host, setHost] = useState<HostInfo | null>(null);
  const [theme, setTheme] = useState<HostTheme>('default');
  const [devMode, setDevMode] = useState(false);
  const [devPeople, setDevPeople] = useState<KnownPerson[]>([]);
  const [devUser, setDevUser] = useState<string | null>(() => window.localStorage.getItem(devUserKey));
  const [boot, setBoot] = useState<Boot>({ phase: 'starting' });
  const browserTokenSource = useRef<TokenSource | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announceTimer = useRef<number | undefined>(undefined);
  const location = useLocation();
  const route = parseRoute(location);
  // Opened as the Outlook add-in's task pane: it signs in through Outlook even after moving on to
  // the dispute it raised.
  const [addinPane] = useState(() => parseRoute(window.location.pathname).name === 'addin');

  // 1. The host and the way of signing in.
  useEffect(() => {
    void (async () => {
      // The Outlook add-in's pane is not a teams-js host: Office.js speaks for Outlook there.
      const [h, devPeopleOrNull] = await Promise.all([addinPane ? noHost : detectHost(), devSignInPeople()]);
      const dev = devPeopleOrNull !== null;
      // Outside Teams, ?theme=dark or ?theme=contrast previews the host themes.
      const preview = new URLSearchParams(window.location.search).get('theme');
      setTheme(!h.inHost && (preview === 'dark' || preview === 'contrast') ? preview : h.theme);
      onHostThemeChange(setTheme);
      setDevMode(dev);
      setDevClock(dev);
      if (devPeopleOrNull) setDevPeople(devPeopleOrNull);
      // A deep link from a card or a message: Teams passes the dispute as the sub-page id.
      const linked = deepLinkedPath(h.subPageId, window.location.pathname);
      if (linked) navigate(linked, { replace: true });
      // A plain browser (a link in an email): sign in with Entra ID, back at the page the link named.
      // Not the Outlook add-in's task pane (/tab/addin): Outlook signs in there, and a redirect would
      // take the pane away from the email.
      if (!h.inHost && !dev && !addinPane) browserTokenSource.current = await browserTokens();
      setHost(h);
    })();
  }, []);

  // 2. Sign in and load what every view needs; again whenever the dev person changes.
  useEffect(() => {
    if (!host) return;
    if (devMode) {
      setSignIn(async (): Promise<Record<string, string>> => (devUser ? { 'x-dev-user': devUser } : {}));
      if (!devUser) return setBoot({ phase: 'choose-person' });
    } else if (addinPane) {
      // Outlook signs the person in for the add-in (Nested App Authentication).
      setSignIn(async () => {
        try {
          return { authorization: `Bearer ${await nestedAppToken()}` };
        } catch (e) {
          throw new ApiError(
            401,
            `Outlook could not sign you in to CP Disputes (${(e as Error).message}). If this is the first time, your administrator may need to grant consent to the app.`,
            'host-token',
            undefined,
            [],
          );
        }
      });
    } else if (host.inHost) {
      setSignIn(async () => {
        try {
          return { authorization: `Bearer ${await hostToken()}` };
        } catch (e) {
          throw new ApiError(
            401,
            `${host.hostName ?? 'Teams'} could not sign you in to CP Disputes (${(e as Error).message}). If this is the first time, your administrator may need to grant consent to the app.`,
            'host-token',
            undefined,
            [],
          );
        }
      });
    } else if (browserTokenSource.current) {
      const tokens = browserTokenSource.current;
      setSignIn(async () => {
        try {
          return { authorization: `Bearer ${await tokens.getToken()}` };
        } catch (e) {
          throw new ApiError(
            401,
            `CP Disputes could not sign you in with your Microsoft account (${(e as Error).message}). Try again, or open CP Disputes from Teams.`,
            'browser-token',
            undefined,
            [],
          );
        }
      });
    } else {
      setSignIn(async () => ({}));
    }
    setBoot({ phase: 'starting' });
    let cancelled = false;
    loadSession(devPeople)
      .then((loaded) => {
        if (cancelled) return;
        void refreshServerClock();
        setBoot({ phase: 'ready', ...loaded });
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        const status = e instanceof ApiError ? e.status : 0;
        if (devMode && status === 401) {
          window.localStorage.removeItem(devUserKey);
          setDevUser(null);
          return;
        }
        setBoot({
          phase: 'failed',
          title: status === 401 ? 'You are not signed in' : 'CP Disputes could not start',
          message:
            e instanceof ApiError && (e.code === 'host-token' || e.code === 'browser-token')
              ? e.message
              : status === 401
                ? host.inHost
                  ? `${host.hostName ?? 'Teams'} signed you in, but the CP Disputes server did not accept it. Ask your administrator to check the app's single sign-on set-up. (${(e as Error).message})`
                  : browserTokenSource.current
                    ? `You signed in, but CP Disputes did not accept it: ${(e as Error).message}`
                    : addinPane // Outlook's pane (not a teams-js host): Outlook did sign them in
                      ? `Outlook signed you in, but CP Disputes did not accept it: ${(e as Error).message}`
                      : 'Open CP Disputes from Teams or Outlook to sign in.'
                : (e as Error).message,
        });
      });
    return () => {
      cancelled = true;
    };
  }, [host, devMode, devUser, devPeople, addinPane]);

  const announce = useCallback((message: string) => {
    window.clearTimeout(announceTimer.current);
    setAnnouncement('');
    announceTimer.current = window.setTimeout(() => setAnnouncement(message), 60);
  }, []);

  const session: Session | null = useMemo(
    () =>
      boot.phase === 'ready' && host
        ? { me: boot.me, devMode, host, protocols: boot.protocols, people: boot.people, announce }
        : null,
    [boot, devMode, host, announce],
  );

  const chooseDevUser = (id: string) => {
    window.localStorage.setItem(devUserKey, id);
    setDevUser(id);
    announce(`Signed in as ${devPeople.find((p) => p.id === id)?.name ?? id}.`);
  };

  return (
    <ThemeContext.Provider value={themes[theme]}>
      <FluentProvider theme={themes[theme]}>
        {/* Layout styles on a div of our own: FluentProvider passes its class to every portal (menus, lists). */}
        <div className={s.provider}>
          <a href="#main" className={s.skip}>
            Skip to main content
          </a>
          <header className={route.name === 'meeting' ? mergeClasses(s.header, s.headerCompact) : s.header}>
            <div className={s.brand}>
              <p className={s.appName}>CP Disputes</p>
              <span className={s.council}>Child protection dispute resolution</span>
            </div>
            {devMode ? (
              <PersonSwitcher people={devPeople} value={devUser} onChange={chooseDevUser} />
            ) : session ? (
              <span className={s.who}>
                Signed in as {session.me.name}
                <br />
                {session.me.jobTitle}
              </span>
            ) : null}
          </header>
          {session && route.name !== 'meeting' && route.name !== 'addin' ? (
            <AppNav
              route={route}
              mayRaise={session.me.may.raiseUnder.length > 0}
              oversight={session.me.may.overseeAll}
            />
          ) : null}
          <main
            id="main"
            className={route.name === 'meeting' ? mergeClasses(s.main, s.mainCompact) : s.main}
            tabIndex={-1}
          >
            {boot.phase === 'starting' ? <Spinner size="small" label="Starting CP Disputes…" /> : null}
            {boot.phase === 'choose-person' ? (
              <Page
                title="Choose who you are"
                intro="This server runs with development sign-in. Choose a person from the directory in “Signed in as” at the top of the page to see CP Disputes as they would."
              />
            ) : null}
            {boot.phase === 'failed' ? (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{boot.title}</MessageBarTitle>
                  <br />
                  {boot.message}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {session ? (
              <SessionContext.Provider value={session}>
                <RouteView key={session.me.id} route={route} />
              </SessionContext.Provider>
            ) : null}
          </main>
          <div role="status" aria-live="polite" aria-atomic="true" className={s.visuallyHidden}>
            {announcement}
          </div>
        </div>
      </FluentProvider>
    </ThemeContext.Provider>
  );
}
