import { randomBytes } from 'node:crypto';
import { makeSimKey, type SimKey } from '../support/dnssec-key.js';

/**
 * Route 53's DNSSEC operations for the counting proxy in front of moto, which has only a GetDNSSEC
 * that always answers NOT_SIGNING (moto 5.2, route53/responses.py "TODO: implement enable/disable
 * dnssec apis"). Written from the Route 53 API reference: GetDNSSEC, CreateKeySigningKey,
 * ActivateKeySigningKey, DeactivateKeySigningKey, DeleteKeySigningKey, EnableHostedZoneDNSSEC and
 * DisableHostedZoneDNSSEC, with the errors each documents. The hosted zone itself stays moto's:
 * every operation first asks moto for it (NoSuchHostedZone is moto's answer). Keys are real P-256
 * keys (the KMS key is not consulted); the DNS side is moto's, unsigned.
 */

const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

interface FakeKsk {
  name: string;
  kmsArn: string;
  status: 'ACTIVE' | 'INACTIVE';
  key: SimKey;
  created: string;
}

interface ZoneDnssec {
  signing: boolean;
  keys: FakeKsk[];
}

export interface DnssecReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export type DnssecAction = 'GetDNSSEC' | 'CreateKeySigningKey' | 'ActivateKeySigningKey' | 'DeactivateKeySigningKey' | 'DeleteKeySigningKey' | 'EnableHostedZoneDNSSEC' | 'DisableHostedZoneDNSSEC';

/** Which DNSSEC operation a request is (REST paths of the API reference), or undefined. */
export function dnssecAction(method: string, path: string): { action: DnssecAction; zoneId?: string; name?: string } | undefined {
  const p = path.replace(/\?.*$/, '');
  let m = /^\/2013-04-01\/hostedzone\/([^/]+)\/(dnssec|enable-dnssec|disable-dnssec)\/?$/.exec(p);
  if (m) {
    const action = m[2] === 'dnssec' ? (method === 'GET' ? 'GetDNSSEC' : undefined) : method === 'POST' ? (m[2] === 'enable-dnssec' ? 'EnableHostedZoneDNSSEC' : 'DisableHostedZoneDNSSEC') : undefined;
    return action ? { action, zoneId: decodeURIComponent(m[1] as string) } : undefined;
  }
  if (/^\/2013-04-01\/keysigningkey\/?$/.test(p) && method === 'POST') return { action: 'CreateKeySigningKey' };
  m = /^\/2013-04-01\/keysigningkey\/([^/]+)\/([^/]+)(\/activate|\/deactivate)?$/.exec(p);
  if (m) {
    const action = m[3] === '/activate' && method === 'POST' ? 'ActivateKeySigningKey' : m[3] === '/deactivate' && method === 'POST' ? 'DeactivateKeySigningKey' : !m[3] && method === 'DELETE' ? 'DeleteKeySigningKey' : undefined;
    return action ? { action, zoneId: decodeURIComponent(m[1] as string), name: decodeURIComponent(m[2] as string) } : undefined;
  }
  return undefined;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function error(status: number, code: string, message: string): DnssecReply {
  return { status, body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>` };
}

function field(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? m[1] : undefined;
}

function changeInfo(id: string, status: 'PENDING' | 'INSYNC'): string {
  return `<ChangeInfo><Id>/change/${id}</Id><Status>${status}</Status><SubmittedAt>${new Date().toISOString()}</SubmittedAt></ChangeInfo>`;
}

/** A KeySigningKey's fields (API_KeySigningKey), inside `<member>` in lists. */
function kskFields(k: FakeKsk): string {
  const dnskey = `${k.key.flags} 3 13 ${k.key.publicKey}`;
  return `<Name>${k.name}</Name><KmsArn>${escape(k.kmsArn)}</KmsArn><Flag>${k.key.flags}</Flag><SigningAlgorithmMnemonic>ECDSAP256SHA256</SigningAlgorithmMnemonic><SigningAlgorithmType>13</SigningAlgorithmType>`
    + `<DigestAlgorithmMnemonic>SHA-256</DigestAlgorithmMnemonic><DigestAlgorithmType>2</DigestAlgorithmType><KeyTag>${k.key.keyTag}</KeyTag><DigestValue>${k.key.digest}</DigestValue><PublicKey>${k.key.publicKey}</PublicKey>`
    + `<DSRecord>${k.key.ds}</DSRecord><DNSKEYRecord>${dnskey}</DNSKEYRecord><Status>${k.status}</Status><CreatedDate>${k.created}</CreatedDate><LastModifiedDate>${k.created}</LastModifiedDate>`;
}

/** An ARN of a customer managed KMS key in us-east-1, the only region Route 53 signs with (API_CreateKeySigningKey). */
const KMS_ARN = /^arn:aws:kms:us-east-1:\d{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class FakeRoute53Dnssec {
  private readonly zones = new Map<string, ZoneDnssec>();
  /** The changes these operations returned, with the GetChange answers left before each is INSYNC. */
  private readonly changes = new Map<string, number>();
  /** How many GetChange calls answer PENDING before a change is INSYNC (real Route 53: seconds to minutes). */
  pendingPolls = 1;
  /** GetChange calls answered for these changes. */
  changePolls = 0;

  constructor(private readonly upstream: string) {}

  /** The zone's DNSSEC state, for tests. */
  stateOf(zoneId: string): { signing: boolean; keys: Array<{ name: string; status: string; keyTag: number }> } {
    const z = this.zones.get(zoneId) ?? { signing: false, keys: [] };
    return { signing: z.signing, keys: z.keys.map((k) => ({ name: k.name, status: k.status, keyTag: k.key.keyTag })) };
  }

  /** The hosted zone's name from moto, or moto's own error answer. */
  private async hostedZone(zoneId: string): Promise<{ name: string } | DnssecReply> {
    // moto picks the service from the credential scope of the Authorization header.
    const res = await fetch(`${this.upstream}/2013-04-01/hostedzone/${encodeURIComponent(zoneId)}`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0' } });
    const text = await res.text();
    if (!res.ok) return { status: res.status, body: text };
    return { name: (field(text, 'Name') ?? '').replace(/\.$/, '') };
  }

  /** GetChange (API_GetChange) for a change one of these operations returned; undefined for any other id (moto's). */
  change(path: string): DnssecReply | undefined {
    const id = /^\/2013-04-01\/change\/([^/?]+)/.exec(path)?.[1];
    const left = id === undefined ? undefined : this.changes.get(decodeURIComponent(id));
    if (id === undefined || left === undefined) return undefined;
    this.changePolls++;
    if (left > 0) this.changes.set(id, left - 1);
    return { status: 200, body: `<?xml version="1.0"?>\n<GetChangeResponse xmlns="${XMLNS}">${changeInfo(id, left > 0 ? 'PENDING' : 'INSYNC')}</GetChangeResponse>` };
  }

  private newChange(): string {
    const id = `C${randomBytes(10).toString('hex').toUpperCase()}`;
    this.changes.set(id, this.pendingPolls);
    return changeInfo(id, this.pendingPolls > 0 ? 'PENDING' : 'INSYNC');
  }

  async handle(request: { action: DnssecAction; zoneId?: string; name?: string }, body: string): Promise<DnssecReply> {
    const zoneId = request.zoneId ?? field(body, 'HostedZoneId')?.replace(/^\/hostedzone\//, '');
    if (!zoneId) return error(400, 'InvalidInput', 'HostedZoneId is required');
    const hosted = await this.hostedZone(zoneId);
    if ('status' in hosted) return hosted;
    const state = this.zones.get(zoneId) ?? { signing: false, keys: [] };
    this.zones.set(zoneId, state);
    const reply = (tag: string, status = 200, extra = '') => ({ status, body: `<?xml version="1.0"?>\n<${tag} xmlns="${XMLNS}">${this.newChange()}${extra}</${tag}>` });
    const ksk = request.name === undefined ? undefined : state.keys.find((k) => k.name === request.name);
    const noSuchKey = () => error(404, 'NoSuchKeySigningKey', `The specified key-signing key (${request.name ?? ''}) doesn't exist.`);
    switch (request.action) {
      case 'GetDNSSEC':
        return { status: 200, body: `<?xml version="1.0"?>\n<GetDNSSECResponse xmlns="${XMLNS}"><Status><ServeSignature>${state.signing ? 'SIGNING' : 'NOT_SIGNING'}</ServeSignature></Status><KeySigningKeys>${state.keys.map((k) => `<member>${kskFields(k)}</member>`).join('')}</KeySigningKeys></GetDNSSECResponse>` };
      case 'CreateKeySigningKey': {
        const name = field(body, 'Name') ?? '';
        const kmsArn = field(body, 'KeyManagementServiceArn') ?? '';
        const status = field(body, 'Status') ?? '';
        if (!field(body, 'CallerReference')) return error(400, 'InvalidInput', 'CallerReference is required');
        if (!/^[A-Za-z0-9_]{3,128}$/.test(name)) return error(400, 'InvalidKeySigningKeyName', 'The key-signing key (KSK) name that you specified isn\'t a valid name.');
        if (status !== 'ACTIVE' && status !== 'INACTIVE') return error(400, 'InvalidInput', `Status must be ACTIVE or INACTIVE, not "${status}"`);
        if (!KMS_ARN.test(kmsArn)) return error(400, 'InvalidKMSArn', 'The KeyManagementServiceArn that you specified isn\'t valid to use with DNSSEC signing.');
        if (state.keys.some((k) => k.name === name)) return error(409, 'KeySigningKeyAlreadyExists', 'You\'ve already created a key-signing key (KSK) with this name or with the same customer managed key ARN.');
        if (state.keys.some((k) => k.kmsArn === kmsArn)) return error(409, 'KeySigningKeyAlreadyExists', 'You\'ve already created a key-signing key (KSK) with this name or with the same customer managed key ARN.');
        // At most two KSKs per hosted zone (Route 53 quotas, "DNSSEC signing").
        if (state.keys.length >= 2) return error(400, 'TooManyKeySigningKeys', 'You\'ve reached the limit for the number of key-signing keys (KSKs). Remove at least one KSK, and then try again.');
        const created: FakeKsk = { name, kmsArn, status, key: makeSimKey(hosted.name, 257), created: new Date().toISOString() };
        state.keys.push(created);
        const out = reply('CreateKeySigningKeyResponse', 201, `<KeySigningKey>${kskFields(created)}</KeySigningKey>`);
        return { ...out, headers: { Location: `https://route53.amazonaws.com/2013-04-01/keysigningkey/${zoneId}/${name}` } };
      }
      case 'ActivateKeySigningKey':
        if (!ksk) return noSuchKey();
        ksk.status = 'ACTIVE';
        return reply('ActivateKeySigningKeyResponse');
      case 'DeactivateKeySigningKey':
        if (!ksk) return noSuchKey();
        if (ksk.status === 'ACTIVE' && state.signing && state.keys.filter((k) => k.status === 'ACTIVE').length === 1) {
          return error(400, 'KeySigningKeyInUse', 'The key-signing key (KSK) that you specified can\'t be deactivated because it\'s the only KSK for a currently-enabled DNSSEC. Disable DNSSEC signing, or add or enable another KSK.');
        }
        ksk.status = 'INACTIVE';
        return reply('DeactivateKeySigningKeyResponse');
      case 'DeleteKeySigningKey':
        if (!ksk) return noSuchKey();
        if (ksk.status !== 'INACTIVE') return error(400, 'InvalidKeySigningKeyStatus', 'The key-signing key (KSK) status isn\'t valid or another KSK has the status INTERNAL_FAILURE.');
        state.keys = state.keys.filter((k) => k !== ksk);
        return reply('DeleteKeySigningKeyResponse');
      case 'EnableHostedZoneDNSSEC':
        if (!state.keys.some((k) => k.status === 'ACTIVE')) return error(400, 'KeySigningKeyWithActiveStatusNotFound', 'A key-signing key (KSK) with ACTIVE status wasn\'t found.');
        state.signing = true;
        return reply('EnableHostedZoneDNSSECResponse');
      case 'DisableHostedZoneDNSSEC':
        if (!state.signing && state.keys.length === 0) return error(400, 'DNSSECNotFound', 'The hosted zone doesn\'t have any DNSSEC resources.');
        state.signing = false;
        return reply('DisableHostedZoneDNSSECResponse');
    }
  }
}
