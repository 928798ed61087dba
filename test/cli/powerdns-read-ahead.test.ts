import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingProxy, type CountingProxy } from '../../bench/counting-proxy.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * `zonesync apply` (bin/run.js) against a real pdns_server through a counting proxy: each chunk's
 * read-back also reads the next chunk's rrsets, so a chunked apply makes one zone GET per chunk
 * (plus the one before chunk 1), not two, and still answers every chunk by DNS.
 */

const ZONE = 'read-ahead.example';
const HOSTS = 300;
const zoneYaml = (last: number) => Array.from({ length: HOSTS }, (_, i) => `h${i}: { type: A, ttl: 60, value: 10.${last}.${i >> 8}.${i & 255} }`).join('\n') + '\n';

let pdns: PowerDnsServer;
let proxy: CountingProxy;
let ws: Workspace;
const log: string[] = [];

beforeAll(async () => {
  pdns = await startPowerDns();
  // GETs of the zone (whole or filtered) and PATCHes; anything else apart.
  proxy = await startCountingProxy(pdns.url, (method, path) => { const kind = path.includes(`/zones/${ZONE}.`) && (method === 'GET' || method === 'PATCH') && !/\/(cryptokeys|metadata|rectify)/.test(path) ? `${method} zone` : `${method} other`; log.push(`${kind} ${path}`); return kind; });
  ws = await makeWorkspace({
    'zonesync.yaml': `providers:\n  pdns: { type: powerdns, url: "${proxy.url}", apiKey: "\${PDNS_KEY}", nameservers: ["${pdns.dns.address}:${pdns.dns.port}"] }\nzones:\n  ${ZONE}: { file: zones/z.yaml, targets: [pdns] }\ndefaults:\n  safety: { maxUpdatePercent: 100, maxDeletePercent: 100, minExistingRecords: 0 }\n`,
    'zones/z.yaml': zoneYaml(0),
  });
}, 30_000);

afterAll(async () => {
  await proxy?.close();
  await pdns?.stop();
  await ws?.cleanup();
});

describe('apply to PowerDNS: one read per chunk', () => {
  it(`${HOSTS} creates into a zone the run creates, in 3 chunks of 100, verified by DNS`, async () => {
    const run = await runCli(['apply', '--yes', '--verify', 'dns', '--chunk-size', '100'], { cwd: ws.dir, env: { PDNS_KEY: pdns.apiKey } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(proxy.count('PATCH zone')).toBe(3);
  }, 60_000);

  for (const [what, last] of [['updates', 1], ['updates again', 2]] as const) {
    it(`${HOSTS} ${what} in 3 chunks of 100, verified by DNS: 3 PATCHes, and zone GETs = plan + lock + before chunk 1 + 3 read-backs + drift check`, async () => {
      const env = { PDNS_KEY: pdns.apiKey };
      await ws.write('zones/z.yaml', zoneYaml(last));
      proxy.reset();
      log.length = 0;
      const run = await runCli(['apply', '--yes', '--verify', 'dns', '--chunk-size', '100'], { cwd: ws.dir, env });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`${ZONE}. on pdns: done, 3 of 3 chunk(s) live`);
      expect(proxy.count('PATCH zone')).toBe(3);
      // Before #24's read-ahead: 2 + 3 × 2 + 1 = 9.
      expect(proxy.count('GET zone'), log.join('\n')).toBe(2 + 1 + 3 + 1);
      expect(run.stdout + run.stderr).not.toContain(pdns.apiKey);
      // api_rectify off for the 3 chunks, one rectify at the end, and back on (src/providers/powerdns/rectify.ts).
      expect(run.stderr).toContain(`${ZONE}. on pdns: PowerDNS: api_rectify off for the run`);
      expect(run.stderr).toContain(`${ZONE}. on pdns: PowerDNS: api_rectify was off during the run; the zone was rectified once at the end; api_rectify on again`);
      expect(proxy.count('PUT other')).toBe(4);
      const metadata = (await pdnsApi(pdns, 'GET', `/zones/${ZONE}./metadata`)) as Array<{ kind: string; metadata: string[] }>;
      expect(metadata.filter((m) => /RECTIFY/.test(m.kind))).toEqual([{ kind: 'API-RECTIFY', metadata: ['1'], type: 'Metadata' }]);
      const plan = await runCli(['plan', '--format', 'json'], { cwd: ws.dir, env });
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).not.toContain(`h1.${ZONE}.`);
    }, 60_000);
  }
});
