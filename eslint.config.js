import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impure = ['fs', 'fs/promises', 'net', 'dgram', 'http', 'https', 'child_process', 'process', 'os', 'dns', 'tls', 'worker_threads', 'cluster'];
const impurePaths = impure.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'src/core is pure: do I/O outside src/core and pass the result in.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.zonesync/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: impurePaths, patterns: [{ group: ['../providers/*', '../engine/*', '../commands/*', '../dns/*', '../render/*', '../config/*'], message: 'src/core imports only src/core.' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core is pure: pass environment values in.' }, { name: 'fetch', message: 'src/core is pure.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'src/core is pure: time is an argument.' }],
    },
  },
);
