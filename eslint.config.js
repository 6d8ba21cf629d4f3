// Lint keeps the dispute core pure: protocol rules, the state machine and the working-day
// calendar must not reach for the clock, the disk, the network, a database, Teams or React.
// `now` is always an argument, so the same code can be replayed from the audit trail.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Every module Node itself provides, in both spellings (`fs` and `node:fs`), taken from Node rather than
 * written out: a hand-written list missed `worker_threads`, `dns`, `stream` and the rest.
 */
const bareBuiltins = builtinModules.filter((name) => !name.startsWith('node:'));
// Node 24 also lists the modules that exist only with the prefix (node:sqlite, node:test), with it;
// Node 20 and 22 leave them out (the pattern below catches those).
const builtinNames = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '')))];
const nodeBuiltins = [
  ...new Set([
    ...bareBuiltins,
    ...builtinModules.map((name) => (name.startsWith('node:') ? name : `node:${name}`)),
  ]),
];

/**
 * The project's own modules that do I/O or sit above the core: configuration and the environment, the
 * protocol files on disk, the adapters, the application services, the front doors (HTTP, bot, CLI),
 * telemetry and the composition root. Matched by folder or file name so the depth of the importing file
 * does not matter (`../adapters/x` and `../../adapters/x` alike).
 */
const projectIoModules = [
  '**/config.ts',
  '**/councils-file.ts',
  '**/integrations.ts',
  '**/start-app.ts',
  '**/main.ts',
  '**/protocols/**',
  '**/adapters/**',
  '**/app/**',
  '**/http/**',
  '**/contract/**',
  '**/cli/**',
  '**/telemetry/**',
  '**/bot/**',
  '**/tab/**',
];

/**
 * The libraries the core may use: pure functions over values (validation, dates, the bank-holiday
 * tables, YAML text to data). Anything else is refused until someone checks it does no I/O and adds it.
 */
const pureLibraries = ['zod', 'luxon', 'date-holidays', 'yaml'];

const coreHasNoIo = 'The core has no I/O: take what you need as an argument.';
const forbiddenInCore = {
  paths: nodeBuiltins.map((name) => ({ name, message: coreHasNoIo })),
  patterns: [
    // The modules that exist only with the prefix (node:test, node:sqlite) are not in builtinModules.
    { regex: `^node:(?!(${builtinNames.join('|')})$)`, message: coreHasNoIo },
    {
      group: projectIoModules,
      message: 'The core depends on nothing outside src/core: adapters and services depend on the core.',
    },
    {
      // A package (not a relative path) that is neither a pure library nor a Node module (those above).
      regex: `^(?![./]|node:)(?!(${[...pureLibraries, ...bareBuiltins].join('|')})(/|$))`,
      message: `The core uses only pure libraries (${pureLibraries.join(', ')}): anything else may do I/O.`,
    },
  ],
};

/**
 * Layers, lowest first: core < application (src/app, with its ports) < adapters and front doors
 * (src/adapters, src/http, bot/) < the composition root (start-app, integrations, main, cli). An import
 * may point down, never back up: each group below is what a layer may not import.
 */
const compositionRoot = ['**/start-app.ts', '**/integrations.ts', '**/main.ts', '**/cli/**'];
const layerRules = {
  app: [
    { group: ['**/adapters/**'], message: 'The application reaches adapters only through its ports.' },
    { group: ['**/http/**', '**/bot/**'], message: 'The application knows no front door (HTTP, bot).' },
    {
      group: ['**/telemetry/**', '@opentelemetry/*', '@azure/*'],
      message: 'The application records metrics through its ports (app-metrics), not a telemetry SDK.',
    },
    {
      group: ['pg', 'pg-*', '@electric-sql/*', 'botbuilder*', 'fastify', '@fastify/*', '@microsoft/*'],
      message: 'The application reaches databases, Teams and Graph only through its ports.',
    },
    {
      group: compositionRoot,
      message: 'The composition root wires the application, not the other way round.',
    },
  ],
  adapters: [
    { group: ['**/http/**', '**/bot/**'], message: 'An adapter serves the application, not a front door.' },
    { group: compositionRoot, message: 'The composition root wires the adapters, not the other way round.' },
  ],
  http: [
    { group: ['**/bot/**'], message: 'The HTTP front door does not depend on the bot.' },
    { group: compositionRoot, message: 'The composition root wires the routes, not the other way round.' },
  ],
  bot: [
    {
      group: ['**/src/http/**'],
      message: "The bot shares the contract, not the HTTP front door's internals.",
    },
    { group: compositionRoot, message: 'The composition root wires the bot, not the other way round.' },
  ],
};
const restrictImports = (patterns) => ['error', { patterns }];

/**
 * A date on a child's record is the Europe/London date of the instant (SEEDS.md "Dates on the record";
 * issue 12 item 1): slicing an ISO instant gives its UTC date, which is the day before for anything
 * between midnight and 01:00 BST. Use londonDateOf (src/core/calendar) or the tab's londonDay.
 * test/unit/london-dates.test.ts proves each selector fires.
 */
export const noSlicedDates = [
  {
    selector:
      'CallExpression[callee.property.name=/^(slice|substring|substr)$/][arguments.0.value=0][arguments.1.value=10]',
    message:
      "A date taken by slicing an ISO instant is its UTC date: use londonDateOf (src/core/calendar) or the tab's londonDay.",
  },
  {
    selector: "CallExpression[callee.property.name='split'][arguments.0.value='T']",
    message:
      'A date taken by splitting an ISO instant at "T" is its UTC date: use londonDateOf (src/core/calendar) or the tab\'s londonDay.',
  },
  {
    selector:
      "CallExpression[callee.property.name=/^(slice|substring|substr|split)$/][callee.object.callee.property.name='toISOString']",
    message: 'toISOString() is UTC: a date cut from it is the UTC date. Use londonDateOf or londonDay.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'tab/dist/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The tab runs in a browser (Teams, Outlook, or a plain tab): browser globals, not Node's; JSX
    // through React's automatic runtime.
    files: ['tab/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The tab runs in a browser: there is no process.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/src/core/*', '**/src/app/*', '**/src/http/*'],
              message: 'The tab talks to the server only through the REST API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbiddenInCore],
      'no-restricted-globals': [
        'error',
        {
          name: 'Date',
          message: 'The core has no clock: `now` is an argument (use luxon on a given instant).',
        },
        { name: 'process', message: 'The core reads no environment.' },
        { name: 'fetch', message: 'The core has no I/O.' },
        { name: 'setTimeout', message: 'The core has no timers.' },
        { name: 'console', message: 'The core does not log: return data instead.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'DateTime', property: 'now', message: 'The core has no clock: `now` is an argument.' },
        { object: 'Math', property: 'random', message: 'The core is deterministic.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'bot/**/*.ts', 'tab/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', ...noSlicedDates] },
  },
  { files: ['src/app/**/*.ts'], rules: { 'no-restricted-imports': restrictImports(layerRules.app) } },
  {
    files: ['src/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports(layerRules.adapters) },
  },
  { files: ['src/http/**/*.ts'], rules: { 'no-restricted-imports': restrictImports(layerRules.http) } },
  { files: ['bot/**/*.ts'], rules: { 'no-restricted-imports': restrictImports(layerRules.bot) } },
  {
    // Floating promises are unhandled rejections and writes that race the reply: the type-aware rule
    // needs the TypeScript program, so it runs on the TypeScript sources only (each file with its nearest
    // tsconfig: the tab's own for tab/src).
    files: ['{src,bot,test,scripts}/**/*.{ts,tsx}', 'tab/src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
