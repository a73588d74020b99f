// Lint rules: typescript-eslint's recommended set, type-aware where a mistake hides in types
// (a promise nobody awaits, an await on something that is not one), and no unused code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', '.scratch/', '.loadlab/', 'test/fixtures/scenarios/syntax-error.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // terminal output is matched with its escape codes
      'no-control-regex': 'off',
    },
  },
  // the HTML report's script runs in a browser: its own project (lib dom, no Node types)
  {
    files: ['src/render/common/browser/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.browser.json', tsconfigRootDir: import.meta.dirname } },
  },
  // files of one job each: a source file that grows past 300 lines is doing two
  { files: ['src/**/*.ts'], rules: { 'max-lines': ['error', { max: 300 }] } },
  // a test's fake may be async without awaiting: it stands in for an async interface
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/require-await': 'off' } },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['eslint.config.js'], languageOptions: { sourceType: 'module' } },
  // the example apps are ES modules; the Bun one uses Bun's globals
  {
    files: ['examples/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { URL: 'readonly', Response: 'readonly', Bun: 'readonly' } },
  },
);
