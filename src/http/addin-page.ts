// The Outlook add-in's task pane (/tab/addin) is the tab's page with Microsoft's Office.js in its
// head, as Office add-ins must load it (learn.microsoft.com/office/dev/add-ins/develop/referencing-the-javascript-api-for-office-library-from-its-cdn).
// Only this page may run a script from Microsoft's CDN: every other page keeps script-src 'self'.

export const officeJsUrl = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const officeJsOrigin = new URL(officeJsUrl).origin;

/**
 * The tab's policy (a header value) with Office.js's CDN, which also serves the scripts office.js
 * loads, added to script-src: whatever else the tab's policy allows, this page allows too.
 */
export function addinContentSecurityPolicy(tabPolicy: string): string {
  return tabPolicy
    .split(/;\s*/)
    .map((directive) => (/^script-src(\s|$)/.test(directive) ? `${directive} ${officeJsOrigin}` : directive))
    .join('; ');
}

/** index.html with Office.js loaded in its head, before the app's own module script runs. */
export function withOfficeJs(indexHtml: string): string {
  const tag = `<script src="${officeJsUrl}"></script>`;
  return indexHtml.includes('</head>') ? indexHtml.replace('</head>', `${tag}\n  </head>`) : tag + indexHtml;
}
