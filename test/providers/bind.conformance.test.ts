import { CONFORMANCE_ZONE } from '../conformance/scenario.js';
import { runConformance } from '../conformance/suite.js';
import { bindConfigSchema, createBindProvider } from '../../src/providers/bind/provider.js';
import { startBind, type BindServer } from '../harness/bind.js';

let bind: BindServer | undefined;

runConformance('bind', {
  async setup() {
    // An apex NS outside the zone: the suite empties the zone, and named refuses to drop an in-zone NS's address.
    bind = await startBind({ zones: [CONFORMANCE_ZONE], apexNameserver: 'ns1.elsewhere.example.' });
    const provider = createBindProvider('bind', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
    return { provider, nameservers: await provider.nameservers(CONFORMANCE_ZONE) };
  },
  async teardown() {
    await bind?.stop();
  },
});
