import { RECORD_TYPES } from '../core/model.js';
import type { Capabilities } from '../providers/provider.js';

/** The README's words for `createZone` (see Zone creation there). */
const ZONE_CREATION: Record<string, string> = { account: 'with --create-zones', server: 'yes', false: 'no (named.conf)' };

/** The provider capability table of the README, made from the providers' own capability data. */
export function renderCapabilityTable(providers: ReadonlyArray<{ type: string; capabilities: Capabilities }>): string {
  const header = `| type | ${providers.map((p) => p.type).join(' | ')} |`;
  const rule = `|---|${providers.map(() => ':---:').join('|')}|`;
  const notes: string[] = [];
  const cell = (caps: Capabilities, type: string, provider: string): string => {
    const support = caps.types[type as keyof Capabilities['types']];
    if (!support) return '–';
    if (support.reason) {
      notes.push(`${provider} ${type}: ${support.reason}`);
      return support.supported ? `yes[^${notes.length}]` : `no[^${notes.length}]`;
    }
    return support.supported ? 'yes' : 'no';
  };
  const partialCell = (caps: Capabilities, provider: string): string => {
    notes.push(caps.partialRead ? `${provider} partial read-back: ${caps.partialRead}` : `${provider} partial read-back: none; each chunk is read back with a whole read of the zone`);
    return `${caps.partialRead ? 'yes' : 'no'}[^${notes.length}]`;
  };
  const driftCell = (caps: Capabilities, provider: string): string => {
    if (!caps.rangeDriftCheck) return 'whole read';
    notes.push(`${provider} final drift check: ${caps.rangeDriftCheck}`);
    return `from the read-backs[^${notes.length}]`;
  };
  const multiCell = (caps: Capabilities, provider: string): string => {
    if (caps.multiSigner === true) return 'yes';
    notes.push(`${provider} multi-signer: ${caps.multiSigner ?? 'not implemented'}`);
    return `no[^${notes.length}]`;
  };
  const dynamicCell = (caps: Capabilities, provider: string): string => {
    // Rule kinds a steering provider refuses (PowerDNS without a GeoIP database: geos) are said in its note.
    const parts = [caps.dynamic.supported && caps.dynamicGeos?.supported === false ? `geo rules refused: ${caps.dynamicGeos.reason ?? 'not served'}` : '', caps.dynamic.supported && caps.dynamicSubnets?.supported === false ? `subnet rules refused: ${caps.dynamicSubnets.reason ?? 'not served'}` : ''].filter(Boolean);
    notes.push(`${provider} traffic steering: ${[caps.dynamic.reason ?? (caps.dynamic.supported ? 'served' : 'not served'), ...parts].join('; ')}`);
    return `${caps.dynamic.supported ? (parts.length > 0 ? 'partly' : 'yes') : 'no'}[^${notes.length}]`;
  };
  const rows = RECORD_TYPES.map((type) => `| ${type} | ${providers.map((p) => cell(p.capabilities, type, p.type)).join(' | ')} |`);
  const facts = [
    `| changes per API call | ${providers.map((p) => p.capabilities.maxChangesPerBatch.toLocaleString('en-US')).join(' | ')} |`,
    `| chunk atomic | ${providers.map((p) => (p.capabilities.atomicBatch ? 'yes' : 'no')).join(' | ')} |`,
    `| ALIAS served as | ${providers.map((p) => p.capabilities.alias).join(' | ')} |`,
    `| creates a missing zone | ${providers.map((p) => ZONE_CREATION[String(p.capabilities.createZone ?? 'server')]).join(' | ')} |`,
    `| DNSSEC multi-signer | ${providers.map((p) => multiCell(p.capabilities, p.type)).join(' | ')} |`,
    `| partial read-back | ${providers.map((p) => partialCell(p.capabilities, p.type)).join(' | ')} |`,
    `| traffic steering (octoDNS dynamic) | ${providers.map((p) => dynamicCell(p.capabilities, p.type)).join(' | ')} |`,
    `| final drift check | ${providers.map((p) => driftCell(p.capabilities, p.type)).join(' | ')} |`,
  ];
  return [header, rule, ...rows, ...facts, '', ...notes.map((n, i) => `[^${i + 1}]: ${n}`), ''].join('\n');
}
