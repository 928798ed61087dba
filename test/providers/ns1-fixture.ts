import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';

export interface Ns1Fixture {
  sim: Ns1Simulator;
  provider: ReturnType<typeof createNs1Provider>;
  /** A fresh zone per test, created on the simulator, absolute (`p1.example.`). */
  zone: string;
}

/** One NS1 simulator and a provider on it per test file (asking its nameserver for verify), a fresh zone per test. */
export function useNs1(zonePrefix: string): Ns1Fixture {
  const fixture = {} as Ns1Fixture;
  let counter = 0;
  beforeAll(async () => {
    fixture.sim = await startNs1Simulator();
    fixture.provider = createNs1Provider('ns1', { type: 'ns1', apiKey: fixture.sim.apiKey, endpoint: fixture.sim.baseUrl, nameservers: [`${fixture.sim.dns.address}:${fixture.sim.dns.port}`] });
  });
  afterAll(async () => {
    await fixture.sim?.close();
  });
  beforeEach(async () => {
    fixture.zone = `${zonePrefix}${++counter}.example.`;
    await fixture.provider.ensureZone(fixture.zone);
  });
  return fixture;
}
