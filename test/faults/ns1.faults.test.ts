import { startNs1Simulator } from '../simulators/ns1/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { HOSTS } from './rig.js';
import { runFaultMatrix } from './matrix.js';

runFaultMatrix('ns1', new Set(['writeReset', 'write429', 'write503', 'readReset']), async () => {
  const sim = await startNs1Simulator();
  const origin = new URL(sim.baseUrl);
  const proxy = await startFaultProxy({ target: origin.origin });
  return {
    rig: {
      id: 'ns1',
      proxy,
      env: { NS1_API_KEY: sim.apiKey },
      block: () => `{ type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${proxy.url}${origin.pathname}' }`,
      // Record writes: /v1/zones/{zone}/{domain}/{type}.
      writes: { method: ['PUT', 'POST', 'DELETE'], path: /\/zones\/[^/]+\/[^/]+\/[^/]+$/ },
      // The simulator counts the writes that reached it.
      writesAtTarget: () => sim.counters.writes,
      // NS1 holds one record per domain and type: a duplicate would be an answer held twice.
      async duplicates(zone) {
        const name = zone.replace(/\.$/, '');
        const dups: string[] = [];
        for (let i = 0; i < HOSTS; i++) {
          const record = sim.record(name, `h${i}.${name}`, 'A') as { answers?: Array<{ answer: unknown[] }> } | undefined;
          const answers = (record?.answers ?? []).map((a) => JSON.stringify(a.answer));
          dups.push(...answers.filter((a, j) => answers.indexOf(a) !== j).map((a) => `h${i} A ${a}`));
        }
        return dups;
      },
    },
    async stop() {
      await proxy.close();
      await sim.close();
    },
  };
});
