// Lint keeps the dispute core pure: protocol rules, the state machine and the working-day
// calendar must not reach for the clock, the disk, the network, a database, Teams or React.
// `now` is always an argument, so the same code can be replayed from the audit trail.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const forbiddenInCore = {
  patterns: [
    { group: ['node:*'], message: 'The core has no I/O: take what you need as an argument.' },
    {
      group: [
        'fs',
        'fs/*',
        'path',
        'http',
        'https',
        'net',
        'child_process',
        'os',
        'crypto',
        'pg',
        'pg-*',
        '@electric-sql/*',
        'kysely',
        'botbuilder*',
        '@microsoft/*',
        'adaptivecards*',
        '@azure/*',
        'react',
        'react-*',
        '@fluentui/*',
        'pino',
        'pino-*',
        '../adapters/*',
        '../../adapters/*',
        '../app/*',
        '../../app/*',
        '../http/*',
        '../../http/*',
      ],
      message: 'The core has no I/O: adapters depend on the core, never the other way round.',
    },
  ],
};

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
);
