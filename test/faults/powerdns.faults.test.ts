import { startPowerDns } from '../harness/pdns.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { runFaultMatrix } from './matrix.js';

// PowerDNS counts no requests itself: writes are the PATCHes the proxy forwarded to it.
runFaultMatrix('powerdns', new Set(['writeReset', 'write429', 'write503', 'readReset']), async () => {
  const pdns = await startPowerDns();
  const proxy = await startFaultProxy({ target: pdns.url });
  return {
    rig: {
      id: 'pdns',
      proxy,
      env: { PDNS_API_KEY: pdns.apiKey },
      block: () => `{ type: powerdns, url: '${proxy.url}', apiKey: '\${PDNS_API_KEY}', timeoutMs: 3000 }`,
      writes: { method: 'PATCH' },
      writesAtTarget: () => proxy.counters.forwardedByMethod.PATCH ?? 0,
      // PowerDNS keys rrsets by name and type: a PATCH cannot hold one twice.
      duplicates: async () => [],
    },
    async stop() {
      await proxy.close();
      await pdns.stop();
    },
  };
});
