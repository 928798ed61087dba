import { readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalIPv4 } from '../src/core/address.js';
import { canonicalName, checkedName } from '../src/core/name.js';
import { NameTypeIndex } from '../src/core/rrset-index.js';
import { parseFastYaml, resolvePlain } from '../src/core/zonefile/yaml-fast.js';
import { readWithYamlPackage } from '../src/core/zonefile/yaml-package.js';
import { readYamlZone, YamlZoneReader } from '../src/core/zonefile/yaml-reader.js';
import { readYamlTree } from '../src/core/zonefile/yaml-tree.js';
import { mapLimit } from '../src/lib/map-limit.js';
import type { RRset } from '../src/core/model.js';
import type { YNode } from '../src/core/zonefile/yaml-tree.js';
import { PLAN_CASES } from './cases/plan.js';
import { ensurePlanData } from './data.js';
import { median, ROOT, runProcess } from './measure.js';

/**
 * The micro-optimisation audit (#18): each hand-made shortcut against the plain way it replaces,
 * on a plan case's data (plan-10k: 10,000 records in 400 zone files), alternated in one process,
 * medians of `--rounds` rounds. A round does the whole data set once, so "gain" is what the
 * shortcut saves that plan. Run: npx tsx bench/micro.ts [--case plan-100k] [--rounds 21] [--only WORD]
 * --cold: the streamed zone read, cold, in a fresh process per read (bench/stream-cold.ts), on the
 * first zone file of the case (plan-10k-1zone: one zone of 10,000 records).
 * --cold-zone TREE: bench/cold-zone.ts (read, lint, diff of that zone, cold) run by this tree's src and
 * by TREE's (a variant checked out elsewhere), alternated in fresh processes.
 */

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '21' }, case: { type: 'string', default: 'plan-10k' }, only: { type: 'string' }, cold: { type: 'boolean', default: false }, 'cold-zone': { type: 'string' } } });
const rounds = Number(values.rounds);
const spec = PLAN_CASES[values.case];
if (!spec) throw new Error(`--case ${values.case}: one of ${Object.keys(PLAN_CASES).join(', ')}`);
const data = await ensurePlanData(join(ROOT, 'bench', 'data'), spec);
const files = Array.from({ length: spec.zones }, (_, z) => `z${String(z).padStart(5, '0')}.bench.test`).map((zone) => ({ origin: `${zone}.`, path: join(data.dir, 'zones', `${zone}.yaml`) }));
const texts = files.map((f) => ({ ...f, text: readFileSync(f.path, 'utf8') }));
const configText = readFileSync(data.noChangeConfig, 'utf8');
const zones = texts.map((t) => readYamlZone(t.text, t.path, t.origin, {}, readWithYamlPackage).zone);
const rrsets: RRset[] = zones.flatMap((z) => z.rrsets);
const owners = zones.flatMap((z) => z.rrsets.map((r) => [r.name === z.name ? '@' : r.name.slice(0, -z.name.length - 1), z.name] as const));
const scalars: string[] = [];
const collect = (node: YNode | undefined): void => {
  if (node?.kind === 'scalar') scalars.push(node.text);
  else if (node?.kind === 'seq') node.items.forEach(collect);
  else if (node?.kind === 'map') node.entries.forEach((e) => collect(e.value));
};
texts.forEach((t) => {
  const fast = parseFastYaml(t.text);
  if (fast.ok) collect(fast.root);
});
// resolvePlain without its shortcuts (a letter-led scalar, digits only, two dots): the same answers.
const NULL_WORDS = new Set(['null', 'Null', 'NULL', '~']);
const BOOL_WORDS = new Map([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);
const OTHER_NUMBER = /^(0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
const plainResolve = (text: string): unknown => {
  if (NULL_WORDS.has(text)) return null;
  const bool = BOOL_WORDS.get(text);
  if (bool !== undefined) return bool;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  return OTHER_NUMBER.test(text) ? undefined : text;
};
const ipv4 = rrsets.filter((r) => r.type === 'A').flatMap((r) => r.values);

let sink = 0;
const keep = (x: unknown) => {
  if (x !== undefined) sink++;
};

interface Item {
  name: string;
  where: string;
  shipped: () => unknown;
  plain: () => unknown;
}

const items: Item[] = [
  {
    name: 'fast YAML reader, zone files',
    where: 'core/zonefile/yaml-fast.ts',
    shipped: () => texts.forEach((t) => keep(readYamlZone(t.text, t.path, t.origin, {}, readWithYamlPackage))),
    plain: () =>
      texts.forEach((t) => {
        const tree = readWithYamlPackage(t.text, t.path);
        const reader = new YamlZoneReader(t.path, t.origin, tree.problems);
        if (tree.root) reader.read(tree.root);
        keep(reader.result());
      }),
  },
  {
    name: 'fast YAML reader, zonesync.yaml (400 zones)',
    where: 'core/zonefile/yaml-fast.ts',
    shipped: () => keep(readYamlTree(configText, 'zonesync.yaml', {}, readWithYamlPackage)),
    plain: () => keep(readWithYamlPackage(configText, 'zonesync.yaml')),
  },
  {
    name: 'zone entries streamed, not a whole tree first',
    where: 'core/zonefile/yaml-fast.ts streamFastYaml',
    shipped: () => texts.forEach((t) => keep(readYamlZone(t.text, t.path, t.origin, {}, readWithYamlPackage))),
    plain: () =>
      texts.forEach((t) => {
        const fast = parseFastYaml(t.text);
        const reader = new YamlZoneReader(t.path, t.origin, []);
        if (fast.ok && fast.root) reader.read(fast.root);
        keep(reader.result());
      }),
  },
  {
    name: 'canonical-name one-pass shortcut',
    where: 'core/name.ts isCanonicalPrefix',
    shipped: () => owners.forEach(([name, origin]) => keep(canonicalName(name, origin))),
    plain: () => owners.forEach(([name, origin]) => keep(checkedName(name, origin))),
  },
  {
    name: 'plain scalars resolved with shortcuts (letter-led, digits only, two dots)',
    where: 'core/zonefile/yaml-fast.ts resolvePlain',
    shipped: () =>
      scalars.forEach((t) => {
        try {
          keep(resolvePlain(t));
        } catch {
          keep(undefined);
        }
      }),
    plain: () => scalars.forEach((t) => keep(plainResolve(t))),
  },
  {
    name: 'IPv4 parsed by hand, not by a regex',
    where: 'core/address.ts canonicalIPv4',
    shipped: () => ipv4.forEach((v) => keep(canonicalIPv4(v))),
    plain: () =>
      ipv4.forEach((v) => {
        const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v);
        keep(m && m.slice(1).every((p) => Number(p) <= 255) ? m.slice(1).map(Number).join('.') : undefined);
      }),
  },
  {
    name: 'rrsets indexed by name then type, not by a key string',
    where: 'core/rrset-index.ts',
    shipped: () => {
      const index = new NameTypeIndex<RRset>();
      for (const r of rrsets) index.add(r);
      for (const r of rrsets) keep(index.get(r.name, r.type));
    },
    plain: () => {
      const index = new Map<string, RRset>();
      for (const r of rrsets) index.set(`${r.name} ${r.type}`, r);
      for (const r of rrsets) keep(index.get(`${r.name} ${r.type}`));
    },
  },
];

async function timeOf(run: () => unknown): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

const asyncItems: Array<Omit<Item, 'shipped' | 'plain'> & { shipped: () => Promise<unknown> | unknown; plain: () => Promise<unknown> }> = [
  {
    name: 'zone files read synchronously',
    where: 'engine/desired.ts, io/confined-read.ts',
    shipped: () => files.forEach((f) => keep(readFileSync(f.path, 'utf8'))),
    plain: () => mapLimit(files, 64, async (f) => keep(await readFile(f.path, 'utf8'))),
  },
  {
    name: 'repository root realpath once per run',
    where: 'engine/desired.ts realRoots',
    shipped: async () => {
      const roots = new Map<string, string>();
      for (let i = 0; i < files.length; i++) {
        if (!roots.has(data.dir)) roots.set(data.dir, realpathSync.native(data.dir));
        keep(roots.get(data.dir));
      }
    },
    plain: async () => files.forEach(() => keep(realpathSync.native(data.dir))),
  },
];

if (values['cold-zone'] !== undefined) {
  const [first] = files;
  const trees = { shipped: ROOT, variant: resolve(values['cold-zone']) };
  const runs: Record<'shipped' | 'variant', Array<Record<'read' | 'lint' | 'diff' | 'total', number>>> = { shipped: [], variant: [] };
  for (let i = 0; i < rounds; i++) {
    for (const side of i % 2 === 0 ? (['shipped', 'variant'] as const) : (['variant', 'shipped'] as const)) {
      const run = await runProcess('npx', ['tsx', 'bench/cold-zone.ts', first!.path, first!.origin], { cwd: trees[side] });
      if (run.exitCode !== 0) throw new Error(`cold-zone in ${trees[side]}: ${run.stderr}`);
      runs[side].push(JSON.parse(run.stdout) as Record<'read' | 'lint' | 'diff' | 'total', number>);
    }
  }
  console.log(`Cold read + lint + diff of ${first!.path.slice(ROOT.length + 1)}, fresh process each, ${rounds} alternated rounds (\`npx tsx bench/micro.ts ${process.argv.slice(2).join(' ')}\`):\n`);
  console.log('| tree | read | lint | diff | total |\n|---|---|---|---|---|');
  for (const side of ['shipped', 'variant'] as const) {
    const m = (k: 'read' | 'lint' | 'diff' | 'total') => `${median(runs[side].map((r) => r[k])).toFixed(1)} ms`;
    console.log(`| ${side} (${trees[side]}) | ${m('read')} | ${m('lint')} | ${m('diff')} | ${m('total')} |`);
  }
  process.exit(0);
}

if (values.cold) {
  const [first] = files;
  const runs: Record<'stream' | 'tree', Array<{ ms: number; maxRss: number }>> = { stream: [], tree: [] };
  for (let i = 0; i < rounds; i++) {
    for (const mode of i % 2 === 0 ? (['stream', 'tree'] as const) : (['tree', 'stream'] as const)) {
      const run = await runProcess('npx', ['tsx', 'bench/stream-cold.ts', mode, first!.path, first!.origin]);
      runs[mode].push(JSON.parse(run.stdout) as { ms: number; maxRss: number });
    }
  }
  const ms = (mode: 'stream' | 'tree') => median(runs[mode].map((r) => r.ms));
  const rss = (mode: 'stream' | 'tree') => median(runs[mode].map((r) => r.maxRss)) / 2 ** 20;
  console.log(`Cold read of ${first!.path.slice(ROOT.length + 1)}, fresh process each, ${rounds} alternated rounds (\`npx tsx bench/micro.ts ${process.argv.slice(2).join(' ')}\`):\n`);
  console.log('| zone read | ms (median) | peak RSS (median) |\n|---|---|---|');
  console.log(`| streamed (shipped) | ${ms('stream').toFixed(1)} ms | ${rss('stream').toFixed(0)} MiB |\n| whole tree first | ${ms('tree').toFixed(1)} ms | ${rss('tree').toFixed(0)} MiB |`);
  process.exit(0);
}

const rows: string[] = [];
for (const item of [...items, ...asyncItems].filter((i) => values.only === undefined || i.name.includes(values.only))) {
  const shipped: number[] = [];
  const plain: number[] = [];
  await timeOf(item.shipped);
  await timeOf(item.plain);
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      shipped.push(await timeOf(item.shipped));
      plain.push(await timeOf(item.plain));
    } else {
      plain.push(await timeOf(item.plain));
      shipped.push(await timeOf(item.shipped));
    }
  }
  const s = median(shipped);
  const p = median(plain);
  rows.push(`| ${item.name} | \`${item.where}\` | ${s.toFixed(2)} ms | ${p.toFixed(2)} ms | ${(p - s).toFixed(2)} ms |`);
  console.error(rows.at(-1));
}

if (values.only === undefined) {
  // A fresh process each: what loading the yaml package costs a run that never needs it.
  const startup: Record<'with' | 'without', number[]> = { with: [], without: [] };
  for (let i = 0; i < rounds; i++) {
    for (const side of i % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
      const run = await runProcess('node', ['--input-type=module', '-e', side === 'with' ? "await import('yaml')" : 'await 0']);
      startup[side].push(run.wallMs);
    }
  }
  const lazy = median(startup.with) - median(startup.without);
  rows.push(`| yaml package imported only when a file needs it | \`core/zonefile/yaml-tree.ts readYamlTree\` | ${median(startup.without).toFixed(2)} ms | ${median(startup.with).toFixed(2)} ms | ${lazy.toFixed(2)} ms (node process, from node_modules) |`);
}

console.log(`Medians of ${rounds} alternated rounds, one process (\`npx tsx bench/micro.ts ${process.argv.slice(2).join(' ')}\`), ${values.case} data (${rrsets.length} rrsets in ${files.length} zone files).\n`);
console.log(`| shortcut | where | shipped | plain way | gain per ${values.case} plan |`);
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
if (sink < 0) console.log(sink);
