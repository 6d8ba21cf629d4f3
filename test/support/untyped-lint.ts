// ESLint's config for linting text that is not on disk (`lintText` with a made-up file path): the
// type-aware project service cannot open such a file and reports a parsing error instead of running the
// rules, so tests of syntax and import rules lint without type information.
import type { Linter } from 'eslint';

export const untyped: Linter.Config = {
  languageOptions: { parserOptions: { projectService: false } },
  rules: { '@typescript-eslint/no-floating-promises': 'off' },
};
