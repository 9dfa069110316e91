// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/.tmp-*',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'apps/web/**',
      'test/architecture/fixtures/**',
      '.data/**',
      'bench/results/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
      // Application code talks to carriers and mail only through ports.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../../libs/*', '../../libs/*'],
              message: 'Import another library through @app/<lib>.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    files: ['test/**', 'bench/**', '**/*.spec.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
