import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { runConformance } from '../conformance/suite.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';

let sim: CloudflareSimulator;

runConformance('cloudflare (simulator)', {
  async setup() {
    sim = await startCloudflareSimulator();
    const provider = createCloudflareProvider('cf', {
      type: 'cloudflare', apiToken: sim.token, endpoint: sim.baseUrl, accountId: 'conformance',
      nameservers: [`${sim.dns.address}:${sim.dns.port}`],
    });
    return { provider, zone: 'conformance.example.', nameservers: [sim.dns] };
  },
  async teardown() {
    await sim.close();
  },
});
