// A stand-in for the bridge Outlook gives an add-in for Nested App Authentication (NAA), for chromium
// tests: a classic script (playwright's page.addInitScript, so it is there before the page's own
// scripts) defining window.nestedAppAuthBridge as the host would. MSAL's nested client
// (createNestablePublicClientApplication) speaks to it and to nothing else; Entra ID is not reached.
//
// The shapes are MSAL's own, from node_modules/@azure/msal-browser/src/naa/ (v5):
//  - AuthBridge.ts: { addEventListener("message", cb), postMessage(string), removeEventListener };
//    the callback takes a string or { data: string };
//  - BridgeProxy.ts: MSAL listens for "message", then posts JSON.stringify(BridgeRequestEnvelope)
//    and matches each answer to its question by requestId (webBrokerBridge/PendingRequestRegistry.ts);
//    `success: true` resolves, otherwise the envelope's `error` (a BridgeError) rejects;
//  - BridgeRequestEnvelope.ts: { messageType: "NestedAppAuthRequest", method: "GetInitContext" |
//    "GetToken" (acquireTokenSilent) | "GetTokenPopup" (acquireTokenPopup), requestId, tokenParams }
//    with TokenRequest.ts's { clientId, scope, authority, correlationId, … } for the token methods;
//  - BridgeResponseEnvelope.ts: { messageType: "NestedAppAuthResponse", requestId, success,
//    initContext? (InitContext.ts: sdkName, sdkVersion, capabilities (BridgeCapabilities.ts),
//    accountContext (BridgeAccountContext.ts: homeAccountId, environment, tenantId)),
//    token? (TokenResponse.ts: access_token, id_token, expires_in, properties, scope, authority),
//    account? (AccountInfo.ts: homeAccountId, environment, tenantId, username, localAccountId, name),
//    error? (BridgeError.ts: status from BridgeStatusCode.ts, code, subError, description) }.
//  - mapping/NestedAppAuthAdapter.ts: a token answer needs both access_token and id_token (MSAL
//    reads the account's claims from the id token, unverified: the host vouches for it) and an
//    account with an environment.
// MSAL v5 has no GetActiveAccount method: the host says who is signed in through the init context's
// accountContext and each token answer's account.
//
// Every message MSAL posts is kept in window.__naaBridge.requests, so a test can see what was asked.

export interface NaaAccount {
  homeAccountId: string;
  environment: string;
  tenantId: string;
  username: string;
  localAccountId: string;
  name: string;
}

/** BridgeError.ts: why the host gave no token. */
export interface NaaBridgeError {
  status:
    | 'USER_INTERACTION_REQUIRED'
    | 'USER_CANCEL'
    | 'NO_NETWORK'
    | 'TRANSIENT_ERROR'
    | 'PERSISTENT_ERROR'
    | 'DISABLED'
    | 'ACCOUNT_UNAVAILABLE'
    | 'NESTED_APP_AUTH_UNAVAILABLE';
  code?: string;
  subError?: string;
  description?: string;
}

export type NaaTokenAnswer =
  | {
      token: { access_token: string; id_token: string; expires_in: number; scope: string };
      account: NaaAccount;
    }
  | { error: NaaBridgeError };

export interface NaaHost {
  /** InitContext.ts: the host's SDK, its capabilities, and who is signed in to Outlook. */
  initContext: {
    sdkName: string;
    sdkVersion: string;
    capabilities: { queryAccount?: boolean };
    accountContext?: { homeAccountId: string; environment: string; tenantId: string };
  };
  /** The answer to GetToken (silent). */
  silent: NaaTokenAnswer;
  /** The answer to GetTokenPopup (the host's sign-in or consent prompt). */
  popup: NaaTokenAnswer;
}

/** The stand-in's source: a classic script defining window.nestedAppAuthBridge for this host. */
export function naaBridgeStandIn(host: NaaHost): string {
  return `(() => {
  const host = ${JSON.stringify(host)};
  const record = { requests: [] };
  window.__naaBridge = record;
  const listeners = new Set();
  const answer = (envelope) => {
    const text = JSON.stringify({ messageType: 'NestedAppAuthResponse', ...envelope });
    // Asynchronously, as a host across a frame or process boundary answers.
    setTimeout(() => listeners.forEach((cb) => cb(text)), 5);
  };
  const tokenAnswer = (requestId, a) =>
    a.error
      ? answer({ requestId, success: false, error: a.error })
      : answer({ requestId, success: true, token: { ...a.token, properties: null }, account: a.account });
  window.nestedAppAuthBridge = {
    addEventListener(eventName, cb) { if (eventName === 'message') listeners.add(cb); },
    removeEventListener(eventName, cb) { listeners.delete(cb); },
    postMessage(message) {
      const request = JSON.parse(message);
      record.requests.push(request);
      if (request.messageType !== 'NestedAppAuthRequest') return;
      if (request.method === 'GetInitContext')
        return answer({ requestId: request.requestId, success: true, initContext: host.initContext });
      if (request.method === 'GetToken') return tokenAnswer(request.requestId, host.silent);
      if (request.method === 'GetTokenPopup') return tokenAnswer(request.requestId, host.popup);
      answer({ requestId: request.requestId, success: false,
        error: { status: 'PERSISTENT_ERROR', code: 'unsupported_method', description: request.method } });
    },
  };
})();`;
}
