// Security headers on every response, with @fastify/helmet: nosniff, a referrer policy, HSTS in
// production (browsers must only ever reach the service over HTTPS), and one Content Security
// Policy written for the tab (React + Fluent UI, served from this origin) that also covers the API.
//
// The tab is shown in a frame by Teams, Outlook and the Microsoft 365 app; nobody else may frame it
// (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements). X-Frame-Options cannot
// name several hosts, so it is left off and frame-ancestors says who may frame.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const microsoftFrameHosts = [
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
  'https://outlook.live.com',
];

/** The CSP directives, as helmet takes them. Dev mode lets local hosts (the Agents Playground) frame the tab. */
export function tabCspDirectives(
  devMode: boolean,
  connectSources: readonly string[] = [],
): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    // The built tab is module scripts from /tab/assets: no inline script, no eval.
    'script-src': ["'self'"],
    // Fluent UI (Griffel) inserts its style rules at run time, and index.html has a small <style>.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    // The API is on this origin; Teams SSO and the host talk to the tab by postMessage, not fetch.
    // In a plain browser the tab signs in itself (MSAL): the Entra authority is connectSources.
    'connect-src': ["'self'", ...connectSources],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-src': ["'none'"],
    'frame-ancestors': [
      "'self'",
      ...microsoftFrameHosts,
      ...(devMode ? ['http://localhost:*', 'http://127.0.0.1:*'] : []),
    ],
  };
}

/** The same policy as one header value (the tab's files set it themselves). */
export function tabContentSecurityPolicy(devMode: boolean, connectSources: readonly string[] = []): string {
  return Object.entries(tabCspDirectives(devMode, connectSources))
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { production: boolean; devMode: boolean; connectSources?: readonly string[] },
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: tabCspDirectives(options.devMode, options.connectSources),
    },
    // frame-ancestors above decides who may frame the tab.
    xFrameOptions: false,
    // Teams' sign-in pop-up must be able to talk back to the tab.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    // Outlook and calendar apps fetch the .ics feed from their own origin.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    // Over plain HTTP (development on this machine) HSTS would be meaningless and sticky.
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xContentTypeOptions: true,
  });
}
