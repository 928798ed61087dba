import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isRecordType } from '../../src/core/model.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { parseMasterFile } from '../../src/core/zonefile/rfc1035.js';

/**
 * Differential check of the zone-file reader against two references: BIND's named-compilezone
 * (accept/refuse, and the rdata it writes back, canonicalised by zonesync, must equal zonesync's)
 * and Knot's kzonecheck (accept/refuse). One generated record per zone, so a refusal names it.
 * Where a reference is right to differ, or the two disagree, KNOWN says so and why.
 */

export const ORIGIN = 'example.com.';
const HEAD = '$TTL 300\n@ IN SOA ns.example.com. hostmaster.example.com. 1 7200 900 1209600 300\n@ IN NS ns\nns IN A 192.0.2.53\n';

export interface Known {
  /** The reference that differs from zonesync: on accept/refuse, or (bind-records) on the rdata or name BIND writes back. */
  reference: 'bind' | 'knot' | 'bind-records';
  why: string;
  /** True for a zone line this explains. */
  matches: (line: string) => boolean;
}

/** Disagreements that are not zonesync bugs (README "Zone files: what is read"). */
export const KNOWN: Known[] = [
  { reference: 'bind', why: 'key65535 is reserved (RFC 9460 §14.3.2): BIND and Knot load it, zonesync refuses it', matches: (l) => /\bkey65535\b/.test(l) },
  { reference: 'knot', why: 'key65535 is reserved (RFC 9460 §14.3.2): BIND and Knot load it, zonesync refuses it', matches: (l) => /\bkey65535\b/.test(l) },
  { reference: 'bind', why: 'an empty ech: BIND 9.18 loads it, Knot and zonesync refuse it (an ECHConfigList is never empty)', matches: (l) => /\bech=(\s|$|"")/.test(l) },
  { reference: 'bind', why: 'a backslash before anything but "," or "\\" in an alpn id: BIND drops it, zonesync refuses (RFC 9460 A.1 allows only those two)', matches: (l) => /alpn=/.test(l) },
  { reference: 'knot', why: 'Knot 3.2 does not know the name "dohpath" (RFC 9461); BIND and zonesync do (zonesync writes key7, which both read)', matches: (l) => /\bdohpath=/.test(l) },
  { reference: 'knot', why: 'Knot takes upper-case SvcParam keys, keyNNNNN for named keys, leading zeros and no-default-alpn without alpn; BIND refuses all four and zonesync follows BIND', matches: (l) => /\b(SVCB|HTTPS)\b/.test(l) && /(\b[A-Z][a-z0-9A-Z-]*=|\bkey[0-6]\b|\bkey[0-6]=|\bkey0\d|no-default-alpn)/.test(l) },
  { reference: 'bind-records', why: 'UTF-8 labels are IDNs to zonesync (punycode, one name for "café" and "caf\\195\\169"); BIND keeps the raw octets', matches: (l) => /\\(19[4-9]|2[0-4]\d)\\(1[2-8]\d|19[01])|[\u0080-\uffff]/.test(l.split(' IN ')[0] ?? '') || (/ IN (CNAME|DNAME|NS|PTR|MX|SRV|RP|NAPTR|SVCB|HTTPS) /.test(l) && /\\(19[4-9]|2[0-4]\d)\\(1[2-8]\d|19[01])|[\u0080-\uffff]/.test(l.split(' IN ')[1] ?? '')) },
  { reference: 'bind-records', why: 'CAA tags match case-insensitively (RFC 8659 §4.1): zonesync writes them in lower case, BIND as written', matches: (l) => / IN CAA \d+ [a-z]*[A-Z]/.test(l) },
  { reference: 'knot', why: 'Knot refuses unescaped characters outside letters, digits, "-", "_", "*" and "/" in names ("_sip+d2t", "!@#3"), and raw UTF-8 in names and strings; BIND and zonesync read them (RFC 1035 §5.1 asks only for "." and blanks to be escaped)', matches: (l) => /[+!@#]|[\u0080-\uffff]/.test(l) },
  { reference: 'knot', why: 'kzonecheck runs semantic checks: an in-zone NS target without an address is "missing glue", which zonesync reports by lint, not as a read error', matches: (l) => / IN NS /.test(l) },
  { reference: 'knot', why: 'Knot takes CAA tags that are not letters and digits; RFC 8659 §4.1 and BIND refuse them', matches: (l) => / IN CAA \d+ \S*[^A-Za-z0-9\s]\S* /.test(l) },
  { reference: 'knot', why: 'Knot 3.2 loads a TXT character-string longer than 255 bytes; RFC 1035 §3.3 and BIND refuse it, and so does zonesync', matches: (l) => / IN (TXT|SPF) /.test(l) && /x{250}/.test(l) },
  { reference: 'knot', why: 'a backslash before anything but "," or "\\" in an alpn id: Knot keeps it, BIND drops it, zonesync refuses (RFC 9460 A.1)', matches: (l) => /alpn=/.test(l) },
  { reference: 'bind', why: 'CDS and CDNSKEY at the apex need the DNSKEY they name: BIND checks that on load, zonesync leaves DNSKEY to the signer', matches: (l) => /^@ IN (CDS|CDNSKEY) /.test(l) },
  { reference: 'bind', why: 'a CNAME beside other data (here the apex SOA and NS) is a lint error in zonesync (cname-at-apex, cname-beside-data: validate and plan refuse it), not a read error', matches: (l) => /^@ IN CNAME /.test(l) },
  { reference: 'bind', why: 'a DNAME at the apex occludes the whole zone below it (RFC 6672 §2.3): BIND refuses that zone; zonesync refuses data below a DNAME by lint (dname-occludes: validate and plan refuse it), not as a read error', matches: (l) => /^@ IN DNAME /.test(l) },
  { reference: 'bind', why: 'SvcParams in alias mode: RFC 9460 §2.4.2 says SHOULD NOT (recipients ignore them); BIND loads them, zonesync refuses them', matches: (l) => / IN (SVCB|HTTPS) 0 \S+ \S/.test(l) },
  { reference: 'knot', why: 'SvcParams in alias mode: RFC 9460 §2.4.2 says SHOULD NOT (recipients ignore them); Knot loads them, zonesync refuses them', matches: (l) => / IN (SVCB|HTTPS) 0 \S+ \S/.test(l) },
  { reference: 'knot', why: 'Knot loads a LOC latitude past 90° or longitude past 180° when minutes or seconds take it there; RFC 1876 and BIND refuse it, and so does zonesync', matches: (l) => / IN LOC (90 |\S+ \S+ \S+ [NS] 180 )/.test(l) },
  { reference: 'bind', why: 'an apex NS whose in-zone target has no address: BIND refuses the zone; zonesync sets the apex NS from `delegate` (it warns and drops the apex NS of a file)', matches: (l) => /^@ IN NS /.test(l) },
  { reference: 'knot', why: 'Knot checks DS/CDS digest and SSHFP fingerprint lengths only for the types it knows; zonesync and BIND check 1, 2 (and DS 3, 4)', matches: (l) => /\b(DS|CDS|SSHFP)\b/.test(l) },
];

const hexOf = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('hex'));
const anyHex = fc.integer({ min: 1, max: 40 }).chain(hexOf);
const base64 = fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => Buffer.from(b).toString('base64'));
const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 65535 });

/** A label: host-name characters, escapes (`\.`, `\DDD`), DNS-SD and classless characters, UTF-8, upper case. */
const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/),
  fc.constantFrom('_sip+d2t', '_tcp', '35', '32/27', 'A\\065b', 'a\\.b', 'caf\\195\\169', 'x\\032y', 'Www', '!@#3', '\\200\\201'),
);
const relName = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
const target = fc.oneof(relName, relName.map((n) => `${n}.example.net.`), fc.constant('.'), fc.constant('@'));

const charString = fc
  .array(fc.oneof(fc.stringMatching(/^[a-zA-Z0-9 =:;.-]{1,20}$/), fc.constantFrom('\\"', '\\\\', '\\;', '\\195\\169', '\\000', 'é', ';')), { maxLength: 20 })
  .map((parts) => parts.join(''));
const longString = fc.integer({ min: 250, max: 260 }).map((n) => 'x'.repeat(n));
const txt = fc.array(fc.oneof(charString, longString).map((s) => `"${s}"`), { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));

const alpnId = fc.oneof(fc.constantFrom('h2', 'h3', 'http/1.1', 'h\\\\,3', 'a\\\\\\\\b', 'x\\044y', 'a\\\\x'), fc.stringMatching(/^[a-z0-9]{1,6}$/));
const svcParam = fc.oneof(
  fc.array(alpnId, { minLength: 1, maxLength: 3 }).map((ids) => `alpn="${ids.join(',')}"`),
  fc.constantFrom('alpn=a,,b', 'alpn=', 'no-default-alpn', 'port=443', 'port="8443"', 'port=65536', 'ipv4hint=192.0.2.1,192.0.2.2', 'ipv4hint="10.10.10.10"', 'ipv4hint=1.2.3', 'ipv6hint=2001:db8::1', 'ech=AAEC', 'ech=', 'ech=!!'),
  fc.constantFrom('mandatory=alpn', 'mandatory=port', 'mandatory=mandatory', 'mandatory=alpn,alpn', 'dohpath=/dns-query{?dns}', 'dohpath=/q', 'key7="/q{?dns}"', 'key65000="a b"', 'key9', 'key65535', 'key1=h2', 'ALPN=h2', 'key007=1'),
);
const svcb = fc
  .tuple(fc.integer({ min: 0, max: 3 }), target, fc.array(svcParam, { maxLength: 4 }))
  .map(([p, t, params]) => [String(p), t, ...params].join(' '));

const digest = fc.tuple(u16, u8, fc.constantFrom(1, 2, 4, 9), fc.boolean()).chain(([k, a, t, right]) => {
  const want = { 1: 20, 2: 32, 4: 48 }[t as 1 | 2 | 4];
  return (right && want !== undefined ? hexOf(want) : anyHex).map((h) => `${k} ${a} ${t} ${h}`);
});
const loc = fc
  .tuple(fc.integer({ min: 0, max: 91 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 59999 }), fc.constantFrom('N', 'S'), fc.integer({ min: 0, max: 180 }), fc.constantFrom('E', 'W'), fc.integer({ min: -100000, max: 100000 }), fc.constantFrom('', ' 1m', ' 30m 0.5m', ' 10 10000 10'))
  .map(([d, m, ms, ns, e, ew, alt, rest]) => `${d} ${m} ${(ms / 1000).toFixed(3)} ${ns} ${e} ${ew} ${alt}m${rest}`);

/** Presentation rdata by type, valid and near-valid. */
export const RDATA: Record<string, fc.Arbitrary<string>> = {
  A: fc.oneof(fc.tuple(u8, u8, u8, u8).map((p) => p.join('.')), fc.constantFrom('256.1.1.1', '1.2.3', '01.2.3.4')),
  AAAA: fc.oneof(fc.tuple(u16, u16).map(([a, b]) => `2001:db8::${a.toString(16)}:${b.toString(16)}`), fc.constantFrom('2001:db8:::1', '::ffff:1.2.3.4', '1::2::3')),
  CNAME: target,
  DNAME: target,
  NS: target,
  PTR: target,
  MX: fc.tuple(fc.integer({ min: 0, max: 70000 }), target).map(([p, t]) => `${p} ${t}`),
  SRV: fc.tuple(u16, u16, u16, target).map((p) => p.join(' ')),
  TXT: txt,
  SPF: txt,
  CAA: fc.tuple(fc.constantFrom(0, 128, 256), fc.constantFrom('issue', 'issuewild', 'iodef', 'ISSUE', 'tag-x'), charString).map(([f, t, v]) => `${f} ${t} "${v}"`),
  DS: digest,
  CDS: digest,
  SSHFP: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 2), fc.boolean()).chain(([a, t, right]) => (right ? hexOf(t === 1 ? 20 : 32) : anyHex).map((h) => `${a} ${t} ${h}`)),
  TLSA: fc.tuple(u8, u8, u8, anyHex).map((p) => p.join(' ')),
  SMIMEA: fc.tuple(u8, u8, u8, anyHex).map((p) => p.join(' ')),
  SVCB: svcb,
  HTTPS: svcb,
  NAPTR: fc.tuple(u16, u16, fc.constantFrom('S', 'U', 'a', ''), fc.constantFrom('SIP+D2U', 'E2U+sip', ''), fc.constantFrom('', '!^.*$!sip:info@example.com!', '!^(.*)$!\\\\1!'), target).map(([o, p, f, s, r, t]) => `${o} ${p} "${f}" "${s}" "${r}" ${t}`),
  LOC: loc,
  URI: fc.tuple(u16, u16, charString).map(([p, w, t]) => `${p} ${w} "${t}"`),
  HINFO: fc.tuple(charString, charString).map(([a, b]) => `"${a}" "${b}"`),
  RP: fc.tuple(target, target).map((p) => p.join(' ')),
  OPENPGPKEY: fc.oneof(base64, fc.constant('not*base64')),
  CDNSKEY: fc.tuple(fc.constantFrom(256, 257), fc.constant(3), fc.constantFrom(8, 13, 15), base64).map((p) => p.join(' ')),
  CERT: fc.tuple(fc.constantFrom('PKIX', '1', 'PGP', '65535'), u16, fc.constantFrom('RSASHA256', '8', '13'), base64).map((p) => p.join(' ')),
  TYPE65280: fc.tuple(fc.uint8Array({ maxLength: 12 }), fc.integer({ min: -1, max: 1 })).map(([b, off]) => `\\# ${b.length + (b.length > 0 ? off : 0)} ${Buffer.from(b).toString('hex')}`.trim()),
};

export interface Sample {
  owner: string;
  type: string;
  rdata: string;
  /** `$ORIGIN sub` before the record, so relative names resolve below the apex. */
  sub: boolean;
}

export const sample: fc.Arbitrary<Sample> = fc
  .tuple(fc.oneof(relName, fc.constant('@'), relName.map((n) => `*.${n}`)), fc.constantFrom(...Object.keys(RDATA)), fc.boolean())
  .chain(([owner, type, sub]) => (RDATA[type] as fc.Arbitrary<string>).map((rdata) => ({ owner, type, rdata, sub })));

export function zoneText(s: Sample): string {
  return `${HEAD}${s.sub ? '$ORIGIN sub.example.com.\n' : ''}${s.owner} IN ${s.type} ${s.rdata}\n`;
}

export interface Outcome {
  zonesync: { ok: boolean; records: string[]; error?: string };
  bind: { ok: boolean; records: string[]; error?: string };
  knot: { ok: boolean; error?: string };
}

/** Records other than the fixed head, as `owner TYPE canonical-rdata`, sorted. */
function fromZonesync(text: string): Outcome['zonesync'] {
  const result = parseMasterFile(text, 'z.zone', ORIGIN, () => undefined);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { ok: false, records: [], error: errors.map((p) => p.message).join('; ') };
  const records = result.zone.rrsets.filter((r) => r.name !== `ns.${ORIGIN}` && !(r.type === 'NS' && r.name === ORIGIN)).flatMap((r) => r.values.map((v) => `${r.name} ${r.type} ${v}`));
  return { ok: true, records: records.sort() };
}

function fromBind(file: string): Outcome['bind'] {
  const run = spawnSync('named-compilezone', ['-q', '-k', 'ignore', '-i', 'none', '-n', 'ignore', '-m', 'ignore', '-r', 'ignore', '-M', 'ignore', '-S', 'ignore', '-T', 'ignore', '-W', 'ignore', '-s', 'full', '-o', '-', 'example.com', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    const why = spawnSync('named-compilezone', ['-k', 'ignore', '-i', 'none', '-o', '/dev/null', 'example.com', file], { encoding: 'utf8' });
    return { ok: false, records: [], error: `${why.stdout}${why.stderr}`.split('\n').find((l) => l.includes(':')) ?? 'refused' };
  }
  const records: string[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^(\S+)\s+\d+\s+IN\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, owner = '', type = '', rdata = ''] = m;
    if (type === 'SOA' || (type === 'NS' && owner === ORIGIN) || owner === `ns.${ORIGIN}`) continue;
    if (!isRecordType(type)) throw new Error(`named-compilezone wrote a type zonesync does not know: ${line}`);
    const canonical = canonicalRdata(type, rdata, '.');
    // zonesync's names are lowercase; BIND keeps the case of the first owner it read.
    records.push(`${owner.toLowerCase()} ${type} ${canonical.ok ? canonical.value : `unreadable: ${rdata} (${canonical.error})`}`);
  }
  return { ok: true, records: records.sort() };
}

function fromKnot(file: string): Outcome['knot'] {
  const run = spawnSync('kzonecheck', ['-o', 'example.com', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0 ? { ok: true } : { ok: false, error: `${run.stdout}${run.stderr}`.split('\n')[0] ?? 'refused' };
}

export class Differential {
  private readonly dir = mkdtempSync(join(tmpdir(), 'zonesync-diff-'));
  private n = 0;

  run(text: string): Outcome {
    const file = join(this.dir, `z${this.n++}.zone`);
    writeFileSync(file, text);
    return { zonesync: fromZonesync(text), bind: fromBind(file), knot: fromKnot(file) };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What differs from each reference that KNOWN does not explain; empty when they agree. */
export function unexplained(text: string, outcome: Outcome): string[] {
  const line = text.trimEnd().split('\n').at(-1) as string;
  const known = (reference: Known['reference']) => KNOWN.some((k) => k.reference === reference && k.matches(line));
  const out: string[] = [];
  if (outcome.zonesync.ok !== outcome.bind.ok && !known('bind')) {
    out.push(`BIND ${outcome.bind.ok ? 'loads' : `refuses (${outcome.bind.error})`}, zonesync ${outcome.zonesync.ok ? 'reads' : `refuses (${outcome.zonesync.error})`}: ${line}`);
  }
  if (outcome.zonesync.ok && outcome.bind.ok && JSON.stringify(outcome.zonesync.records) !== JSON.stringify(outcome.bind.records) && !known('bind-records')) {
    out.push(`records differ for ${line}: zonesync ${JSON.stringify(outcome.zonesync.records)}, BIND ${JSON.stringify(outcome.bind.records)}`);
  }
  if (outcome.zonesync.ok !== outcome.knot.ok && !known('knot')) {
    out.push(`Knot ${outcome.knot.ok ? 'loads' : `refuses (${outcome.knot.error})`}, zonesync ${outcome.zonesync.ok ? 'reads' : `refuses (${outcome.zonesync.error})`}: ${line}`);
  }
  return out;
}
