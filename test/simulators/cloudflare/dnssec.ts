import { makeSimKey, type SimKey } from '../../support/dnssec-key.js';
import { ApiFailure } from './envelope.js';

/**
 * Zone DNSSEC as GET/PATCH /zones/{zone_id}/dnssec describe it
 * (developers.cloudflare.com/api/resources/dns/subresources/dnssec): `status` active | pending |
 * disabled | pending-disabled | error. Enabling makes one key (flags 257, ECDSA P-256) and the
 * status `pending` until the registrar has the DS (`dsAtRegistrar` in the simulator); disabling
 * drops the key. While it signs, the simulator's nameserver signs with these keys (signer.ts).
 */
export interface SimDnssec {
  status: 'active' | 'pending' | 'disabled' | 'pending-disabled';
  key?: SimKey;
  /** Cloudflare's zone-signing key (flags 256), made with the KSK; listed by GET …/dnssec/zsk. */
  zsk?: SimKey;
  multiSigner: boolean;
  modifiedOn?: string;
}

export const NO_DNSSEC: SimDnssec = { status: 'disabled', multiSigner: false };

/** The statuses in which Cloudflare's edge signs: `pending` waits for the DS at the registrar, `pending-disabled` for it to go. */
export const SIGNING: ReadonlySet<SimDnssec['status']> = new Set(['active', 'pending', 'pending-disabled']);

export function dnssecJson(zone: string, state: SimDnssec): object {
  const key = state.key;
  return {
    status: state.status,
    dnssec_multi_signer: state.multiSigner,
    dnssec_presigned: false,
    dnssec_use_nsec3: false,
    algorithm: key ? String(key.algorithm) : null,
    key_type: key ? 'ECDSAP256SHA256' : null,
    flags: key ? key.flags : null,
    key_tag: key ? key.keyTag : null,
    public_key: key ? key.publicKey : null,
    digest_algorithm: key ? 'SHA256' : null,
    digest_type: key ? '2' : null,
    digest: key ? key.digest : null,
    // The full DS record as the dashboard shows it: `example.com. 3600 IN DS 2371 13 2 1F98…`.
    ds: key ? `${zone}. 3600 IN DS ${key.ds}` : null,
    modified_on: state.modifiedOn ?? null,
  };
}

/**
 * GET /zones/{zone_id}/dnssec/zsk (developers.cloudflare.com/api/resources/dns/subresources/dnssec/subresources/zsk):
 * the zone-signing keys, each `{ DNSKEY: { Hdr, Flags, Protocol, Algorithm, PublicKey }, Name, Tag, Location, SigningKey }`.
 * The SigningKey (the encrypted private key) is answered as the API does, so a client that echoes it would show.
 */
export function zskJson(zone: string, state: SimDnssec): object[] {
  if (!state.zsk || state.status === 'disabled') return [];
  const k = state.zsk;
  return [{
    DNSKEY: { Hdr: { Name: `${zone}.`, Rrtype: 48, Class: 1, Ttl: 3600, Rdlength: 4 + Buffer.from(k.publicKey, 'base64').length }, Flags: k.flags, Protocol: 3, Algorithm: k.algorithm, PublicKey: k.publicKey },
    Name: `zsk-${k.keyTag}`,
    Tag: 'active',
    Location: 'database',
    SigningKey: { kek: 'kek-sim', privkey: 'ENCRYPTED-PRIVATE-KEY-MATERIAL', pubkey: k.publicKey },
  }];
}

// A body the endpoint does not take (codes not confirmed; 400 with the field named).
const badField = (message: string) => new ApiFailure(400, [{ code: 1004, message }]);

/** PATCH: `status` active | disabled, `dnssec_multi_signer`, `dnssec_presigned`, `dnssec_use_nsec3` booleans; anything else refused. */
export function patchDnssec(zone: string, state: SimDnssec, body: unknown, now: string): SimDnssec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badField('The request body must be a JSON object');
  const input = body as Record<string, unknown>;
  for (const field of Object.keys(input)) {
    if (!['status', 'dnssec_multi_signer', 'dnssec_presigned', 'dnssec_use_nsec3'].includes(field)) throw badField(`Unknown field ${field}`);
  }
  if (input.status !== undefined && input.status !== 'active' && input.status !== 'disabled') throw badField(`Invalid status "${String(input.status)}": must be active or disabled`);
  for (const flag of ['dnssec_multi_signer', 'dnssec_presigned', 'dnssec_use_nsec3']) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') throw badField(`${flag} must be a boolean`);
  }
  let next: SimDnssec = { ...state, modifiedOn: now };
  if (typeof input.dnssec_multi_signer === 'boolean') next.multiSigner = input.dnssec_multi_signer;
  if (input.status === 'active' && (state.status === 'disabled' || state.status === 'pending-disabled')) {
    next = { ...next, status: 'pending', key: state.key ?? makeSimKey(zone), zsk: state.zsk ?? makeSimKey(zone, 256) };
  }
  if (input.status === 'disabled' && state.status !== 'disabled') {
    // Signing stops at once once asked (the simulator has no DS at a registrar to wait out).
    next = { status: 'disabled', multiSigner: next.multiSigner, modifiedOn: now };
  }
  return next;
}
