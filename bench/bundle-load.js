/**
 * What loading a tree's CLI bundle costs inside one process (no Node start-up, so a few ms show
 * through a loaded machine), and the first localeCompare after it (ICU's collation data, which
 * scripts/bundle.js keeps out of oclif's command sort). Prints JSON.
 *   node bench/bundle-load.js [TREE]    (TREE: a built tree, this one by default)
 * Alternate two trees in a shell loop to compare a bundle variant, e.g.
 *   for i in $(seq 9); do for t in . /tmp/variant; do echo "$t $(node bench/bundle-load.js $t)"; done; done
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const tree = resolve(process.argv[2] ?? '.');
const { loadCli } = await import(pathToFileURL(`${tree}/dist/cli/bundle-loader.js`).href);
const t0 = performance.now();
const bundle = loadCli();
const t1 = performance.now();
'a'.localeCompare('b');
const t2 = performance.now();
process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, cache: bundle.cache, firstLocaleCompareMs: t2 - t1 })}\n`);
