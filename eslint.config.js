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
);
