// Bundles the compiled commands (dist/commands/*.js, from tsc) into dist/bundle/, so a command
// starts by reading a few dozen files instead of ~440 (@oclif/core and its dependencies, zod,
// yaml, diff and our own modules, one by one). What bin/run.js loads:
//   dist/bundle/oclif.js             @oclif/core, the one copy that runs the commands and that they extend
//   dist/bundle/commands/<name>.js   the commands (package.json oclif.commands)
//   dist/bundle/chunks/*.js          code they share, and each provider module, still imported on
//                                    first use (src/providers/registry.ts), so a run reads only its own
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const commands = join(root, 'dist/commands');
const out = join(root, 'dist/bundle');
const staging = `${out}.tmp`;

// Left in node_modules: the SDKs are large and read only by their provider's chunk. The help and
// autocomplete plugins import their own @oclif/core from node_modules; they need no instanceof
// across the two copies (test/cli/help.test.ts runs them).
const external = ['@aws-sdk/*', '@smithy/*', 'cloudflare', 'cloudflare/*', 'ts-node', 'typescript'];

rmSync(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [
    { in: createRequire(import.meta.url).resolve('@oclif/core'), out: 'oclif' },
    ...readdirSync(commands)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ in: join(commands, f), out: `commands/${f.replace(/\.js$/, '')}` })),
  ],
  outdir: staging,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // Bundled CommonJS (@oclif/core, yaml, dns-packet) calls require() for node built-ins and reads
  // __dirname in a few fallbacks; ESM has neither of its own.
  banner: { js: "import { createRequire as __zonesyncCreateRequire } from 'node:module'; const require = __zonesyncCreateRequire(import.meta.url);" },
  define: { __dirname: 'import.meta.dirname' },
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
rmSync(out, { recursive: true, force: true });
renameSync(staging, out);

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(`dist/bundle: ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB`);
