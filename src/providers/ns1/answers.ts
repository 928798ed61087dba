import type { RecordType } from '../../core/model.js';
import { canonicalName } from '../../core/name.js';
import { canonicalRdata, rdataFields, txtFromText } from '../../core/rdata.js';
import { quoteCharacterString } from '../../core/rdata-text.js';
import type { Ns1Part, Ns1RecordSummary } from './api.js';

/** Pure conversion of one NS1 answer (its rdata parts, or a zone summary's short answer) to and from a canonical value, per type. */

/** Types whose short answers (parts joined by spaces) cannot be split back: strings may hold spaces or be empty. */
const AMBIGUOUS_SHORT: ReadonlySet<string> = new Set(['HINFO', 'NAPTR']);

function quoted(text: string): string {
  return quoteCharacterString(Buffer.from(text, 'utf8'));
}

/** NS1 writes names without the trailing dot (`www.example.com`); the root stays `.`. */
export function ns1Domain(name: string): string {
  return name === '.' || !name.endsWith('.') ? name : name.slice(0, -1);
}

/** NS1's zone name → the model's (`example.com` → `example.com.`). */
export function modelName(domain: string): string {
  const result = canonicalName(domain.endsWith('.') ? domain : `${domain}.`, '.');
  if (!result.ok) throw new Error(`"${domain}": ${result.error}`);
  return result.name;
}

function number(text: string): number {
  return Number(text);
}

/** TXT: NS1 takes one string per answer and splits it at 255 bytes on the wire. */
export function txtText(value: string): string {
  return rdataFields(value).join('');
}

/** True when NS1 can hold this TXT value exactly (its strings are the 255-byte split of one text). */
export function txtRepresentable(value: string): boolean {
  return txtFromText(txtText(value)) === value;
}

/** Canonical value → the answer's rdata parts, as NS1 wants them. */
export function answerParts(type: RecordType, value: string): Ns1Part[] {
  switch (type) {
    case 'A':
    case 'AAAA':
      return [value];
    case 'CNAME':
    case 'ALIAS':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return [ns1Domain(value)];
    case 'RP': {
      // Names split from the presentation text, so an escaped dot in the mailbox (`first\.last`) stays escaped.
      const [mbox, txt] = value.split(' ') as [string, string];
      return [ns1Domain(mbox), ns1Domain(txt)];
    }
    case 'HINFO': {
      const [cpu, os] = rdataFields(value) as [string, string];
      return [cpu, os];
    }
    case 'NAPTR': {
      const [order, preference, flags, service, regexp] = rdataFields(value) as [string, string, string, string, string];
      // The replacement is the last token of the presentation text (a name, kept with its escapes).
      return [number(order), number(preference), flags, service, regexp, ns1Domain(value.slice(value.lastIndexOf(' ') + 1))];
    }
    case 'CERT':
    case 'CDNSKEY': {
      const [a, b, c, ...data] = rdataFields(value) as [string, string, string, ...string[]];
      return [number(a), number(b), number(c), data.join('')];
    }
    case 'SPF':
      return [txtText(value)];
    case 'MX': {
      const [preference, exchange] = rdataFields(value) as [string, string];
      return [number(preference), ns1Domain(exchange)];
    }
    case 'SRV': {
      const [priority, weight, port, target] = rdataFields(value) as [string, string, string, string];
      return [number(priority), number(weight), number(port), ns1Domain(target)];
    }
    case 'CAA': {
      const [flags, tag, text] = rdataFields(value) as [string, string, string];
      return [number(flags), tag, text];
    }
    case 'TXT':
      return [txtText(value)];
    case 'DS':
    case 'CDS':
    case 'TLSA':
    case 'SMIMEA': {
      const [a, b, c, ...data] = value.split(' ') as [string, string, string, ...string[]];
      return [number(a), number(b), number(c), data.join('')];
    }
    case 'SVCB':
    case 'HTTPS': {
      const [priority, target, ...params] = value.split(' ') as [string, string, ...string[]];
      return [number(priority), ns1Domain(target), params.join(' ')];
    }
    case 'URLFWD': {
      const [path, target, code, masking, query] = rdataFields(value) as [string, string, string, string, string];
      return [path, target, number(code), number(masking), number(query)];
    }
    case 'SSHFP':
      throw new Error('NS1 does not serve SSHFP');
    default:
      throw new Error(`NS1 does not serve ${type} through zonesync`);
  }
}

export type ValueResult = { ok: true; value: string } | { ok: false; error: string };

/** An answer's rdata parts → canonical value. Names without a trailing dot are absolute (NS1 style). */
export function valueFromParts(type: RecordType, parts: Ns1Part[]): ValueResult {
  const text = parts.map(String);
  if (text.length === 0) return { ok: false, error: 'empty answer' };
  switch (type) {
    case 'TXT':
    case 'SPF':
      return text.length === 1 ? { ok: true, value: txtFromText(text[0] as string) } : { ok: false, error: `${type} answer has ${text.length} parts, expected 1` };
    case 'HINFO':
      if (text.length !== 2) return { ok: false, error: `HINFO answer has ${text.length} parts, expected 2` };
      return canonicalRdata(type, text.map(quoted).join(' '), '.');
    case 'NAPTR': {
      if (text.length !== 6) return { ok: false, error: `NAPTR answer has ${text.length} parts, expected 6` };
      const [order, preference, flags, service, regexp, replacement] = text as [string, string, string, string, string, string];
      return canonicalRdata(type, `${order} ${preference} ${quoted(flags)} ${quoted(service)} ${quoted(regexp)} ${replacement}`, '.');
    }
    case 'URLFWD': {
      if (text.length !== 5) return { ok: false, error: `URLFWD answer has ${text.length} parts, expected 5` };
      const [path, target, ...settings] = text as [string, string, string, string, string];
      return canonicalRdata(type, [quoted(path), quoted(target), ...settings].join(' '), '.');
    }
    case 'CAA': {
      if (text.length !== 3) return { ok: false, error: `CAA answer has ${text.length} parts, expected 3` };
      const quoted = quoteCharacterString(Buffer.from(text[2] as string, 'utf8'));
      return canonicalRdata(type, `${text[0]} ${text[1]} ${quoted}`, '.');
    }
    default:
      return canonicalRdata(type, text.join(' '), '.');
  }
}

/** One short answer (`"10 mail.example.com"`) → its parts; TXT, CAA and SVCB keep spaces in their last part. */
export function partsFromShortAnswer(type: RecordType, short: string): Ns1Part[] {
  const lastPartIndex: Partial<Record<RecordType, number>> = { TXT: 0, SPF: 0, CAA: 2, SVCB: 2, HTTPS: 2 };
  const keep = lastPartIndex[type];
  if (keep === undefined) return short.trim().split(/\s+/);
  const parts: string[] = [];
  let rest = short;
  for (let i = 0; i < keep; i++) {
    const space = rest.indexOf(' ');
    if (space < 0) break;
    parts.push(rest.slice(0, space));
    rest = rest.slice(space + 1);
  }
  parts.push(rest);
  return parts;
}

/** Whether a summary lacks something only the full record has (answer meta, filters, regions, or HINFO/NAPTR strings its short answers run together). */
export function needsFullRecord(summary: Ns1RecordSummary): boolean {
  return Number(summary.tier ?? 1) > 1 || AMBIGUOUS_SHORT.has(summary.type);
}
