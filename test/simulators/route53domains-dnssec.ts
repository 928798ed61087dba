import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Injection } from '../providers/route53-proxy.js';

/**
 * Route 53 Domains' DNSSEC operations, which moto lacks, simulated in front of it from the AWS API
 * reference (Route 53 API Reference, "Amazon Route 53 domain registration"):
 * - AssociateDelegationSignerToDomain {DomainName, SigningAttributes {Algorithm, Flags, PublicKey}}
 *   → {OperationId}; the registry computes the DS (key tag, SHA-256 digest, type 2) from the key.
 *   Errors: DnssecLimitExceeded (the domain holds the most DS records it may), DuplicateRequest
 *   (an operation is already in progress for the domain), InvalidInput, UnsupportedTLD.
 * - DisassociateDelegationSignerFromDomain {DomainName, Id} → {OperationId}; Id is the one
 *   GetDomainDetail's DnssecKeys gave. Errors: DuplicateRequest, InvalidInput.
 * - GetOperationDetail for those operations: Type ADD_DNSSEC / REMOVE_DNSSEC, IN_PROGRESS for
 *   `pollsUntilDone` polls, then SUCCESSFUL.
 * - GetDomainDetail: moto's answer with DnssecKeys {Algorithm, Flags, PublicKey, DigestType, Digest, KeyTag, Id} added.
 * Every other call goes on to moto. Domains are moto's (a domain moto does not have is InvalidInput).
 */

const PREFIX = 'Route53Domains_v20140515.';
/** Algorithms a registry takes in DNSKEY-based DS (RFC 8624 MUST/RECOMMENDED to sign plus RSA/SHA-512). */
const ALGORITHMS = new Set([5, 7, 8, 10, 13, 14, 15, 16]);

export interface SimulatedKey {
  Id: string;
  Algorithm: number;
  Flags: number;
  PublicKey: string;
  DigestType: number;
  Digest: string;
  KeyTag: number;
}

interface Operation {
  OperationId: string;
  DomainName: string;
  Type: 'ADD_DNSSEC' | 'REMOVE_DNSSEC';
  polls: number;
  apply: () => void;
}

export interface DomainsDnssec {
  /** The proxy's `handle`. */
  handle: (target: string, payload: Buffer) => Promise<Injection | undefined>;
  keys: Map<string, SimulatedKey[]>;
  /** Operations by id; each applies when it turns SUCCESSFUL. */
  operations: Map<string, Operation>;
  /** The most DS records a domain may hold (DnssecLimitExceeded past it). */
  limit: number;
  /** GetOperationDetail calls answered IN_PROGRESS before SUCCESSFUL. */
  pollsUntilDone: number;
  calls: string[];
  reset(): void;
}

function error(code: string, message: string): Injection {
  return { status: 400, body: JSON.stringify({ __type: code, message }) };
}

const ok = (body: unknown): Injection => ({ status: 200, body: JSON.stringify(body) });

function nameWire(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l.toLowerCase(), 'ascii')])), Buffer.from([0])]);
}

/** RFC 4034 Appendix B. */
function keyTag(rdata: Buffer): number {
  let sum = 0;
  for (let i = 0; i < rdata.length; i++) sum += i & 1 ? (rdata[i] as number) : (rdata[i] as number) << 8;
  sum += (sum >> 16) & 0xffff;
  return sum & 0xffff;
}

function post(upstream: URL, target: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `${PREFIX}${target}`,
          'content-length': data.length,
          // moto takes any signature; the account is the test's.
          authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/route53domains/aws4_request, SignedHeaders=host, Signature=00',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export function domainsDnssec(upstreamEndpoint: string): DomainsDnssec {
  const upstream = new URL(upstreamEndpoint);
  let counter = 0;
  const sim: DomainsDnssec = {
    keys: new Map(),
    operations: new Map(),
    limit: 8,
    pollsUntilDone: 1,
    calls: [],
    reset() {
      sim.keys.clear();
      sim.operations.clear();
      sim.calls.length = 0;
      sim.limit = 8;
      sim.pollsUntilDone = 1;
    },
    handle: async (target, payload) => {
      if (!target.startsWith(PREFIX)) return undefined;
      const action = target.slice(PREFIX.length);
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(payload.toString() || '{}') as Record<string, unknown>;
      } catch {
        return error('SerializationException', 'request body is not JSON');
      }
      const domain = typeof input.DomainName === 'string' ? input.DomainName.toLowerCase().replace(/\.$/, '') : '';
      const exists = async (): Promise<Injection | undefined> => {
        const detail = await post(upstream, 'GetDomainDetail', { DomainName: domain });
        return detail.status === 200 ? undefined : { status: detail.status, body: detail.body };
      };
      const busy = () => [...sim.operations.values()].some((o) => o.DomainName === domain && o.polls <= sim.pollsUntilDone);
      const start = (type: Operation['Type'], apply: () => void): Injection => {
        counter += 1;
        const id = `sim-dnssec-${counter.toString().padStart(6, '0')}`;
        sim.operations.set(id, { OperationId: id, DomainName: domain, Type: type, polls: 0, apply });
        return ok({ OperationId: id });
      };
      switch (action) {
        case 'AssociateDelegationSignerToDomain': {
          sim.calls.push(action);
          if (domain === '') return error('InvalidInput', 'DomainName is required');
          const missing = await exists();
          if (missing) return missing;
          const attrs = input.SigningAttributes as { Algorithm?: unknown; Flags?: unknown; PublicKey?: unknown } | undefined;
          if (!attrs || typeof attrs !== 'object') return error('InvalidInput', 'SigningAttributes is required');
          const { Algorithm, Flags, PublicKey } = attrs;
          if (typeof Algorithm !== 'number' || !ALGORITHMS.has(Algorithm)) return error('InvalidInput', `Algorithm ${String(Algorithm)} is not supported`);
          if (Flags !== 256 && Flags !== 257) return error('InvalidInput', 'Flags must be 257 (KSK) or 256 (ZSK)');
          if (typeof PublicKey !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(PublicKey) || PublicKey.length % 4 !== 0) return error('InvalidInput', 'PublicKey is not base64');
          if (busy()) return error('DuplicateRequest', `The request is already in progress for the domain ${domain}.`);
          const held = sim.keys.get(domain) ?? [];
          if (held.some((k) => k.PublicKey === PublicKey && k.Algorithm === Algorithm && k.Flags === Flags)) return error('InvalidInput', 'A DS record for this key already exists for the domain');
          if (held.length >= sim.limit) return error('DnssecLimitExceeded', `The domain ${domain} has reached the maximum number of DS records (${sim.limit}).`);
          const head = Buffer.from([Flags >> 8, Flags & 0xff, 3, Algorithm]);
          const rdata = Buffer.concat([head, Buffer.from(PublicKey, 'base64')]);
          const digest = createHash('sha256').update(nameWire(domain)).update(rdata).digest('hex').toUpperCase();
          const key: SimulatedKey = { Id: `${domain}-${counter + 1}`, Algorithm, Flags, PublicKey, DigestType: 2, Digest: digest, KeyTag: keyTag(rdata) };
          return start('ADD_DNSSEC', () => sim.keys.set(domain, [...(sim.keys.get(domain) ?? []), key]));
        }
        case 'DisassociateDelegationSignerFromDomain': {
          sim.calls.push(action);
          if (domain === '') return error('InvalidInput', 'DomainName is required');
          const missing = await exists();
          if (missing) return missing;
          const id = input.Id;
          if (typeof id !== 'string' || !(sim.keys.get(domain) ?? []).some((k) => k.Id === id)) return error('InvalidInput', `No DS record with Id ${String(id)} for the domain ${domain}`);
          if (busy()) return error('DuplicateRequest', `The request is already in progress for the domain ${domain}.`);
          return start('REMOVE_DNSSEC', () => sim.keys.set(domain, (sim.keys.get(domain) ?? []).filter((k) => k.Id !== id)));
        }
        case 'GetOperationDetail': {
          const op = sim.operations.get(String(input.OperationId));
          if (!op) return undefined;
          sim.calls.push(action);
          op.polls += 1;
          const done = op.polls > sim.pollsUntilDone;
          if (done && op.polls === sim.pollsUntilDone + 1) op.apply();
          return ok({ OperationId: op.OperationId, Status: done ? 'SUCCESSFUL' : 'IN_PROGRESS', DomainName: op.DomainName, Type: op.Type, SubmittedDate: 1_700_000_000 });
        }
        case 'GetDomainDetail': {
          sim.calls.push(action);
          const answer = await post(upstream, 'GetDomainDetail', { DomainName: domain });
          if (answer.status !== 200) return { status: answer.status, body: answer.body };
          const detail = JSON.parse(answer.body) as Record<string, unknown>;
          return ok({ ...detail, DnssecKeys: sim.keys.get(domain) ?? [] });
        }
        default:
          return undefined;
      }
    },
  };
  return sim;
}
