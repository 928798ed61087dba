// test-project: unit
import { describe, expect, it } from 'vitest';
import { buildQuery, toResponse } from './client.js';
import { clientSubnet, ecsFromOpt, subnetText } from './ecs.js';
import { decodePacket, encodePacket } from './packet.js';

/**
 * Wire bytes of queries dig 9.18 sends for `dig +subnet=… +nocookie +noadflag www.example. A`,
 * captured on a UDP socket: everything after the 12-byte header (question, OPT with the ECS option).
 * dig sets RD and a random id; the rest must be byte for byte what we send.
 */
const DIG = {
  '192.0.2.0/24': '03777777076578616d706c65000001000100002904d000000000000b0008000700011800c00002',
  '10.1.0.0/20': '03777777076578616d706c65000001000100002904d000000000000b00080007000114000a0100',
  '2001:db8:de::/48': '03777777076578616d706c6500001c000100002904d000000000000e0008000a0002300020010db800de',
} as const;

describe('EDNS Client Subnet (RFC 7871) on the wire', () => {
  it.each(Object.entries(DIG))('a query from %s is what dig sends', (subnet, bytes) => {
    const type = subnet.includes(':') ? 'AAAA' : 'A';
    const query = buildQuery(0x1234, 'www.example.', type, true, false, clientSubnet(subnet));
    expect(query.subarray(12).toString('hex')).toBe(bytes);
  });

  it('cuts the address to the source prefix: host bits written as zero, only ceil(prefix/8) bytes', () => {
    const subnet = clientSubnet('10.1.2.3/20');
    expect(subnetText(subnet)).toBe('10.1.0.0/20');
    expect(buildQuery(1, 'www.example.', 'A', true, false, subnet).subarray(12).toString('hex')).toBe(DIG['10.1.0.0/20']);
    expect(() => clientSubnet('192.0.2.0')).toThrow(/not a client subnet/);
    expect(() => clientSubnet('192.0.2.0/33')).toThrow(/not a client subnet/);
  });

  it('sends no ECS without EDNS, and none unless asked', () => {
    expect(buildQuery(1, 'www.example.', 'A', true).subarray(12).toString('hex')).toBe('03777777076578616d706c65000001000100002904d0000000000000');
    expect(buildQuery(1, 'www.example.', 'A', false, false, clientSubnet('192.0.2.0/24')).length).toBe(12 + 17);
  });

  it('reads the scope prefix a response echoes', () => {
    // A response as RFC 7871 §7.2.1 has it: family, source prefix and address echoed, scope set.
    const response = encodePacket({
      id: 7, type: 'response', flags: 0x0400, questions: [{ name: 'www.example', type: 'A', class: 'IN' }],
      answers: [{ name: 'www.example', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.10' }], authorities: [],
      additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 1232, options: [{ code: 8, family: 1, sourcePrefixLength: 24, scopePrefixLength: 16, ip: '192.0.2.0' }] } as never],
    });
    // The option's bytes: code 8, length 7, family 1, source 24, scope 16, 192.0.2.
    expect(response.toString('hex')).toContain('0008000700011810c00002');
    const read = toResponse(decodePacket(response), 'udp', { server: { address: '127.0.0.1', port: 53 }, question: 'www.example. A' });
    expect(read.ecs).toEqual({ family: 1, address: '192.0.2.0', sourcePrefix: 24, scopePrefix: 16 });
    expect(ecsFromOpt(undefined)).toBeUndefined();
    expect(ecsFromOpt({ name: '.', type: 'OPT' })).toBeUndefined();
  });
});
