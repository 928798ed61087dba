import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lintZone } from '../../src/core/lint.js';
import { danglingTargets } from '../../src/core/lint-targets.js';
import { parseMasterFile } from '../../src/core/zonefile/rfc1035.js';
import { needsIntegration } from '../support/project.js';

/**
 * The `dangling-target` lint (src/core/lint-targets.ts) against named-checkzone's check-integrity
 * (`-i local`: the in-zone checks, no lookups outside the zone): on random zones built from a small
 * pool of names, delegations, wildcards, empty non-terminals and CNAMEs, both name the same MX,
 * SRV and NS targets as having no address, being a CNAME, or lacking required glue. Fixed seed.
 */

const ORIGIN = 'lt.example.';
const OWNERS = ['@', 'a', 'b', 'mail', 'x.ent', '*.w', 'sub', 'ns.sub', 'h.sub', 'old'] as const;
const TARGETS = ['a', 'b', 'mail', 'ent', 'x.ent', 'q.w', 'sub', 'ns.sub', 'h.sub', 'x.old', 'nothere', 'ns1', 'ext.example.net.', '.'];

const fqdn = (name: string) => (name.endsWith('.') ? name : name === '@' ? ORIGIN : `${name}.${ORIGIN}`);
const target = fc.constantFrom(...TARGETS).map((t) => (t === '.' || t.endsWith('.') ? t : fqdn(t)));

type OwnerData = { a: boolean; aaaa: boolean; cname: string | null; mx: string[]; srv: string | null; ns: string[]; dname: boolean };

/** Per owner: which of A, AAAA, CNAME, MX, SRV, NS (only at `sub`), DNAME (only at `old`) it holds. */
const ownerData: fc.Arbitrary<OwnerData> = fc.record({
  a: fc.boolean(),
  aaaa: fc.boolean(),
  cname: fc.option(target, { freq: 4 }),
  mx: fc.array(target, { maxLength: 2 }),
  srv: fc.option(target, { freq: 2 }),
  ns: fc.array(target, { maxLength: 2 }),
  dname: fc.boolean(),
});
const zoneSample = fc.array(ownerData, { minLength: OWNERS.length, maxLength: OWNERS.length });

function zoneText(data: OwnerData[]): string {
  const lines = [`$ORIGIN ${ORIGIN}`, '$TTL 300', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 192.0.2.1'];
  data.forEach((d, i) => {
    const owner = OWNERS[i] as string;
    // A CNAME stands alone (else BIND refuses the zone); the apex never has one.
    if (d.cname && owner !== '@' && owner !== 'sub' && owner !== 'old') {
      lines.push(`${owner} CNAME ${d.cname}`);
      return;
    }
    if (d.a) lines.push(`${owner} A 192.0.2.${i + 10}`);
    if (d.aaaa) lines.push(`${owner} AAAA 2001:db8::${i + 10}`);
    d.mx.forEach((t, j) => lines.push(`${owner} MX ${j} ${t}`));
    if (d.srv && owner !== 'sub') lines.push(`_s._tcp.${owner === '@' ? ORIGIN : fqdn(owner)} SRV 0 0 80 ${d.srv}`);
    if (owner === 'sub') {
      const ns = d.ns.filter((t) => t !== '.');
      if (ns.length > 0) ns.forEach((t) => lines.push(`sub NS ${t}`));
    }
    if (owner === 'old' && d.dname) lines.push(`old DNAME new.example.net.`);
  });
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'zonesync-lint-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** named-checkzone's findings, as `owner TYPE target kind`; undefined when it refuses the zone. */
function fromNamed(text: string): string[] | undefined {
  const file = join(dir, 'z.zone');
  writeFileSync(file, text);
  const run = spawnSync('named-checkzone', ['-i', 'local', ORIGIN, file], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const found: string[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^zone [^ ]+: (\S+)\/(MX|SRV|NS) '(\S+)' (is a CNAME \(illegal\)|has no address records|has no REQUIRED GLUE)/.exec(line);
    if (m) found.push(`${m[1]}. ${m[2]} ${m[3]}. ${m[4]?.startsWith('is a CNAME') ? 'cname' : m[4]?.includes('GLUE') ? 'glue' : 'address'}`);
  }
  return [...new Set(found)].sort();
}

function fromZonesync(text: string): string[] {
  const parsed = parseMasterFile(text, 'z.zone', ORIGIN, () => undefined);
  const problems = lintZone(parsed.zone, { targets: ['a', 'b'] }, [danglingTargets]);
  const found: string[] = [];
  for (const p of problems) {
    const [owner, type] = (p.record ?? '').split(' ');
    if (type !== 'MX' && type !== 'SRV' && type !== 'NS') continue;
    const t = / (\S+\.) (?:is a CNAME|has no address|is at or inside the delegation)/.exec(p.message)?.[1];
    const kind = p.message.includes('is a CNAME') ? 'cname' : p.message.includes('needs glue') ? 'glue' : 'address';
    found.push(`${owner} ${type} ${t} ${kind}`);
  }
  return [...new Set(found)].sort();
}

describe('dangling-target against named-checkzone -i local', () => {
  needsIntegration('named-checkzone');

  it('the same MX, SRV and NS targets found, for the same reason', () => {
    let compared = 0;
    fc.assert(
      fc.property(zoneSample, (data) => {
        const text = zoneText(data);
        const named = fromNamed(text);
        if (named === undefined) return;
        compared++;
        expect(fromZonesync(text), text).toEqual(named);
      }),
      { seed: 2181, numRuns: 200 },
    );
    // Most samples are zones BIND loads; a run that compared almost none would prove nothing.
    expect(compared).toBeGreaterThan(150);
  });
});
