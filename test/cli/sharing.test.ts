import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #19 end to end, through bin/run.js with real config files against one real PowerDNS zone:
 * other writers' records (an ACME token, an external-dns A with its registry TXT, a console CNAME)
 * are left alone byte for byte by plan, apply and rollback; two configs with different ownership
 * ids share the zone; octoDNS's ignored / excluded / included pick what reaches the target.
 */

const ZONE = 'shared.example.';
let pdns: PowerDnsServer;
const spaces: Workspace[] = [];

interface PdnsRRset {
  name: string;
  type: string;
  ttl: number;
  records: Array<{ content: string; disabled: boolean }>;
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${pdns.url}/api/v1/servers/localhost${path}`, { ...init, headers: { 'X-API-Key': pdns.apiKey, 'Content-Type': 'application/json' } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

async function liveRRsets(): Promise<PdnsRRset[]> {
  const zone = (await (await api(`/zones/${ZONE}`)).json()) as { rrsets: PdnsRRset[] };
  return zone.rrsets.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, records: [...r.records].sort((a, b) => (a.content < b.content ? -1 : 1)) })).sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`));
}

const key = (r: { name: string; type: string }) => `${r.name} ${r.type}`;
const FOREIGN: PdnsRRset[] = [
  { name: `_acme-challenge.www.${ZONE}`, type: 'TXT', ttl: 60, records: [{ content: '"acme-token-1"', disabled: false }] },
  { name: `web.${ZONE}`, type: 'A', ttl: 300, records: [{ content: '192.0.2.7', disabled: false }] },
  { name: `a-web.${ZONE}`, type: 'TXT', ttl: 300, records: [{ content: '"heritage=external-dns,external-dns/owner=k8s,external-dns/resource=ingress/default/web"', disabled: false }] },
  { name: `console.${ZONE}`, type: 'CNAME', ttl: 300, records: [{ content: 'elsewhere.example.net.', disabled: false }] },
  // Declared `ignored: true` in repo A's zone file: octoDNS leaves the live record as it is.
  { name: `ig.${ZONE}`, type: 'A', ttl: 300, records: [{ content: '198.51.100.9', disabled: false }] },
];

const RULES = ['    ignore:', "      - { name: '_acme-challenge.**', type: TXT }", '      - { owner: external-dns, id: k8s }', '      - { name: console, type: CNAME }'];

async function repo(zone: string[], file: string): Promise<Workspace> {
  const ws = await makeWorkspace({
    'zonesync.yaml': [`providers:`, `  pdns: { type: powerdns, url: "${pdns.url}", apiKey: "\${PDNS_KEY}" }`, `  other: { type: file, directory: served }`, 'defaults:', '  safety: { minExistingRecords: 1 }', 'zones:', `  ${ZONE}:`, '    file: zones/z.yaml', '    targets: [pdns]', ...zone, ''].join('\n'),
    'zones/z.yaml': file,
  });
  spaces.push(ws);
  return ws;
}

const cli = (ws: Workspace, args: string[]) => runCli(args, { cwd: ws.dir, env: { PDNS_KEY: pdns.apiKey } });
const API = ['--verify', 'api'];

beforeAll(async () => {
  pdns = await startPowerDns();
  await api('/zones', { method: 'POST', body: JSON.stringify({ name: ZONE, kind: 'Native', nameservers: ['ns1.shared.example.'] }) });
  await api(`/zones/${ZONE}`, { method: 'PATCH', body: JSON.stringify({ rrsets: FOREIGN.map((r) => ({ ...r, changetype: 'REPLACE' })) }) });
}, 60_000);

afterAll(async () => {
  await pdns?.stop();
  for (const ws of spaces) await ws.cleanup();
});

const foreignNow = async () => (await liveRRsets()).filter((r) => FOREIGN.some((f) => key(f) === key(r)));

describe('sharing one PowerDNS zone (issue #19)', () => {
  const fileA = [
    'www: { type: A, ttl: 300, value: 192.0.2.1 }',
    'ig: { type: A, value: 203.0.113.1, octodns: { ignored: true } }',
    'ex: { type: A, value: 203.0.113.2, octodns: { excluded: [pdns] } }',
    'inc: { type: A, value: 203.0.113.3, octodns: { included: [pdns] } }',
    'offsite: { type: A, value: 203.0.113.4, octodns: { included: [other] } }',
    '',
  ].join('\n');

  it('without rules, the plan deletes the other writers\' records and the safety rule counts them', async () => {
    const bare = await repo([], 'www: { type: A, value: 192.0.2.1 }\n');
    const plan = await cli(bare, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    for (const f of FOREIGN) expect(plan.stdout).toContain(`- ${f.name} ${f.ttl} IN ${f.type} ${f.records[0]?.content ?? ""}`);
    expect(plan.stdout).toContain('deletes 5 of 5 rrsets (100.0%), above maxDeletePercent 30%');
  });

  it('repo A: a declared rrset its rules also ignore is refused at validate, with its line', async () => {
    const wrong = await repo(RULES, 'www: { type: A, value: 192.0.2.1 }\n_acme-challenge: { type: TXT, value: mine }\n');
    const validate = await cli(wrong, ['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toMatch(/zones\/z\.yaml:2:1: .*_acme-challenge\.shared\.example\. TXT.*declared, and also left alone by ignore rule 1/);
  });

  let a: Workspace;
  let b: Workspace;
  it('repo A: left alone is listed; apply writes its own records and claims; foreign records stay byte for byte; it re-plans empty', async () => {
    a = await repo([...RULES, '    ownership: { id: repo-a }'], fileA);
    const before = await foreignNow();
    const plan = await cli(a, ['plan', '--full']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('left alone: 5 rrsets (not changed, deleted or counted by the safety rules)');
    expect(plan.stdout).toContain("1 × ignore rule 1 { name: _acme-challenge.**, type: TXT }");
    expect(plan.stdout).toContain('2 × external-dns owner k8s (its records and registry TXT)');
    expect(plan.stdout).toContain('1 × octodns: ignored');
    expect(plan.stdout).toContain(`    console.${ZONE} CNAME`);
    expect(plan.stdout).not.toContain(`ex.${ZONE} A`);
    expect(plan.stdout).not.toContain('offsite');
    const json = JSON.parse((await cli(a, ['plan', '--format', 'json'])).stdout) as { zones: Array<{ leftAlone: unknown[]; liveRRsets: number }> };
    expect(json.zones[0]?.leftAlone).toHaveLength(5);
    const applied = await cli(a, ['apply', '--yes', ...API]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await foreignNow()).toEqual(before);
    const live = (await liveRRsets()).map(key);
    expect(live).toEqual(expect.arrayContaining([`www.${ZONE} A`, `inc.${ZONE} A`, `_zonesync-a-www.${ZONE} TXT`, `_zonesync-a-inc.${ZONE} TXT`]));
    expect(live).not.toContain(`ex.${ZONE} A`);
    expect(live).not.toContain(`offsite.${ZONE} A`);
    const again = await cli(a, ['plan']);
    expect(again.stdout).toContain('No changes.');
  });

  it('repo A: rollback undoes only its own run; the other writers\' records stay byte for byte; apply again', async () => {
    const before = await foreignNow();
    const undone = await cli(a, ['rollback', '--yes', ...API]);
    expect(undone.code, undone.stdout + undone.stderr).toBe(0);
    expect(await foreignNow()).toEqual(before);
    expect((await liveRRsets()).map(key)).not.toContain(`www.${ZONE} A`);
    expect((await cli(a, ['apply', '--yes', ...API])).code).toBe(0);
  });

  it('repo B, another ownership id: applies its own records beside A\'s; both sets are live and each re-plans empty', async () => {
    b = await repo([...RULES, "      - { name: ig }", '    ownership: { id: repo-b }'], 'api: { type: CNAME, value: www.shared.example. }\nmail: { type: MX, value: { preference: 10, exchange: mx.example.net. } }\n');
    const plan = await cli(b, ['plan', '--full']);
    expect(plan.stdout).toContain('claimed by zonesync ownership id repo-a');
    expect(plan.stdout).not.toMatch(/^\s+- /m);
    const applied = await cli(b, ['apply', '--yes', ...API]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const live = (await liveRRsets()).map(key);
    expect(live).toEqual(expect.arrayContaining([`www.${ZONE} A`, `inc.${ZONE} A`, `api.${ZONE} CNAME`, `mail.${ZONE} MX`, `_zonesync-cname-api.${ZONE} TXT`, `_zonesync-mx-mail.${ZONE} TXT`]));
    expect((await cli(a, ['plan'])).stdout).toContain('No changes.');
    expect((await cli(b, ['plan'])).stdout).toContain('No changes.');
    expect(await foreignNow()).toEqual(FOREIGN.map((f) => ({ ...f })).sort((x, y) => key(x).localeCompare(key(y))));
  });
});

describe('octoDNS record flags across two targets (octodns/zone/base.py Zone.changes)', () => {
  const OCTO = 'octo.example.';
  it('ignored: left as it is everywhere; excluded / included: on the targets they pick, live records elsewhere untouched', async () => {
    await api('/zones', { method: 'POST', body: JSON.stringify({ name: OCTO, kind: 'Native', nameservers: ['ns1.octo.example.'] }) });
    const seeded = [
      { name: `ig.${OCTO}`, type: 'A', ttl: 300, records: [{ content: '198.51.100.1', disabled: false }] },
      // Live on pdns, declared `included: [local]`: octoDNS neither deletes nor changes it on pdns.
      { name: `inc.${OCTO}`, type: 'A', ttl: 300, records: [{ content: '198.51.100.3', disabled: false }] },
    ];
    await api(`/zones/${OCTO}`, { method: 'PATCH', body: JSON.stringify({ rrsets: seeded.map((r) => ({ ...r, changetype: 'REPLACE' })) }) });
    const ws = await makeWorkspace({
      'zonesync.yaml': [`providers:`, `  pdns: { type: powerdns, url: "${pdns.url}", apiKey: "\${PDNS_KEY}" }`, `  local: { type: file, directory: served }`, 'zones:', `  ${OCTO}: { file: zones/o.yaml, targets: [pdns, local] }`, ''].join('\n'),
      'zones/o.yaml': [
        'both: { type: A, value: 192.0.2.1 }',
        'ig: { type: A, value: 192.0.2.2, octodns: { ignored: true } }',
        'ex: { type: A, value: 192.0.2.3, octodns: { excluded: [local] } }',
        'inc: { type: A, value: 192.0.2.4, octodns: { included: [local] } }',
        '',
      ].join('\n'),
    });
    spaces.push(ws);
    const applied = await cli(ws, ['apply', '--yes', ...API]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('not supported by zonesync');
    const onPdns = (await (await api(`/zones/${OCTO}`)).json()) as { rrsets: PdnsRRset[] };
    const pdnsA = Object.fromEntries(onPdns.rrsets.filter((r) => r.type === 'A').map((r) => [r.name, r.records.map((x) => x.content)]));
    expect(pdnsA).toEqual({ [`both.${OCTO}`]: ['192.0.2.1'], [`ig.${OCTO}`]: ['198.51.100.1'], [`ex.${OCTO}`]: ['192.0.2.3'], [`inc.${OCTO}`]: ['198.51.100.3'] });
    const served = await readFile(join(ws.dir, 'served', 'octo.example.zone'), 'utf8');
    const localA = served.split('\n').filter((l) => /\sA\s/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());
    expect(localA).toEqual(["both 3600 IN A 192.0.2.1", "inc 3600 IN A 192.0.2.4"]);
    const again = await cli(ws, ['plan']);
    expect(again.stdout).toContain('No changes.');
  });
});
