import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { runConformance } from '../conformance/suite.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';

let sim: Ns1Simulator;

runConformance('ns1 (simulator)', {
  async setup() {
    // Rate limits are tested on their own (ns1-simulator.test.ts); here they would only pace ~400 writes.
    sim = await startNs1Simulator({ limits: { read: 100_000, write: 100_000, periodSeconds: 300 } });
    const provider = createNs1Provider('ns1', { type: 'ns1', apiKey: sim.apiKey, endpoint: sim.baseUrl, nameservers: [`${sim.dns.address}:${sim.dns.port}`] });
    return { provider, nameservers: [sim.dns] };
  },
  async teardown() {
    await sim.close();
  },
});
