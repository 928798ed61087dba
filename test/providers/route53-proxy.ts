import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { CidrSim } from './route53-cidr-sim.js';
import { dnssecAction, FakeRoute53Dnssec, type DnssecAction } from './route53-dnssec.js';

/** A tiny HTTP proxy in front of moto that counts Route 53 calls, can answer some of them itself, and serves the CIDR collections moto lacks (route53-cidr-sim.ts). */

export type Route53Action =
  | 'ListHostedZones'
  | 'CreateHostedZone'
  | 'GetHostedZone'
  | 'ListResourceRecordSets'
  | 'ChangeResourceRecordSets'
  | 'GetChange'
  | 'CreateHealthCheck'
  | 'ListHealthChecks'
  | 'DeleteHealthCheck'
  | 'ChangeTagsForResource'
  | 'ListTagsForResources'
  | 'CreateCidrCollection'
  | 'ChangeCidrCollection'
  | 'ListCidrCollections'
  | 'ListCidrLocations'
  | 'ListCidrBlocks'
  | 'DeleteCidrCollection'
  | DnssecAction
  | 'Other';

export interface ProxiedCall {
  action: Route53Action;
  /** True when the proxy answered instead of moto. */
  injected: boolean;
}

export interface Injection {
  status: number;
  body: string;
}

export const THROTTLING: Injection = { status: 400, body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>' };
export const PRIOR_REQUEST_NOT_COMPLETE: Injection = {
  status: 400,
  body: '<ErrorResponse><Error><Type>Sender</Type><Code>PriorRequestNotComplete</Code><Message>The request was rejected because Route 53 was still processing a prior request.</Message></Error><RequestId>x</RequestId></ErrorResponse>',
};

export function route53Action(method: string, path: string): Route53Action {
  const p = path.replace(/\?.*$/, '');
  const dnssec = dnssecAction(method, p);
  if (dnssec) return dnssec.action;
  if (/^\/2013-04-01\/hostedzone\/?$/.test(p)) return method === 'POST' ? 'CreateHostedZone' : 'ListHostedZones';
  if (/^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/.test(p)) return method === 'POST' ? 'ChangeResourceRecordSets' : 'ListResourceRecordSets';
  if (/^\/2013-04-01\/hostedzone\/[^/]+$/.test(p)) return 'GetHostedZone';
  if (/^\/2013-04-01\/change\//.test(p)) return 'GetChange';
  if (/^\/2013-04-01\/healthcheck\/?$/.test(p)) return method === 'POST' ? 'CreateHealthCheck' : 'ListHealthChecks';
  if (/^\/2013-04-01\/healthcheck\/[^/]+$/.test(p) && method === 'DELETE') return 'DeleteHealthCheck';
  if (/^\/2013-04-01\/tags\/healthcheck\/[^/]+$/.test(p)) return 'ChangeTagsForResource';
  if (/^\/2013-04-01\/tags\/healthcheck\/?$/.test(p)) return 'ListTagsForResources';
  if (/^\/2013-04-01\/cidrcollection\/?$/.test(p)) return method === 'POST' ? 'CreateCidrCollection' : 'ListCidrCollections';
  if (/^\/2013-04-01\/cidrcollection\/[^/]+\/cidrblocks\/?$/.test(p)) return 'ListCidrBlocks';
  if (/^\/2013-04-01\/cidrcollection\/[^/]+$/.test(p)) return method === 'POST' ? 'ChangeCidrCollection' : method === 'DELETE' ? 'DeleteCidrCollection' : 'ListCidrLocations';
  return 'Other';
}

export interface Route53Proxy {
  endpoint: string;
  calls: ProxiedCall[];
  /** The CIDR collections and record sets' CidrRoutingConfig (reset it with moto). */
  cidr: CidrSim;
  /** Decide, per call, whether to answer it here (`target` is the X-Amz-Target of JSON APIs such as Route 53 Domains). */
  inject: (action: Route53Action, index: number, target: string) => Injection | undefined;
  /** Answer a JSON API call from its body (a simulated operation moto lacks); undefined forwards it. Asked after `inject`. */
  handle?: (target: string, payload: Buffer) => Promise<Injection | undefined>;
  /** The DNSSEC operations moto lacks, answered here (route53-dnssec.ts). */
  dnssec: FakeRoute53Dnssec;
  stop(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** One request straight to moto, its answer as text. */
function upstreamText(target: URL, method: string, path: string, headers: Record<string, unknown>, payload?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { 'content-length': _length, 'accept-encoding': _encoding, ...rest } = headers;
    const r = request({ host: target.hostname, port: target.port, method, path, headers: { ...rest, ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}) } as Record<string, string> }, (res) => {
      void body(res).then((b) => resolve(b.toString('utf8')), reject);
    });
    r.on('error', reject);
    r.end(payload);
  });
}

export async function startRoute53Proxy(upstream: string): Promise<Route53Proxy> {
  const target = new URL(upstream);
  const proxy: Route53Proxy = { endpoint: '', calls: [], cidr: new CidrSim(), inject: () => undefined, dnssec: new FakeRoute53Dnssec(upstream.replace(/\/+$/, '')), stop: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const payload = await body(req);
    const action = route53Action(req.method ?? 'GET', req.url ?? '/');
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    const injection = proxy.inject(action, proxy.calls.length, amzTarget) ?? (proxy.handle && amzTarget !== '' ? await proxy.handle(amzTarget, payload) : undefined);
    proxy.calls.push({ action, injected: injection !== undefined });
    if (injection) {
      res.writeHead(injection.status, { 'content-type': injection.body.startsWith('{') ? 'application/x-amz-json-1.1' : 'text/xml' });
      res.end(injection.body);
      return;
    }
    const change = action === 'GetChange' ? proxy.dnssec.change(req.url ?? '/') : undefined;
    if (change) {
      res.writeHead(change.status, { 'content-type': 'text/xml' });
      res.end(change.body);
      return;
    }
    const dnssec = dnssecAction(req.method ?? 'GET', req.url ?? '/');
    if (dnssec) {
      const reply = await proxy.dnssec.handle(dnssec, payload.toString('utf8'));
      res.writeHead(reply.status, { 'content-type': 'text/xml', ...(reply.headers ?? {}) });
      res.end(reply.body);
      return;
    }
    const cidr = proxy.cidr.handle(req.method ?? 'GET', req.url ?? '/', payload.toString('utf8'));
    if (cidr) {
      res.writeHead(cidr.status, { 'content-type': 'text/xml', ...cidr.headers });
      res.end(cidr.body);
      return;
    }
    const zone = /^\/2013-04-01\/hostedzone\/([^/?]+)\/rrset/.exec(req.url ?? '')?.[1] ?? '';
    if (action === 'ChangeResourceRecordSets') {
      const refused = proxy.cidr.checkBatch(zone, payload.toString('utf8'));
      if (refused) {
        res.writeHead(refused.status, { 'content-type': 'text/xml' });
        res.end(refused.body);
        return;
      }
    }
    const headers = { ...req.headers, host: target.host };
    if (action === 'ListResourceRecordSets') delete headers['accept-encoding'];
    // moto deletes by SetIdentifier zone-wide: what a DELETE would take besides its own record set is put back after it
    const collateral = action === 'ChangeResourceRecordSets' && /<Action>DELETE<\/Action>/.test(payload.toString('utf8'))
      ? proxy.cidr.collateral(await upstreamText(target, 'GET', `/2013-04-01/hostedzone/${zone}/rrset?maxitems=1000`, headers), payload.toString('utf8'))
      : [];
    const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (upstreamRes) => {
      const status = upstreamRes.statusCode ?? 502;
      if (status === 200 && (action === 'ListResourceRecordSets' || action === 'ChangeResourceRecordSets')) {
        void body(upstreamRes).then(async (answer) => {
          let text = answer.toString('utf8');
          if (action === 'ListResourceRecordSets') text = proxy.cidr.merge(zone, text);
          else proxy.cidr.applied(zone, payload.toString('utf8'));
          if (collateral.length > 0) {
            const again = `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes>${collateral.map((set) => `<Change><Action>CREATE</Action><ResourceRecordSet>${set}</ResourceRecordSet></Change>`).join('')}</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`;
            await upstreamText(target, 'POST', req.url ?? '', headers, again);
          }
          const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = upstreamRes.headers;
          res.writeHead(status, { ...rest, 'content-length': Buffer.byteLength(text) });
          res.end(text);
        });
        return;
      }
      res.writeHead(status, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    forward.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.stop = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return proxy;
}
