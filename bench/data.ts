import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RRset, Soa, Zone } from '../src/core/model.js';
import { renderMasterFile, renderYamlZone } from '../src/core/zonefile/write.js';

/**
 * Deterministic plan data sets under bench/data/<name>/: octoDNS YAML zone files, the served RFC 1035
 * files the file provider reads (live == desired), and two configs — no change, and 1% of rrsets changed.
 */

export interface PlanDataSpec {
  name: string;
  records: number;
  zones: number;
}

export interface PlanData {
  dir: string;
  noChangeConfig: string;
  changeConfig: string;
  /** Changes the 1% config must plan (every 100th rrset). */
  expectedChanges: number;
}

const GENERATOR_VERSION = 2;
const SOA: Soa = { mname: 'ns.zonesync.invalid.', rname: 'hostmaster.bench.test.', serial: 1, refresh: 3600, retry: 600, expire: 1209600, minimum: 300, ttl: 3600 };

export const zoneNameOf = (i: number): string => `z${String(i).padStart(5, '0')}.bench.test.`;

/** The k-th rrset of the data set (global index g): one record each, a mix of the common types. */
export function rrsetFor(zone: string, g: number, changed: boolean): RRset {
  const ttl = changed ? 600 : 300;
  const octet = (n: number) => n & 255;
  switch (g % 10) {
    case 5:
      return { name: `v6-${g}.${zone}`, type: 'AAAA', ttl, values: [`2001:db8:${(g >>> 16).toString(16)}:${(g & 0xffff).toString(16)}::${changed ? 2 : 1}`] };
    case 6:
      return { name: `mx-${g}.${zone}`, type: 'MX', ttl, values: [`10 mail-${g}.${zone}`] };
    case 7:
      return { name: `txt-${g}.${zone}`, type: 'TXT', ttl, values: [`"v=spf1 ip4:10.${octet(g >> 16)}.${octet(g >> 8)}.${octet(g)} -all"`] };
    case 8:
      return { name: `alias-${g}.${zone}`, type: 'CNAME', ttl, values: [`host-${g - 1}.${zone}`] };
    case 9:
      return { name: `_sip._tcp.srv-${g}.${zone}`, type: 'SRV', ttl, values: [`10 20 5060 sip-${g}.${zone}`] };
    default:
      return { name: `host-${g}.${zone}`, type: 'A', ttl, values: [`10.${octet(g >> 16)}.${octet(g >> 8)}.${octet(g + (changed ? 1 : 0))}`] };
  }
}

const isChanged = (g: number) => g % 100 === 0;

function zoneOf(spec: PlanDataSpec, z: number, withChanges: boolean): { zone: Zone; changes: number } {
  const per = Math.floor(spec.records / spec.zones);
  const extra = z < spec.records % spec.zones ? 1 : 0;
  const start = z * per + Math.min(z, spec.records % spec.zones);
  const name = zoneNameOf(z);
  const rrsets: RRset[] = [];
  let changes = 0;
  for (let g = start; g < start + per + extra; g++) {
    const changed = withChanges && isChanged(g);
    if (changed) changes++;
    rrsets.push(rrsetFor(name, g, changed));
  }
  return { zone: { name, rrsets }, changes };
}

function configYaml(spec: PlanDataSpec, fileOf: (z: number) => string): string {
  const lines = ['providers:', '  local: { type: file, directory: served }', 'defaults:', '  safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }', 'zones:'];
  for (let z = 0; z < spec.zones; z++) lines.push(`  ${zoneNameOf(z).slice(0, -1)}: { file: ${fileOf(z)}, targets: [local] }`);
  return `${lines.join('\n')}\n`;
}

/** Write the data set unless an identical one is already there. */
export async function ensurePlanData(root: string, spec: PlanDataSpec): Promise<PlanData> {
  const dir = join(root, spec.name);
  const stamp = JSON.stringify({ GENERATOR_VERSION, name: spec.name, records: spec.records, zones: spec.zones });
  const manifest = join(dir, 'manifest.json');
  const data = (expectedChanges: number): PlanData => ({ dir, noChangeConfig: join(dir, 'zonesync.yaml'), changeConfig: join(dir, 'zonesync-1pct.yaml'), expectedChanges });
  if (existsSync(manifest)) {
    const saved = JSON.parse(await readFile(manifest, 'utf8')) as { stamp: string; expectedChanges: number };
    if (saved.stamp === stamp) return data(saved.expectedChanges);
  }
  await rm(dir, { recursive: true, force: true });
  for (const sub of ['zones', 'zones-1pct', 'served']) await mkdir(join(dir, sub), { recursive: true });
  const changedZones = new Set<number>();
  let expectedChanges = 0;
  for (let z = 0; z < spec.zones; z++) {
    const base = zoneOf(spec, z, false).zone;
    const file = `${base.name.slice(0, -1)}`;
    await writeFile(join(dir, 'zones', `${file}.yaml`), renderYamlZone(base));
    await writeFile(join(dir, 'served', `${file}.zone`), renderMasterFile(base, { soa: SOA, nameservers: ['ns.zonesync.invalid.'] }));
    const altered = zoneOf(spec, z, true);
    if (altered.changes > 0) {
      changedZones.add(z);
      expectedChanges += altered.changes;
      await writeFile(join(dir, 'zones-1pct', `${file}.yaml`), renderYamlZone(altered.zone));
    }
  }
  await writeFile(join(dir, 'zonesync.yaml'), configYaml(spec, (z) => `zones/${zoneNameOf(z).slice(0, -1)}.yaml`));
  await writeFile(join(dir, 'zonesync-1pct.yaml'), configYaml(spec, (z) => `${changedZones.has(z) ? 'zones-1pct' : 'zones'}/${zoneNameOf(z).slice(0, -1)}.yaml`));
  await writeFile(manifest, JSON.stringify({ stamp, expectedChanges }));
  return data(expectedChanges);
}
