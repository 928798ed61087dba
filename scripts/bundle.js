// Bundles the compiled commands (dist/commands/**/*.js, from tsc) and @oclif/core into one CommonJS
// file, dist/bundle/cli.cjs, so a command starts by reading one file instead of ~440, and so
// bin/run.js can compile it through V8's code cache (src/cli/bundle-loader.ts; the cache is made
// by scripts/code-cache.js). It exports:
//   oclif      the bundled @oclif/core: the one copy that runs the commands and that they extend
//   COMMANDS   each command, for oclif's `explicit` command discovery (package.json oclif.commands);
//              a getter, so a command's modules (and the SDKs they require) are initialised only
//              when that command runs. Provider modules stay lazy too: esbuild initialises the
//              target of each import() (src/providers/registry.ts) on first use.
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const commands = join(root, 'dist/commands');
const out = join(root, 'dist/bundle');
const staging = `${out}.tmp`;

// Left in node_modules: the SDKs are large and read only by their provider's modules. The help and
// autocomplete plugins import their own @oclif/core from node_modules; they need no instanceof
// across the two copies (test/cli/help.test.ts runs them).
const external = ['@aws-sdk/*', '@smithy/*', 'cloudflare', 'cloudflare/*', 'ts-node', 'typescript'];

// A topic is a folder: dist/commands/report/merge.js is the command `report merge` (id report:merge).
const files = readdirSync(commands, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split(sep).join('/'))
  .filter((f) => f.endsWith('.js'))
  .sort();
const ids = files.map((f) => f.replace(/\.js$/, '').replaceAll('/', ':'));
const entry = [
  "import * as oclif from '@oclif/core';",
  'export { oclif };',
  'export const COMMANDS = {};',
  ...files.map(
    (file, i) => `Object.defineProperty(COMMANDS, ${JSON.stringify(ids[i])}, { enumerable: true, get: () => require(${JSON.stringify(`./dist/commands/${file}`)}).default });`,
  ),
].join('\n');

// @oclif/core sorts each plugin's commands with localeCompare, whose first call loads ICU's
// collation data: ~8 ms of every run, spent ordering a few ASCII command ids. Code-unit order is
// the same for them (lowercase letters, digits, `:` and `-`). The build fails if the line changes.
const oclifPluginSort = {
  name: 'oclif-plugin-sort',
  setup(build) {
    build.onLoad({ filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const sort = '.sort((a, b) => a.id.localeCompare(b.id))';
      if (!source.includes(sort)) throw new Error(`${args.path}: the command sort to replace is gone; update scripts/bundle.js`);
      return { contents: source.replace(sort, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'), loader: 'js' };
    });
  },
};

rmSync(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  stdin: { contents: entry, resolveDir: root, sourcefile: 'cli-entry.js', loader: 'js' },
  outfile: join(staging, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [oclifPluginSort],
});
// esbuild escapes non-ASCII in strings and names but not in comments or regular expressions. An
// ASCII bundle is read as a one-byte string (src/cli/bundle-loader.ts), half the memory of a
// two-byte one and no UTF-8 decoding; \uXXXX means the same in a comment, a string or a regex.
const bundleFile = join(staging, 'cli.cjs');
const ascii = readFileSync(bundleFile, 'utf8').replace(/[^\t\n\r -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// A function V8 reads from the code cache loses the script's dynamic-import callback (Node 20),
// so oclif's import() of plugins (help, autocomplete) failed: bin/run.js's bundle calls
// importESM, a parameter the loader passes (src/cli/bundle-loader.ts), instead.
const dynamicImports = ascii.match(/\bawait import\(/g)?.length ?? 0;
if (dynamicImports < 4) throw new Error(`dist/bundle/cli.cjs: expected oclif's dynamic imports to rewrite, found ${dynamicImports}; update scripts/bundle.js`);
writeFileSync(bundleFile, ascii.replace(/\bawait import\(/g, 'await importESM('));

rmSync(out, { recursive: true, force: true });
renameSync(staging, out);

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.cjs'));
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(`dist/bundle/cli.cjs: ${ids.length} commands, ${(bytes / 1024).toFixed(0)} KiB`);
