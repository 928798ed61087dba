import { startCloudflareSimulator } from '../simulators/cloudflare/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { runFaultMatrix } from './matrix.js';

const WRITES = ['records.create', 'records.batch', 'records.update', 'records.edit', 'records.delete'];

runFaultMatrix('cloudflare', new Set(['writeReset', 'write429', 'write503', 'readReset']), async () => {
  const sim = await startCloudflareSimulator();
  const origin = new URL(sim.baseUrl);
  const proxy = await startFaultProxy({ target: origin.origin });
  return {
    rig: {
      id: 'cf',
      proxy,
      env: { CLOUDFLARE_API_TOKEN: sim.token },
      block: () => `{ type: cloudflare, apiToken: '\${CLOUDFLARE_API_TOKEN}', endpoint: '${proxy.url}${origin.pathname}', accountId: faults, timeoutMs: 3000 }`,
      writes: { method: ['POST', 'PUT', 'PATCH', 'DELETE'], path: /\/dns_records/ },
      // The simulator counts every request that reached it, by kind.
      writesAtTarget: () => WRITES.reduce((n, kind) => n + (sim.requestsByKind[kind] ?? 0), 0),
      async duplicates(zone) {
        const keys = sim.records(zone.replace(/\.$/, '')).map((r) => `${r.name} ${r.type} ${r.content}`);
        return keys.filter((k, i) => keys.indexOf(k) !== i);
      },
    },
    async stop() {
      await proxy.close();
      await sim.close();
    },
  };
});
