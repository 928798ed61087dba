import { randomInt } from 'node:crypto';
import type { Nameserver } from './nameserver.js';
import { DnsError, type DnsContext } from './error.js';
import { DNSSEC_OK, decodePacket, encodePacket, packetType, typeName, type DecodedPacket, type PacketRecord } from './packet.js';
import { recordFromPacket, type WireRecord } from './rdata-wire.js';
import { ecsFromOpt, ecsOption, subnetText, type ClientSubnet } from './ecs.js';
import { TcpConnection, udpExchange } from './transport.js';

export type { WireRecord } from './rdata-wire.js';

/** A stub query straight to one authoritative server, by address: what `verify` asks each nameserver. */

export interface QueryOptions {
  /** Send an EDNS0 OPT (1232-byte UDP size). Default true. */
  edns?: boolean;
  /** Ask over TCP from the start. */
  tcp?: boolean;
  /** Per attempt. Default 2000. */
  timeoutMs?: number;
  /** Further UDP attempts after a timeout. Default 2. */
  retries?: number;
  /** Set the DO bit (RFC 3225): ask for RRSIGs and denial proofs. Needs EDNS. */
  dnssec?: boolean;
  /** Ask as a client in this subnet: EDNS Client Subnet (RFC 7871). Needs EDNS. */
  ecs?: ClientSubnet;
}

export interface DnsResponse {
  /** 'NOERROR', 'NXDOMAIN', 'REFUSED', 'SERVFAIL'… */
  rcode: string;
  authoritative: boolean;
  truncated: boolean;
  transport: 'udp' | 'tcp';
  /** The response carried an OPT record. */
  edns: boolean;
  /** The EDNS Client Subnet option the response carried (its scope prefix says what the answer holds for). */
  ecs?: ClientSubnet;
  answers: WireRecord[];
  authorities: WireRecord[];
}

/** RFC 9715 / DNS flag day 2020: a UDP size that avoids IP fragmentation. */
export const EDNS_UDP_SIZE = 1232;

export function buildQuery(id: number, name: string, type: string, edns: boolean, dnssec = false, ecs?: ClientSubnet): Buffer {
  const opt = { name: '.', type: 'OPT', udpPayloadSize: EDNS_UDP_SIZE, ...(dnssec ? { flags: DNSSEC_OK } : {}), ...(ecs ? { options: [ecsOption(ecs)] } : {}) };
  return encodePacket({
    id, type: 'query', flags: 0,
    questions: [{ name, type: packetType(type), class: 'IN' }],
    answers: [], authorities: [],
    additionals: edns ? [opt] : [],
  });
}

function bareName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Decode an answer; throws DnsError when it is not a well-formed DNS message. */
export function decodeAnswer(message: Buffer, context: DnsContext): DecodedPacket {
  try {
    return decodePacket(message);
  } catch (error) {
    throw new DnsError(`malformed answer (${message.length} bytes): ${(error as Error).message}`, context, { cause: error });
  }
}

/** Why an answer is not the answer to our question, or undefined when it is. */
export function mismatch(packet: DecodedPacket, id: number, name: string, type: string, options: { questionOptional?: boolean } = {}): string | undefined {
  if (packet.id !== id) return `id ${packet.id}, expected ${id}`;
  if (!packet.flag_qr) return 'a query, not a response';
  const question = packet.questions[0];
  // A FORMERR/NOTIMP answer, and the later messages of a zone transfer, may leave the question out.
  if (!question) return packet.rcode === 'NOERROR' && !options.questionOptional ? 'no question section' : undefined;
  if (packet.questions.length > 1) return `${packet.questions.length} questions`;
  if (bareName(question.name) !== bareName(name) || typeName(question.type) !== typeName(packetType(type)) || question.class !== 'IN') {
    return `question "${question.name} ${question.class ?? ''} ${typeName(question.type)}"`;
  }
  return undefined;
}

function records(section: PacketRecord[], context: DnsContext): WireRecord[] {
  const out: WireRecord[] = [];
  for (const record of section) {
    if (record.type === 'OPT' || record.type === 'TSIG') continue;
    try {
      out.push(recordFromPacket(record));
    } catch (error) {
      throw new DnsError(`malformed record in answer: ${(error as Error).message}`, context, { cause: error });
    }
  }
  return out;
}

export function toResponse(packet: DecodedPacket, transport: 'udp' | 'tcp', context: DnsContext): DnsResponse {
  const opt = packet.additionals.find((r) => r.type === 'OPT');
  const ecs = ecsFromOpt(opt);
  return {
    rcode: packet.rcode,
    authoritative: packet.flag_aa,
    truncated: packet.flag_tc,
    transport,
    edns: opt !== undefined,
    ...(ecs ? { ecs } : {}),
    answers: records(packet.answers, context),
    authorities: records(packet.authorities, context),
  };
}

async function overUdp(server: Nameserver, message: Buffer, id: number, name: string, type: string, timeoutMs: number, attempts: number, context: DnsContext): Promise<DecodedPacket> {
  let ignored: string | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let packet: DecodedPacket | undefined;
    await udpExchange(server, message, timeoutMs, (answer) => {
      const decoded = decodeAnswer(answer, context);
      const why = mismatch(decoded, id, name, type);
      if (why) {
        ignored = why;
        return 'ignore';
      }
      packet = decoded;
      return 'accept';
    });
    if (packet) return packet;
  }
  const tail = ignored ? `; it sent only answers that do not match the query (${ignored})` : '';
  throw new DnsError(`no answer over UDP after ${attempts} attempt${attempts === 1 ? '' : 's'} of ${timeoutMs} ms${tail}`, context, { transient: ignored === undefined });
}

async function overTcp(server: Nameserver, message: Buffer, id: number, name: string, type: string, timeoutMs: number, context: DnsContext): Promise<DecodedPacket> {
  const connection = await TcpConnection.connect(server, timeoutMs, context);
  try {
    connection.send(message);
    const packet = decodeAnswer(await connection.next(timeoutMs), context);
    const why = mismatch(packet, id, name, type);
    if (why) throw new DnsError(`answer over TCP does not match the query: ${why}`, context);
    return packet;
  } finally {
    connection.close();
  }
}

/** Ask `server` for `name` `type`: UDP first, TCP when the answer is truncated or `tcp` is set. */
export async function query(server: Nameserver, name: string, type: string, options: QueryOptions = {}): Promise<DnsResponse> {
  const edns = options.edns ?? true;
  const timeoutMs = options.timeoutMs ?? 2000;
  const attempts = 1 + (options.retries ?? 2);
  const context: DnsContext = { server, question: `${name} ${type}${edns ? '' : ' (no EDNS)'}${options.ecs && edns ? ` (ECS ${subnetText(options.ecs)})` : ''}` };
  const id = randomInt(0, 65536);
  let message: Buffer;
  try {
    message = buildQuery(id, name, type, edns, options.dnssec === true && edns, edns ? options.ecs : undefined);
  } catch (error) {
    throw new DnsError(`cannot encode the query: ${(error as Error).message}`, context, { cause: error });
  }
  if (!options.tcp) {
    const packet = await overUdp(server, message, id, name, type, timeoutMs, attempts, context);
    if (!packet.flag_tc) return toResponse(packet, 'udp', context);
  }
  return toResponse(await overTcp(server, message, id, name, type, timeoutMs, context), 'tcp', context);
}
