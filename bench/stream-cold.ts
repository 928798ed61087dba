import { readFileSync } from 'node:fs';
import { parseFastYaml } from '../src/core/zonefile/yaml-fast.js';
import { readWithYamlPackage } from '../src/core/zonefile/yaml-package.js';
import { readYamlZone, YamlZoneReader } from '../src/core/zonefile/yaml-reader.js';

/**
 * One cold read of one zone file, as the CLI does it once per run: streamed (the shipped way) or
 * the whole tree first. Prints ms and peak RSS. bench/micro.ts --cold runs it alternated.
 *   npx tsx bench/stream-cold.ts stream|tree FILE ORIGIN
 */
const [mode, file, origin] = process.argv.slice(2) as [string, string, string];
const text = readFileSync(file, 'utf8');
const t0 = performance.now();
if (mode === 'stream') readYamlZone(text, file, origin, {}, readWithYamlPackage);
else {
  const fast = parseFastYaml(text);
  const reader = new YamlZoneReader(file, origin, []);
  if (fast.ok && fast.root) reader.read(fast.root);
  reader.result();
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
