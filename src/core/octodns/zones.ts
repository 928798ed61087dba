import { zoneName } from '../name.js';
import type { Position, YNode } from '../zonefile/yaml-tree.js';
import type { ConvertedProvider } from './providers.js';
import { entries, text, textList, child, type Findings } from './tree.js';

/** octoDNS `zones:` (static, `alias:`, and `*` dynamic entries) as zonesync zones whose files are used in place. */

export interface ConvertedZone {
  /** Without the trailing dot, as zonesync.yaml writes zone keys. */
  name: string;
  /** Relative to the folder zonesync.yaml is written to. */
  file: string;
  targets: string[];
  comment?: string;
}

/** Files in each source directory (names only), read by the caller. */
export type Listings = ReadonlyMap<string, readonly string[]>;

interface ZoneSetup {
  source: ConvertedProvider;
  targets: string[];
}

const ZONE_KEYS = new Set(['sources', 'targets', 'alias', 'lenient', 'processors', 'glob', 'regex', 'update_pcent_threshold', 'delete_pcent_threshold']);

/** `sources` and `targets` of one zone entry, mapped; undefined (with the reason listed) when it cannot be planned. */
function setup(findings: Findings, key: string, node: YNode, providers: ReadonlyMap<string, ConvertedProvider>): ZoneSetup | undefined {
  for (const e of entries(node)) {
    if (e.key === 'lenient') findings.skip(e.keyPos, `zones.${key}.lenient`, 'zonesync has no lenient mode: every validation error must be fixed (`zonesync validate` lists them all)');
    else if (e.key === 'processors') for (const p of textList(e.value)) findings.skip(p.pos, `zones.${key}.processors: ${p.value}`, 'no zonesync equivalent of octoDNS processors yet (ignore rules do not exist yet)');
    else if (e.key.endsWith('_pcent_threshold')) findings.skip(e.keyPos, `zones.${key}.${e.key}`, 'zonesync has one threshold for every zone: defaults.safety');
    else if (!ZONE_KEYS.has(e.key)) findings.skip(e.keyPos, `zones.${key}.${e.key}`, 'not an octoDNS zone setting zonesync knows');
  }
  const sources = textList(child(node, 'sources'));
  const zoneFiles = sources.filter((s) => providers.get(s.value)?.source);
  for (const s of sources) {
    if (s === zoneFiles[0]) continue;
    const known = providers.get(s.value);
    const reason = known?.source
      ? 'zonesync reads one zone file per zone: the first zone-file source is used'
      : known
        ? `zonesync plans from zone files, not from a provider: \`zonesync import ${key.replace(/\.$/, '')} --from ${s.value}\` writes one`
        : 'not a provider zonesync could convert (see above)';
    findings.skip(s.pos, `zones.${key}.sources: ${s.value}`, reason);
  }
  const first = zoneFiles[0];
  if (!first) {
    findings.skip(node.pos, `zones.${key}`, 'no zone-file source (YamlProvider or ZoneFileProvider): nothing to plan from');
    return undefined;
  }
  const targets: string[] = [];
  for (const t of textList(child(node, 'targets'))) {
    const provider = providers.get(t.value);
    if (provider?.target) {
      targets.push(t.value);
      if (provider.notTarget) findings.note(t.pos, `zones.${key}.targets: ${t.value}: ${provider.notTarget}`);
    } else findings.skip(t.pos, `zones.${key}.targets: ${t.value}`, provider?.notTarget ?? 'not a provider zonesync could convert (see above)');
  }
  if (targets.length === 0) {
    findings.skip(node.pos, `zones.${key}`, 'no target zonesync can write to');
    return undefined;
  }
  return { source: providers.get(first.value) as ConvertedProvider, targets };
}

function joinPath(directory: string, file: string): string {
  const dir = directory.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return dir === '' || dir === '.' ? file : `${dir}/${file}`;
}

/** fnmatch with `*` and `?` only; anything else in a glob is refused rather than guessed. */
function globMatcher(glob: string): ((zone: string) => boolean) | undefined {
  if (/[[\]\\]/.test(glob) || glob.length > 253) return undefined;
  const source = glob.replace(/[.+^${}()|]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`);
  return (zone) => re.test(zone);
}

/** Zone names the YAML source's folder holds (`example.com.yaml` → `example.com.`); one label (`production.yaml`, the config itself) is not taken for a zone. */
function listedZones(source: ConvertedProvider, listings: Listings): string[] {
  if (!source.source || source.source.format !== 'yaml') return [];
  return (listings.get(source.source.directory) ?? []).filter((f) => f.endsWith('.yaml') && f.slice(0, -4).endsWith('.') && f.slice(0, -5).includes('.')).map((f) => f.slice(0, -4)).sort();
}

export function convertZones(findings: Findings, zones: YNode | undefined, providers: ReadonlyMap<string, ConvertedProvider>, listings: Listings): ConvertedZone[] {
  const out = new Map<string, ConvertedZone>();
  const setups = new Map<string, ZoneSetup>();
  const add = (key: string, pos: Position, zone: string, s: ZoneSetup, comment?: string): void => {
    const canonical = zoneName(zone);
    if (!canonical.ok) {
      findings.skip(pos, `zones.${key}`, canonical.error);
      return;
    }
    if (out.has(canonical.name)) return;
    const source = s.source.source;
    if (!source) return;
    const file = source.fileName(canonical.name);
    if (!(listings.get(source.directory) ?? []).includes(file)) {
      findings.skip(pos, `zones.${key}`, `no zone file ${joinPath(source.directory, file)}`);
      return;
    }
    const converted: ConvertedZone = { name: canonical.name.slice(0, -1), file: joinPath(source.directory, file), targets: s.targets };
    if (comment !== undefined) converted.comment = comment;
    out.set(canonical.name, converted);
    setups.set(canonical.name, s);
  };
  const all = entries(zones);
  // Static zones first: octoDNS gives a dynamic entry only the zones no static entry names.
  for (const e of all.filter((x) => !x.key.startsWith('*') && child(x.value, 'alias') === undefined)) {
    const s = setup(findings, e.key, e.value, providers);
    if (s) add(e.key, e.keyPos, e.key, s);
  }
  for (const e of all.filter((x) => !x.key.startsWith('*') && child(x.value, 'alias') !== undefined)) {
    const target = text(child(e.value, 'alias')) ?? '';
    const canonical = zoneName(target);
    const aliased = canonical.ok ? out.get(canonical.name) : undefined;
    const s = canonical.ok ? setups.get(canonical.name) : undefined;
    if (!aliased || !s) {
      findings.skip(e.keyPos, `zones.${e.key}.alias: ${target}`, 'the aliased zone is not a zone converted above');
      continue;
    }
    for (const x of entries(e.value)) if (x.key !== 'alias') findings.skip(x.keyPos, `zones.${e.key}.${x.key}`, 'octoDNS ignores the settings of an alias zone');
    const canonicalAlias = zoneName(e.key);
    if (!canonicalAlias.ok) {
      findings.skip(e.keyPos, `zones.${e.key}`, canonicalAlias.error);
      continue;
    }
    if (!out.has(canonicalAlias.name)) out.set(canonicalAlias.name, { name: canonicalAlias.name.slice(0, -1), file: aliased.file, targets: s.targets, comment: `alias of ${aliased.name}: the same zone file` });
  }
  for (const e of all.filter((x) => x.key.startsWith('*'))) {
    const s = setup(findings, e.key, e.value, providers);
    if (!s) continue;
    if (child(e.value, 'regex') !== undefined) {
      findings.skip(e.keyPos, `zones.${e.key}.regex`, 'a regular expression from the config is not run (untrusted input): list these zones under zones:');
      continue;
    }
    const glob = text(child(e.value, 'glob'));
    const match = glob === undefined ? () => true : globMatcher(glob);
    if (!match) {
      findings.skip(e.keyPos, `zones.${e.key}.glob: ${glob ?? ''}`, 'only * and ? are converted: list these zones under zones:');
      continue;
    }
    const listed = listedZones(s.source, listings);
    if (s.source.source?.format !== 'yaml') findings.skip(e.keyPos, `zones.${e.key}`, 'a dynamic entry needs a YamlProvider source to list its zones');
    for (const zone of listed.filter((z) => !out.has(z) && match(z))) add(e.key, e.keyPos, zone, s, `from the dynamic entry '${e.key}'`);
  }
  return [...out.values()];
}
