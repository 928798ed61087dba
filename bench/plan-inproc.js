/**
 * One in-process plan of a config, timed by phase; prints JSON on stdout. Plain JavaScript on the
 * compiled dist/ (what the CLI runs), so no loader hook or transpiler runs inside the timed region.
 * Run: npm run build && node bench/plan-inproc.js bench/data/plan-10k/zonesync.yaml
 */
import { loadConfig } from '../dist/config/load.js';
import { makePlan } from '../dist/engine/plan.js';
import { validateZones } from '../dist/engine/validate.js';
import { ProviderSet } from '../dist/providers/registry.js';

const file = process.argv[2];
if (!file) throw new Error('usage: plan-inproc.js CONFIG');
const t0 = performance.now();
const config = await loadConfig(file);
const t1 = performance.now();
const { desired } = await validateZones(config, config.zones);
const t2 = performance.now();
const providers = new ProviderSet(config);
const plan = await makePlan(config, providers, desired, { now: new Date('2026-01-01T00:00:00Z') });
const t3 = performance.now();
await providers.close();
const changes = plan.zones.reduce((n, z) => n + z.changes.length, 0);
const result = { totalMs: t3 - t0, configMs: t1 - t0, parseMs: t2 - t1, readDiffMs: t3 - t2, changes, zones: plan.zones.length, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
process.stdout.write(`${JSON.stringify(result)}\n`);
