import { describe, expect, it } from 'vitest';
import { cloudflareDnssecStatus, foreignKeyOps } from './dnssec.js';

// A P-256 public key (64 bytes) and the key tag RFC 4034 Appendix B gives its DNSKEY rdata with flags 257.
const PUBLIC_KEY = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';

describe('cloudflareDnssecStatus', () => {
  it('reads an active zone as signed with its one key and computes the DS from the key', () => {
    const status = cloudflareDnssecStatus('example.com.', { status: 'active', algorithm: '13', flags: 257, public_key: PUBLIC_KEY });
    expect(status.signed).toBe(true);
    expect(status.keys).toHaveLength(1);
    expect(status.keys[0]).toMatchObject({ algorithm: 13, role: 'KSK' });
    expect(status.keys[0]?.ds[0]).toMatch(new RegExp(`^${status.keys[0]?.keyTag} 13 2 [0-9A-F]{64}$`));
  });

  it('adds the zone-signing keys Cloudflare publishes (active, publish), not other signers\' (external), without a DS; a ZSK without its key is an error', () => {
    const zsk = (tag: string) => ({ tag, flags: 256, protocol: 3, algorithm: 13, publicKey: PUBLIC_KEY.replace(/^m/, tag === 'active' ? 'n' : 'o') });
    const status = cloudflareDnssecStatus('example.com.', { status: 'active', algorithm: '13', flags: 257, public_key: PUBLIC_KEY }, [zsk('active'), zsk('publish'), zsk('external'), zsk('retired')]);
    expect(status.keys.map((k) => [k.role, k.ds.length])).toEqual([['KSK', 1], ['ZSK', 0], ['ZSK', 0]]);
    expect(() => cloudflareDnssecStatus('example.com.', { status: 'active', algorithm: '13', flags: 257, public_key: PUBLIC_KEY }, [{ tag: 'active' }])).toThrow('a zone-signing key (active) without its DNSKEY');
  });

  it('counts pending and pending-disabled as signing, disabled as not', () => {
    expect(cloudflareDnssecStatus('example.com.', { status: 'pending', algorithm: '13', flags: 257, public_key: PUBLIC_KEY }).signed).toBe(true);
    expect(cloudflareDnssecStatus('example.com.', { status: 'pending-disabled', algorithm: '13', flags: 257, public_key: PUBLIC_KEY }).signed).toBe(true);
    expect(cloudflareDnssecStatus('example.com.', { status: 'disabled', algorithm: null, public_key: null })).toEqual({ signed: false, keys: [], source: 'Cloudflare DNSSEC API, status disabled' });
  });

  it('refuses an answer whose key tag is not its key\'s, a signing status without a key, and status error', () => {
    const good = cloudflareDnssecStatus('example.com.', { status: 'active', algorithm: '13', flags: 257, public_key: PUBLIC_KEY }).keys[0]?.keyTag ?? 0;
    expect(() => cloudflareDnssecStatus('example.com.', { status: 'active', algorithm: '13', flags: 257, public_key: PUBLIC_KEY, key_tag: (good + 1) % 65536 })).toThrow(/is not the tag of its public key/);
    expect(() => cloudflareDnssecStatus('example.com.', { status: 'active', public_key: null })).toThrow(/no key in the answer/);
    expect(() => cloudflareDnssecStatus('example.com.', { status: 'error' })).toThrow(/status "error"/);
  });
});

describe('foreignKeyOps', () => {
  const key = `256 3 13 ${PUBLIC_KEY}`;
  const record = (id: string) => ({ id, type: 'DNSKEY', data: { flags: 256, protocol: 3, algorithm: 13, public_key: PUBLIC_KEY } });

  it('posts a missing key at the apex, deletes a duplicate and a key no longer wanted, leaves other types alone', () => {
    expect(foreignKeyOps('example.com.', [], [key])).toEqual({ deletes: [], posts: [{ name: 'example.com', type: 'DNSKEY', ttl: 3600, data: { flags: 256, protocol: 3, algorithm: 13, public_key: PUBLIC_KEY } }] });
    expect(foreignKeyOps('example.com.', [record('1'), record('2'), { id: '3', type: 'TXT' }], [key])).toEqual({ deletes: [{ id: '2' }], posts: [] });
    expect(foreignKeyOps('example.com.', [record('1')], [])).toEqual({ deletes: [{ id: '1' }], posts: [] });
  });
});
