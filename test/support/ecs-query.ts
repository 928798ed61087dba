import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import type { Nameserver } from '../../src/dns/nameserver.js';

/**
 * One UDP query with an EDNS Client Subnet option (RFC 7871), for tests of steered answers: the
 * answer's A/AAAA/CNAME data, in order. `subnet` `10.1.0.0/16`; absent: no ECS option.
 */
export async function ecsQuery(server: Nameserver, name: string, type: 'A' | 'AAAA' | 'CNAME', subnet?: string, timeoutMs = 2_000): Promise<{ rcode: string; answers: string[] }> {
  const options = [];
  if (subnet) {
    const [ip, prefix] = subnet.split('/') as [string, string];
    options.push({ code: 'CLIENT_SUBNET', family: ip.includes(':') ? 2 : 1, sourcePrefixLength: Number(prefix), scopePrefixLength: 0, ip });
  }
  const id = Math.floor(Math.random() * 65536);
  const message = dnsPacket.encode({
    type: 'query',
    id,
    flags: 0,
    questions: [{ type, name }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options } as unknown as dnsPacket.Answer],
  });
  const socket = createSocket(server.address.includes(':') ? 'udp6' : 'udp4');
  try {
    const packet = await new Promise<dnsPacket.Packet>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${server.address}:${server.port} for ${name} ${type} within ${timeoutMs} ms`)), timeoutMs);
      socket.on('message', (data: Buffer) => {
        const decoded = dnsPacket.decode(data);
        if (decoded.id !== id) return;
        clearTimeout(timer);
        resolve(decoded);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.send(message, server.port, server.address);
    });
    const answers = (packet.answers ?? []).filter((a) => a.type === type).map((a) => String((a as { data: unknown }).data));
    return { rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR', answers };
  } finally {
    socket.close();
  }
}
