import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { RRset, Zone } from '../../src/core/model.js';
import { absoluteName, decodePacket, DNSSEC_OK, encodePacket, headerFlags, typeName, type DecodedPacket, type PacketRecord } from '../../src/dns/packet.js';
import { recordToPacket, type WireType } from '../../src/dns/rdata-wire.js';
import { answerQuestion, nameError, noData, serveZone, transferRecords, type Answer, type ServedZone } from './dns-answer.js';

/** A small authoritative DNS server on 127.0.0.1 (UDP and TCP on one port) for tests, with faults to inject. */

export interface DnsFaults {
  /** The incident: NXDOMAIN for AAAA queries that carry EDNS. */
  nxdomainForAaaaWithEdns?: boolean;
  refuse?: boolean;
  servfail?: boolean;
  /** Never answer. */
  drop?: boolean;
  /** Keep answering the zones as they were when set, ignoring setZone: a stale server. */
  freeze?: boolean;
  /** Set TC on every UDP answer, so clients must retry over TCP. */
  truncateUdp?: boolean;
}

export interface TestDnsServer {
  address: string;
  port: number;
  /** Serve these rrsets (replacing the zone of that name); SOA from zone.soa or a default. */
  setZone(zone: Zone): void;
  removeZone(name: string): void;
  faults: DnsFaults;
  /** Queries received (UDP and TCP). */
  queries: number;
  close(): Promise<void>;
}

/** Who asks: the packet's source address, and the EDNS Client Subnet option (RFC 7871) when the query carries one. */
export interface DnsClient {
  source: string;
  ecs?: { family: 1 | 2; address: string; sourcePrefix: number };
}

/** A steered answer: the rrset to give this client (no values: NODATA), and the ECS scope prefix it holds for (RFC 7871 §7.2.1). */
export interface SteeredAnswer {
  rrset: RRset;
  scopePrefix: number;
}

export interface DnsServerOptions {
  port?: number;
  /** Answer a name and type per client (traffic steering); undefined: answer from the zones as usual. */
  steer?: (name: string, type: string, client: DnsClient) => SteeredAnswer | undefined;
  /** Records per AXFR message, so transfers span several messages. Default 100. */
  axfrRecordsPerMessage?: number;
  /** What a signing server sends for an answer: its DNSKEY set, RRSIGs and denial proofs (`dnssecOk`: the query's DO bit, RFC 3225). */
  sign?: (answer: Answer, question: { name: string; type: string; dnssecOk: boolean }) => Answer;
}

const SERVER_UDP_SIZE = 1232;

function freezableFaults(onFreeze: (frozen: boolean) => void): DnsFaults {
  let frozen = false;
  const faults: DnsFaults = {};
  Object.defineProperty(faults, 'freeze', {
    enumerable: true,
    get: () => frozen,
    set: (value: boolean | undefined) => {
      if (Boolean(value) !== frozen) onFreeze(Boolean(value));
      frozen = Boolean(value);
    },
  });
  return faults;
}

interface EcsOption {
  code: number;
  family: number;
  sourcePrefixLength: number;
  scopePrefixLength: number;
  ip: string;
}

function ecsOf(query: DecodedPacket): EcsOption | undefined {
  const opt = query.additionals.find((r) => r.type === 'OPT') as (PacketRecord & { options?: EcsOption[] }) | undefined;
  return opt?.options?.find((o) => o.code === 8);
}

function reply(query: DecodedPacket, parts: { rcode: string; aa?: boolean; tc?: boolean; answers?: PacketRecord[]; authorities?: PacketRecord[]; additionals?: PacketRecord[]; ecsScope?: number }): Buffer {
  const edns = query.additionals.some((r) => r.type === 'OPT');
  const ecs = ecsOf(query);
  // RFC 7871 §7.2.1: the response echoes family, source prefix and address, with the scope it holds for.
  const options = ecs ? [{ code: 8, family: ecs.family, sourcePrefixLength: ecs.sourcePrefixLength, scopePrefixLength: parts.ecsScope ?? 0, ip: ecs.ip }] : undefined;
  const opt = { name: '.', type: 'OPT', udpPayloadSize: SERVER_UDP_SIZE, ...(options ? { options } : {}) } as PacketRecord;
  return encodePacket({
    id: query.id, type: 'response', flags: headerFlags({ opcode: query.opcode, rcode: parts.rcode, aa: parts.aa, tc: parts.tc }),
    questions: query.questions, answers: parts.answers ?? [], authorities: parts.authorities ?? [],
    additionals: [...(parts.additionals ?? []), ...(edns ? [opt] : [])],
  });
}

/** A FORMERR for bytes that are not a query, when at least the id can be read. */
function formErr(message: Buffer): Buffer | undefined {
  if (message.length < 12) return undefined;
  const header = Buffer.alloc(12);
  message.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8000 | headerFlags({ rcode: 'FORMERR' }), 2);
  return header;
}

export async function startDnsServer(options: DnsServerOptions = {}): Promise<TestDnsServer> {
  const zones = new Map<string, ServedZone>();
  let frozen: ServedZone[] | undefined;
  const faults = freezableFaults((freeze) => {
    frozen = freeze ? [...zones.values()] : undefined;
  });
  const perMessage = options.axfrRecordsPerMessage ?? 100;
  const connections = new Set<Socket>();
  let udp: UdpSocket | undefined;
  let tcp: Server | undefined;

  const served = (): ServedZone[] => frozen ?? [...zones.values()];

  /** The answers to one query: none (dropped), one, or several (AXFR over TCP). */
  function handle(message: Buffer, transport: 'udp' | 'tcp', source: string): Buffer[] {
    server.queries++;
    let query: DecodedPacket;
    try {
      query = decodePacket(message);
    } catch {
      const answer = formErr(message);
      return answer ? [answer] : [];
    }
    if (faults.drop || query.flag_qr) return [];
    const question = query.questions[0];
    if (query.opcode !== 'QUERY') return [reply(query, { rcode: 'NOTIMP' })];
    if (!question || query.questions.length !== 1) return [reply(query, { rcode: 'FORMERR' })];
    if (faults.refuse) return [reply(query, { rcode: 'REFUSED' })];
    if (faults.servfail) return [reply(query, { rcode: 'SERVFAIL' })];
    const name = absoluteName(question.name);
    const type = typeName(question.type);
    if (type === 'AXFR') return transfer(query, name, transport);
    const edns = query.additionals.find((r) => r.type === 'OPT');
    if (transport === 'udp' && faults.truncateUdp) return [reply(query, { rcode: 'NOERROR', aa: true, tc: true })];
    const steered = steer(name, type, query, source);
    if (steered && steered.rrset.values.length === 0) {
      // nothing for this client: NODATA, with the zone's SOA for negative caching (RFC 2308)
      const empty = noData(served(), name);
      return [reply(query, { ...empty, aa: empty.authoritative, ecsScope: steered.scopePrefix })];
    }
    if (steered) {
      const answers = steered.rrset.values.map((value) => recordToPacket({ name: steered.rrset.name, type: steered.rrset.type as WireType, ttl: steered.rrset.ttl, value }));
      return [reply(query, { rcode: 'NOERROR', aa: true, answers, ecsScope: steered.scopePrefix })];
    }
    let answer = answerQuestion(served(), name, type);
    if (faults.nxdomainForAaaaWithEdns && type === 'AAAA' && edns && answer.rcode !== 'REFUSED') {
      answer = nameError(served(), name);
    }
    if (options.sign) answer = options.sign(answer, { name, type, dnssecOk: ((edns?.flags ?? 0) & DNSSEC_OK) !== 0 });
    const full = reply(query, { ...answer, aa: answer.authoritative });
    const limit = edns ? Math.max(512, Math.min(edns.udpPayloadSize ?? 512, SERVER_UDP_SIZE)) : 512;
    if (transport === 'udp' && full.length > limit) return [reply(query, { rcode: answer.rcode, aa: answer.authoritative, tc: true })];
    return [full];
  }

  function steer(name: string, type: string, query: DecodedPacket, source: string): SteeredAnswer | undefined {
    if (!options.steer || frozen) return undefined;
    const ecs = ecsOf(query);
    const client: DnsClient = { source, ...(ecs ? { ecs: { family: ecs.family === 2 ? 2 : 1, address: ecs.ip, sourcePrefix: ecs.sourcePrefixLength } } : {}) };
    return options.steer(name, type, client);
  }

  function transfer(query: DecodedPacket, name: string, transport: 'udp' | 'tcp'): Buffer[] {
    const zone = served().find((z) => z.name === name);
    if (transport === 'udp') return [reply(query, { rcode: 'REFUSED' })];
    if (!zone) return [reply(query, { rcode: 'NOTAUTH' })];
    const records = transferRecords(zone);
    const messages: Buffer[] = [];
    for (let i = 0; i < records.length; i += perMessage) {
      messages.push(reply(query, { rcode: 'NOERROR', aa: true, answers: records.slice(i, i + perMessage), additionals: [] }));
    }
    return messages;
  }

  function serveTcp(socket: Socket): void {
    connections.add(socket);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        for (const answer of handle(message, 'tcp', socket.remoteAddress ?? '127.0.0.1')) {
          const length = Buffer.alloc(2);
          length.writeUInt16BE(answer.length, 0);
          socket.write(Buffer.concat([length, answer]));
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
  }

  async function bind(port: number): Promise<number> {
    tcp = createServer(serveTcp);
    const tcpServer = tcp;
    await new Promise<void>((resolve, reject) => {
      tcpServer.once('error', reject);
      tcpServer.listen(port, '127.0.0.1', () => resolve());
    });
    const bound = (tcpServer.address() as { port: number }).port;
    const socket = createSocket('udp4');
    udp = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(bound, '127.0.0.1', () => resolve());
    });
    socket.on('message', (message, from) => {
      for (const answer of handle(message, 'udp', from.address)) socket.send(answer, from.port, from.address);
    });
    return bound;
  }

  async function closeSockets(): Promise<void> {
    for (const socket of connections) socket.destroy();
    await Promise.all([
      new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (udp ? udp.close(() => resolve()) : resolve())),
    ]);
    tcp = undefined;
    udp = undefined;
  }

  const server: TestDnsServer = {
    address: '127.0.0.1',
    port: 0,
    faults,
    queries: 0,
    setZone(zone) {
      zones.set(zone.name, serveZone(zone));
    },
    removeZone(name) {
      zones.delete(name.endsWith('.') ? name : `${name}.`);
    },
    close: closeSockets,
  };

  // Port 0 picks a free TCP port; the same UDP port may be taken, so try again.
  for (let attempt = 0; ; attempt++) {
    try {
      server.port = await bind(options.port ?? 0);
      return server;
    } catch (error) {
      await closeSockets();
      if (options.port !== undefined || attempt >= 10) throw error;
    }
  }
}
