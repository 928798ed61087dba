import { ListHostedZonesCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { MOTO_CREDENTIALS, startMoto } from '../harness/moto.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { runFaultMatrix } from './matrix.js';

// The provider takes credentials from the standard AWS chain; this file runs in its own process.
process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
process.env.AWS_REGION = 'us-east-1';

const CHANGE = /\/hostedzone\/[^/]+\/rrset\/?$/;

// Route 53 retries throttling on every call, and resets or 5xx on reads; a write whose answer was lost is left to resume.
runFaultMatrix('route53', new Set(['write429', 'readReset']), async () => {
  const moto = await startMoto();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const direct = new Route53Client({ region: 'us-east-1', endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  // moto counts nothing: writes are the ChangeResourceRecordSets calls the proxy forwarded to it.
  const forwarded = proxy.counters;
  return {
    rig: {
      id: 'r53',
      proxy,
      env: {},
      block: () => `{ type: route53, endpoint: '${proxy.url}' }`,
      writes: { method: 'POST', path: CHANGE },
      writesAtTarget: () => forwarded.forwardedRequests.filter((r) => r.startsWith('POST ') && CHANGE.test(r.slice(5).replace(/\?.*$/, ''))).length,
      // moto keeps a second copy of an rrset that is CREATEd twice: list every rrset it holds.
      async duplicates(zone) {
        const zones = await direct.send(new ListHostedZonesCommand({}));
        const id = zones.HostedZones?.find((z) => z.Name === zone)?.Id ?? '';
        const page = await direct.send(new ListResourceRecordSetsCommand({ HostedZoneId: id, MaxItems: 1000 }));
        const keys = (page.ResourceRecordSets ?? []).map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ''}`);
        return keys.filter((k, i) => keys.indexOf(k) !== i);
      },
    },
    async stop() {
      await proxy.close();
      await moto.stop();
    },
  };
});
