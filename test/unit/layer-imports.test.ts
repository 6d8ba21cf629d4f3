// Lint that proves the rules (issue 15 item 8): the import rules in eslint.config.js are what keeps the
// core pure and the layers pointing one way (core < app < adapters and front doors < composition root).
// A rule that silently stops matching (a renamed folder, a glob that no longer fits a deeper file) would
// let the tree rot with lint still green, so each rule is run here on a file that breaks it.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { untyped } from '../support/untyped-lint.ts';

const root = join(import.meta.dirname, '..', '..');
// Without type information: these rules read import strings only, and the type-aware project service
// cannot open a file that is not on disk (it would report a parsing error instead of the rule).
const eslint = new ESLint({ cwd: root, overrideConfig: [untyped] });

/** The messages of `ruleId` for `code` linted as if it were the file `file` (which need not exist). */
async function reports(file: string, code: string, ruleId = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
const importing = (specifier: string) => `import * as m from '${specifier}';\nexport const used = m;\n`;

describe('the core has no I/O and depends on nothing outside src/core', () => {
  const coreFile = 'src/core/dispute/example.ts';

  it.each([
    'node:fs',
    'fs',
    'fs/promises',
    'node:worker_threads',
    'worker_threads',
    'node:dns',
    'node:test', // exists only with the prefix, so not in builtinModules
    'pg',
    'pino',
    'botbuilder',
    '@microsoft/microsoft-graph-client',
    'some-package-nobody-has-checked',
    '../../adapters/sql/sql-dispute-store.ts',
    '../../app/dispute-writer.ts',
    '../../app/ports/clock.ts',
    '../../http/server.ts',
    '../../config.ts',
    '../../protocols/builtin-protocols.ts',
    '../../start-app.ts',
    '../../../bot/teams-bot.ts',
  ])('a core file importing %s is reported', async (specifier) => {
    expect(await reports(coreFile, importing(specifier))).toHaveLength(1);
  });

  it('a core file deeper in the tree is held to the same rule', async () => {
    expect(
      await reports('src/core/dispute/family/example.ts', importing('../../../adapters/sql/x.ts')),
    ).toHaveLength(1);
  });

  it.each([
    'zod',
    'luxon',
    'date-holidays',
    'yaml',
    '../calendar/working-day-calendar.ts',
    './dispute-state.ts',
  ])('a core file may import %s', async (specifier) => {
    expect(await reports(coreFile, importing(specifier))).toEqual([]);
  });
});

describe('no layer imports a layer above it', () => {
  it.each([
    ['src/app/example.ts', '../adapters/sql/write-probe.ts'],
    ['src/app/example.ts', '../http/server.ts'],
    ['src/app/example.ts', '../../bot/teams-bot.ts'],
    ['src/app/example.ts', '../telemetry/otel-metrics.ts'],
    ['src/app/example.ts', '@opentelemetry/api'],
    ['src/app/example.ts', 'pg'],
    ['src/app/example.ts', '../start-app.ts'],
    ['src/adapters/sql/example.ts', '../../http/error-mapping.ts'],
    ['src/adapters/sql/example.ts', '../../../bot/teams-bot.ts'],
    ['src/adapters/sql/example.ts', '../../integrations.ts'],
    ['src/http/example.ts', '../../bot/teams-bot.ts'],
    ['src/http/routes/example.ts', '../../start-app.ts'],
    ['bot/example.ts', '../src/start-app.ts'],
    ['bot/example.ts', '../src/http/request-schemas.ts'],
    ['bot/routes/example.ts', '../../src/http/server.ts'],
  ])('%s importing %s is reported', async (file, specifier) => {
    expect(await reports(file, importing(specifier))).toHaveLength(1);
  });

  it.each([
    ['src/app/example.ts', './ports/clock.ts'],
    ['src/app/example.ts', '../core/dispute/decide.ts'],
    ['src/adapters/sql/example.ts', '../../app/ports/dispute-store.ts'],
    ['src/adapters/sql/example.ts', '../../core/dispute/dispute-events.ts'],
    ['src/http/example.ts', '../app/person-disputes.ts'],
    ['bot/example.ts', '../src/app/person-disputes.ts'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await reports(file, importing(specifier))).toEqual([]);
  });
});

describe('a promise is awaited or deliberately let go', () => {
  // Running the type-aware rule needs the whole TypeScript program (tens of seconds), and `npm run lint`
  // runs it on every file anyway; what can silently break is the config's scope, so that is checked here.
  it.each([
    'src/app/example.ts',
    'src/core/dispute/example.ts',
    'bot/example.ts',
    'test/unit/example.test.ts',
    'tab/src/example.tsx',
  ])('no-floating-promises runs with type information on %s', async (file) => {
    const config = await new ESLint({ cwd: root }).calculateConfigForFile(join(root, file));
    expect(config.rules['@typescript-eslint/no-floating-promises']).toEqual([2]);
    expect(config.languageOptions.parserOptions.projectService).toBe(true);
  });
});
