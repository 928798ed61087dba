import { join } from 'node:path';
import type { Config } from '../config/load.js';
import { isProviderOwned } from '../core/diff.js';
import { ZonesyncError } from '../core/errors.js';
import { isFeatureType, type Soa, type Zone } from '../core/model.js';
import { isInZone, zoneName } from '../core/name.js';
import { renderMasterFile } from '../core/zonefile/write.js';
import { renderYamlZone } from '../core/zonefile/write-yaml.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { nextSerial } from '../core/serial.js';
import type { ProviderSet } from '../providers/registry.js';
import { mapLimit } from '../lib/map-limit.js';
import { ignoreYaml, suggestIgnore, withoutForeign } from '../core/ownership/suggest.js';

export interface ImportOptions {
  from: string;
  zones: string[] | 'all';
  out?: string;
  format?: 'yaml' | 'zone';
  now: Date;
  /** Leave out what other writers own (ACME TXT, external-dns, other zonesync owners) and say which `ignore:` rules keep it so. */
  ignoreForeign?: boolean;
}

export interface ImportReport {
  zones: Array<{ zone: string; rrsets: number; file: string; skipped: string[]; warnings: string[]; /** The `ignore:` block the zone needs in zonesync.yaml (empty when nobody else writes there). */ ignore: string[] }>;
  /** The zone file, when one zone goes to stdout. */
  stdout?: string | undefined;
}

function fallbackSoa(zone: string, now: Date): Soa {
  return { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: nextSerial(0, now), refresh: 3600, retry: 600, expire: 1209600, minimum: 300, ttl: 3600 };
}

/** A zone as a file: YAML holds only what zonesync manages; a master file is complete enough to serve. */
export function renderImported(zone: Zone, format: 'yaml' | 'zone', now: Date): { text: string; skipped: string[]; warnings: string[] } {
  const managed = zone.rrsets.filter((r) => !isProviderOwned(r, zone.name));
  if (format === 'yaml') return { text: renderYamlZone({ name: zone.name, rrsets: managed }), skipped: [], warnings: [] };
  const servable = managed.filter((r) => !isFeatureType(r.type));
  const skipped = managed.filter((r) => isFeatureType(r.type)).map((r) => `${r.name} ${r.type} (no master-file form)`);
  const apexNs = zone.rrsets.find((r) => r.type === 'NS' && r.name === zone.name)?.values ?? [`ns1.${zone.name}`];
  const addressed = new Set(servable.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.name));
  // A server refuses to load a zone whose in-zone nameserver has no address: say so rather than write a dud.
  const warnings = apexNs
    .filter((ns) => isInZone(ns, zone.name) && !addressed.has(ns))
    .map((ns) => `apex NS ${ns} is inside the zone and has no A/AAAA: BIND and PowerDNS will not load this copy until it gets one`);
  return { text: renderMasterFile({ name: zone.name, rrsets: servable }, { soa: zone.soa ?? fallbackSoa(zone.name, now), nameservers: apexNs }), skipped, warnings };
}

export async function importZones(config: Config, providers: ProviderSet, options: ImportOptions): Promise<ImportReport> {
  if (!(options.from in config.providers)) throw new ZonesyncError(`--from ${options.from}: unknown provider (configured: ${Object.keys(config.providers).join(', ')})`);
  const provider = await providers.get(options.from);
  let names: string[];
  if (options.zones === 'all') {
    if (!provider.listZones) throw new ZonesyncError(`${options.from} (${provider.type}) cannot list its zones; name each zone to import`);
    names = await provider.listZones();
  } else {
    names = options.zones.map((z) => {
      const c = zoneName(z);
      if (!c.ok) throw new ZonesyncError(`"${z}": ${c.error}`);
      return c.name;
    });
  }
  const extension = options.out?.match(/\.(ya?ml|zone)$/)?.[1];
  const format = options.format ?? (extension === 'zone' ? 'zone' : 'yaml');
  const report: ImportReport = { zones: [] };
  await mapLimit(names, 4, async (name) => {
    const read = await provider.read(name);
    if (!read) throw new ZonesyncError(`${options.from} does not serve ${name}`);
    const suggestion = suggestIgnore(read);
    const ignore = ignoreYaml(suggestion);
    const foreign = options.ignoreForeign ? withoutForeign(read, suggestion) : undefined;
    const zone = foreign?.zone ?? read;
    const { text, skipped, warnings: written } = renderImported(zone, format, options.now);
    const warnings = [...written];
    if (suggestion.owners.length > 0) warnings.push(`records claimed by zonesync ownership id${suggestion.owners.length === 1 ? '' : 's'} ${suggestion.owners.join(', ')}: give this zone ownership: { id } of its own`);
    if (ignore.length > 0 && !foreign) warnings.push(`other writers keep records here (${suggestion.why.join('; ')}): import --ignore-foreign leaves them out and prints the ignore rules zonesync.yaml needs`);
    if (foreign) skipped.push(...foreign.left.map((r) => `${r.name} ${r.type} (another writer's)`));
    const rrsets = zone.rrsets.filter((r) => !isProviderOwned(r, zone.name)).length;
    if (!options.out) {
      report.stdout = text;
      report.zones.push({ zone: name, rrsets, file: '(stdout)', skipped, warnings, ignore });
      return;
    }
    const file = options.zones === 'all' || names.length > 1 ? join(options.out, `${name.slice(0, -1)}.${format === 'zone' ? 'zone' : 'yaml'}`) : options.out;
    await writeFileAtomic(file, text);
    report.zones.push({ zone: name, rrsets, file, skipped, warnings, ignore });
  });
  report.zones.sort((a, b) => (a.zone < b.zone ? -1 : 1));
  return report;
}
