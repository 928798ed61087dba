import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { runConformance } from '../conformance/suite.js';
import { startPowerDnsPair, type PowerDnsPair } from '../harness/pdns.js';

let pair: PowerDnsPair | undefined;

// Two pdns_server processes on one database: every state must be served by both nameservers.
runConformance('powerdns', {
  async setup() {
    pair = await startPowerDnsPair();
    const nameservers = [pair.primary.dns, pair.secondary.dns];
    const config = powerdnsConfigSchema.parse({
      type: 'powerdns',
      url: pair.primary.url,
      apiKey: pair.apiKey,
      nameservers: nameservers.map((ns) => `${ns.address}:${ns.port}`),
      timeoutMs: 10_000,
    });
    return { provider: createPowerDnsProvider('pdns', config), nameservers };
  },
  async teardown() {
    await pair?.stop();
  },
});
