import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layers.js';

const impure = ['fs', 'fs/promises', 'net', 'dgram', 'http', 'https', 'child_process', 'process', 'os', 'dns', 'tls', 'worker_threads', 'cluster'];
const impurePaths = impure.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'src/core is pure: do I/O outside src/core and pass the result in.' }));
// Hashes and HMACs are pure; randomness is an argument.
const randomness = ['randomBytes', 'randomFill', 'randomFillSync', 'randomInt', 'randomUUID', 'getRandomValues', 'webcrypto', 'generateKey', 'generateKeySync', 'generateKeyPair', 'generateKeyPairSync', 'generatePrime', 'generatePrimeSync'];
const randomPaths = ['crypto', 'node:crypto'].map((name) => ({ name, importNames: randomness, message: 'src/core is pure: randomness is an argument.' }));

/**
 * The layer fence: which folders of src/ each folder may import (ARCHITECTURE.md, "Layers"),
 * bottom up. Imports are resolved against the importing file (eslint-rules/layers.js), so
 * nested folders and `../../x` are judged by where they land. Outside src/providers a provider
 * is seen through the files at its top (provider.ts, registry.ts, schemas.ts), never through a
 * provider's own folder. Tests (*.test.ts) are exempt: they put the layers together.
 */
const BELOW_DNS = ['core', 'lib', 'io'];
const PROVIDER_SURFACE = 'providers/*.ts';
// With the provider table: each provider's descriptor module (index.ts: type, schema, capabilities; its client loads lazily).
const CONFIG_SCHEMAS = ['providers/schemas.ts', 'providers/table.ts', 'providers/provider.ts', 'providers/*/index.ts', 'providers/*/config.ts', 'providers/*/capabilities.ts', 'registrars/config.ts'];
const LAYERS = [
  // The config schemas of providers and registrars are zod-only leaves that config/load checks
  // zonesync.yaml against: they import nothing above core, so config may import them.
  // A descriptor (index.ts) reaches its provider class only by a lazy import() in create() (the
  // fence refuses a static one); NS1's capabilities name its convert table's types.
  { from: CONFIG_SCHEMAS, allow: ['core', 'lib', 'dns/nameserver.ts', ...CONFIG_SCHEMAS, 'providers/ns1/convert.ts'], lazy: ['providers/*/provider.ts'] },
  { from: 'lib', allow: ['lib'] },
  { from: 'core', allow: ['core'] },
  { from: 'io', allow: ['io', 'core', 'lib'] },
  { from: 'dns', allow: ['dns', ...BELOW_DNS] },
  { from: 'config', allow: ['config', ...BELOW_DNS, ...CONFIG_SCHEMAS] },
  { from: 'providers', allow: ['providers', ...BELOW_DNS, 'dns', 'config'] },
  // Route 53 Domains shares the AWS error classes and backoff with Route 53 (providers/shared/aws.ts).
  { from: 'registrars', allow: ['registrars', ...BELOW_DNS, 'dns', 'config', PROVIDER_SURFACE, 'providers/shared/aws.ts'] },
  { from: 'verify', allow: ['verify', ...BELOW_DNS, 'dns', 'config', PROVIDER_SURFACE] },
  // JSON Schemas made from the zod schemas of config and zone files (scripts/schemas.ts writes schema/).
  { from: 'schema', allow: ['schema', ...BELOW_DNS, 'config', ...CONFIG_SCHEMAS] },
  // `zonesync fmt`: reads and rewrites zone files (a use case beside engine).
  { from: 'format', allow: ['format', ...BELOW_DNS, 'config'] },
  { from: 'engine', allow: ['engine', ...BELOW_DNS, 'dns', 'config', PROVIDER_SURFACE, 'registrars', 'verify'] },
  // Render turns reports into strings: no I/O, so not io.
  { from: 'render', allow: ['render', 'core', 'lib', 'dns', 'config', PROVIDER_SURFACE, 'verify', 'engine', 'format'] },
  { from: 'cli', allow: ['cli', ...BELOW_DNS, 'dns', 'config', PROVIDER_SURFACE, 'registrars', 'verify', 'engine', 'format', 'render'] },
  { from: 'commands', allow: ['commands', ...BELOW_DNS, 'dns', 'config', PROVIDER_SURFACE, 'registrars', 'verify', 'engine', 'format', 'schema', 'render', 'cli'] },
];

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
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { zonesync: { rules: { layers } } },
    rules: { 'zonesync/layers': ['error', { root: 'src', layers: LAYERS }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...impurePaths, ...randomPaths] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core is pure: pass environment values in.' }, { name: 'fetch', message: 'src/core is pure.' }, { name: 'crypto', message: 'src/core is pure: randomness is an argument.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/core is pure: time is an argument.' },
        { object: 'Math', property: 'random', message: 'src/core is pure: randomness is an argument.' },
        { object: 'performance', property: 'now', message: 'src/core is pure: time is an argument.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core is pure: time is an argument (new Date(x) of a given time is fine).' },
        { selector: "CallExpression[callee.name='Date']", message: 'src/core is pure: time is an argument.' },
      ],
    },
  },
);
