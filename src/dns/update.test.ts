import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { encodeUpdate, type DnsUpdate } from './update.js';

const update = (n: number): DnsUpdate => ({
  zone: 'example.com.',
  prerequisites: Array.from({ length: n }, (_, i) => ({ kind: 'rrset-absent' as const, name: `host${i}.example.com.`, type: 'A' })),
  updates: Array.from({ length: n }, (_, i) => ({ kind: 'add' as const, name: `host${i}.example.com.`, type: 'A' as const, ttl: 300, value: `192.0.2.${i % 250}` })),
});

describe('UPDATE encoding', () => {
  it('compresses owner names, and decoders read them back whole', () => {
    // dns-packet cannot decode the empty-rdata prerequisites, so the decoded message has updates only (BIND tests cover the rest).
    const bytes = encodeUpdate(7, { ...update(3), prerequisites: [] });
    const decoded = dnsPacket.decode(bytes) as unknown as { questions: Array<{ name: string }>; authorities: Array<{ name: string; data?: string }> };
    expect(decoded.questions[0]?.name).toBe('example.com');
    expect(decoded.authorities.map((r) => `${r.name} ${r.data}`)).toEqual(['host0.example.com 192.0.2.0', 'host1.example.com 192.0.2.1', 'host2.example.com 192.0.2.2']);
    // Each owner after the first: "hostN" plus a two-byte pointer to example.com.
    expect(bytes.includes(Buffer.from([0x05, ...Buffer.from('host1'), 0xc0, 0x0c]))).toBe(true);
  });

  it('keeps a 1,000-change chunk well inside one 64 KiB message', () => {
    expect(encodeUpdate(1, update(1000)).length).toBeLessThan(40_000);
  });
});
