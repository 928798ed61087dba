import type { RecordType, RRset, Zone } from '../../../src/core/model.js';
import { isRecordType } from '../../../src/core/model.js';
import { canonicalRdata, txtFromText } from '../../../src/core/rdata.js';
import { quoteCharacterString } from '../../../src/core/rdata-text.js';
import type { SimAnswer, SimRecord, SimZone } from './store.js';

/**
 * What the simulator's nameservers serve for a zone: every answer of every record, NS1 TXT answers
 * split at 255 bytes, SOA from the zone's fields. A record with a filter chain is answered per
 * query instead (steer.ts). A URLFWD record is an HTTP redirect: its name answers A with the
 * forwarders' address (SIM_FORWARDERS), as NS1 points a forwarded name at its redirect servers.
 */

/** The simulator's URL forwarders (a documentation address: NS1 does not publish its own as fixed). */
export const SIM_FORWARDERS = ['192.0.2.80'];

function presentation(type: RecordType, parts: Array<string | number>): string | undefined {
  const text = parts.map(String);
  const quote = (t: string | undefined) => quoteCharacterString(Buffer.from(t ?? '', 'utf8'));
  if (type === 'TXT' || type === 'SPF') return txtFromText(text[0] ?? '');
  if (type === 'HINFO') return `${quote(text[0])} ${quote(text[1])}`;
  if (type === 'NAPTR') return `${text[0]} ${text[1]} ${quote(text[2])} ${quote(text[3])} ${quote(text[4])} ${text[5]}`;
  if (type === 'CAA') return `${text[0]} ${text[1]} ${quoteCharacterString(Buffer.from(text[2] ?? '', 'utf8'))}`;
  return text.join(' ');
}

/** The rrset a record serves (every answer, or those its filter chain kept); undefined for types zonesync does not model. */
export function rrsetOf(record: SimRecord, wrong: boolean, answers: SimAnswer[] = record.answers): RRset | undefined {
  if (!isRecordType(record.type)) return undefined;
  const type = record.type;
  const values = new Set<string>();
  for (const answer of answers) {
    const text = presentation(type, answer.answer);
    if (text === undefined) continue;
    const value = type === 'TXT' || type === 'SPF' ? { ok: true as const, value: text } : canonicalRdata(type, text, '.');
    if (value.ok) values.add(value.value);
  }
  const rrset: RRset = { name: `${record.domain}.`, type, ttl: record.ttl, values: [...values].sort() };
  return wrong ? wrongRRset(rrset) : rrset;
}

/** The `wrongAnswers` fault: data that differs from what the API holds. */
function wrongRRset(rrset: RRset): RRset {
  const replaced: Partial<Record<RecordType, string[]>> = {
    A: ['192.0.2.254'],
    AAAA: ['2001:db8::bad'],
    TXT: ['"wrong answer"'],
    CNAME: ['wrong.invalid.'],
    MX: ['99 wrong.invalid.'],
  };
  const values = replaced[rrset.type];
  return values ? { ...rrset, values } : { ...rrset, ttl: rrset.ttl + 1 };
}

export function servedZone(zone: SimZone, options: { wrongAnswers: boolean }): Zone {
  const rrsets: RRset[] = [];
  for (const record of zone.records.values()) {
    if (record.type === 'URLFWD') {
      // An A the zone declares at the name wins (NS1 warns that sharing the name behaves unexpectedly).
      if (!zone.records.has(`${record.domain} A`)) rrsets.push({ name: `${record.domain}.`, type: 'A', ttl: record.ttl, values: SIM_FORWARDERS });
      continue;
    }
    const apexNs = record.type === 'NS' && record.domain === zone.zone;
    const rrset = rrsetOf(record, options.wrongAnswers && !apexNs);
    if (rrset && rrset.values.length > 0) rrsets.push(rrset);
  }
  const hostmaster = zone.hostmaster.replace('@', '.');
  return {
    name: `${zone.zone}.`,
    rrsets,
    soa: {
      mname: `${zone.primary_master}.`,
      rname: `${hostmaster}.`,
      serial: zone.serial,
      refresh: zone.refresh,
      retry: zone.retry,
      expire: zone.expiry,
      minimum: zone.nx_ttl,
      ttl: zone.ttl,
    },
  };
}
