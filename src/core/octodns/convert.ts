import type { YNode } from '../zonefile/yaml-tree.js';
import { convertProviders } from './providers.js';
import { child, entries, text, Findings, type Unmapped } from './tree.js';
import { convertZones, type Listings } from './zones.js';

/** An octoDNS config (already read into a tree, untrusted) as zonesync.yaml text, with what could not be carried over. */

export interface Conversion {
  /** zonesync.yaml, the unmapped list written into it as comments. */
  config: string;
  zones: number;
  unmapped: Unmapped[];
  notes: string[];
}

/** The source folders whose file names the conversion needs (the caller lists them). */
export function sourceDirectories(root: YNode | undefined, file: string): string[] {
  const converted = convertProviders(new Findings(file), child(root, 'providers'));
  return [...new Set([...converted.values()].flatMap((p) => (p.source ? [p.source.directory] : [])))];
}

const MANAGER: Record<string, string> = {
  include_meta: 'zonesync writes no meta TXT record',
  validators: 'zonesync runs its own lint rules (`zonesync validate`)',
  enforce_order: 'zonesync reads records in any order',
  processors: 'no zonesync equivalent of octoDNS processors yet',
  plan_outputs: 'zonesync prints plans itself: `plan --format markdown|json`',
  auto_arpa: 'zonesync does not generate PTR records',
  enable_checksum: 'zonesync plans always carry a checksum (`plan --out`)',
  secret_handlers: 'zonesync reads secrets from ${VAR} only',
};

function quote(value: string): string {
  return JSON.stringify(value);
}

function flow(block: Record<string, unknown>): string {
  const parts = Object.entries(block).map(([k, v]) => `${k}: ${typeof v === 'string' ? quote(v) : typeof v === 'object' && v !== null ? flow(v as Record<string, unknown>) : String(v)}`);
  return `{ ${parts.join(', ')} }`;
}

/** A comment line: no newline or control character of the input gets into the YAML. */
function comment(text: string): string {
  return `# ${[...text].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '\u2028' || c === '\u2029' ? ' ' : c)).join('')}`;
}

export function convertOctodns(root: YNode | undefined, file: string, listings: Listings): Conversion {
  const findings = new Findings(file);
  for (const e of entries(root)) {
    if (!['manager', 'providers', 'zones', 'processors', 'plan_outputs', 'secret_handlers'].includes(e.key)) findings.skip(e.keyPos, e.key, 'not an octoDNS config section zonesync knows');
    else if (e.key === 'processors' || e.key === 'plan_outputs' || e.key === 'secret_handlers') for (const p of entries(e.value)) findings.skip(p.keyPos, `${e.key}.${p.key}`, MANAGER[e.key] as string);
  }
  const lines: string[] = [];
  for (const m of entries(child(root, 'manager'))) {
    if (m.key === 'max_workers' && /^\d{1,3}$/.test(text(m.value) ?? '')) {
      findings.note(m.keyPos, `manager.max_workers ${text(m.value)} → \`zonesync apply --parallel ${text(m.value)}\` (zones applied at once)`);
    } else findings.skip(m.keyPos, `manager.${m.key}`, MANAGER[m.key] ?? 'not an octoDNS manager setting zonesync knows');
  }
  const providers = convertProviders(findings, child(root, 'providers'));
  const zones = convertZones(findings, child(root, 'zones'), providers, listings);
  const used = new Set(zones.flatMap((z) => z.targets));
  lines.push(comment(`Converted from the octoDNS config ${file} by \`zonesync init --from-octodns\`.`), comment('Zone files are read in place. Check the list of what was not carried over at the end.'), 'providers:');
  for (const [id, p] of providers) if (p.target && used.has(id)) lines.push(`  ${quote(id)}: ${flow(p.target)}`);
  lines.push('zones:');
  for (const z of zones) {
    if (z.comment) lines.push(`  ${comment(z.comment)}`);
    lines.push(`  ${quote(z.name)}: { file: ${quote(z.file)}, targets: [${z.targets.map(quote).join(', ')}] }`);
  }
  if (zones.length === 0) lines[lines.length - 1] = 'zones: {}';
  if (used.size === 0) lines[lines.indexOf('providers:')] = 'providers: {}';
  if (findings.notes.length > 0) lines.push('', comment('Notes:'), ...findings.notes.map((n) => comment(`  ${n}`)));
  if (findings.unmapped.length > 0) lines.push('', comment('Not carried over (where, what, why):'), ...findings.unmapped.map((u) => comment(`  ${u.at}: ${u.what}: ${u.reason}`)));
  return { config: `${lines.join('\n')}\n`, zones: zones.length, unmapped: findings.unmapped, notes: findings.notes };
}
