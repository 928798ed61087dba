// Writes oclif.manifest.json after a build, so a command starts without loading every other
// command (and the AWS SDK, listr2, … behind them). Same as `oclif manifest`, without its package.
// Run after scripts/bundle.js: it reads the bundled commands (package.json oclif.commands) with the
// bundled @oclif/core, the copy bin/run.js runs them with.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCli } from '../dist/cli/bundle-loader.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { oclif } = loadCli({ useCache: false }).exports;
const plugin = new oclif.Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`);
