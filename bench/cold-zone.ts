import { readFileSync } from 'node:fs';
import { diffZones } from '../src/core/diff.js';
import { lintZone } from '../src/core/lint.js';
import { readWithYamlPackage } from '../src/core/zonefile/yaml-package.js';
import { readYamlZone } from '../src/core/zonefile/yaml-reader.js';

/**
 * One cold pass over one zone as a CLI plan makes it: read (readYamlZone), lint, diff against
 * itself. Prints ms per step. Run from a tree's root, so a variant tree's src is what runs:
 *   npx tsx bench/cold-zone.ts FILE ORIGIN
 * bench/micro.ts --cold-zone OTHER_TREE alternates this tree and OTHER_TREE in fresh processes.
 */
const [file, origin] = process.argv.slice(2) as [string, string];
const text = readFileSync(file, 'utf8');
const t0 = performance.now();
const { zone } = readYamlZone(text, file, origin, {}, readWithYamlPackage);
const t1 = performance.now();
lintZone(zone, { targets: ['local'] });
const t2 = performance.now();
diffZones(zone, { name: zone.name, rrsets: [...zone.rrsets] });
const t3 = performance.now();
process.stdout.write(`${JSON.stringify({ read: t1 - t0, lint: t2 - t1, diff: t3 - t2, total: t3 - t0 })}\n`);
