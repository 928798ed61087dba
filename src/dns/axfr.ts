import { randomInt } from 'node:crypto';
import type { Soa } from '../core/model.js';
import { isInZone } from '../core/name.js';
import type { Nameserver } from './nameserver.js';
import { buildQuery, decodeAnswer, mismatch } from './client.js';
import { DnsError, TsigError, type DnsContext } from './error.js';
import { absoluteName, encodePacket, packetType, type DecodedPacket, type PacketRecord } from './packet.js';
import { recordFromPacket, soaFromPacket, type WireRecord } from './rdata-wire.js';
import { TcpConnection } from './transport.js';
import { signRequest, splitTsig, TsigVerifier, type TsigKey } from './tsig.js';

/** Zone transfers over TCP: full (AXFR, RFC 5936), how the BIND provider reads a zone, and incremental (IXFR, RFC 1995), how it reads a chunk back. */

export interface AxfrOptions {
  tsig?: TsigKey;
  /** For connecting and for each message. Default 10000. */
  timeoutMs?: number;
  /** For the whole transfer, however steadily the server sends. Default 60000. */
  deadlineMs?: number;
  /** Most records accepted (SOA included). Default 1,000,000. */
  maxRecords?: number;
  /** Most bytes of DNS messages accepted. Default 256 MiB. */
  maxBytes?: number;
}

export const AXFR_DEFAULTS = { timeoutMs: 10_000, deadlineMs: 60_000, maxRecords: 1_000_000, maxBytes: 256 * 1024 * 1024 } as const;

/** A transfer stopped by zonesync's own bounds or checks (deadline, size caps, an owner outside the zone), not by the server's answer code. */
export class TransferLimitError extends DnsError {
  constructor(message: string, context: DnsContext) {
    super(message, context);
    this.name = 'TransferLimitError';
  }
}

export interface Transfer {
  soa: Soa;
  /** Every record but the SOA, in the order the server sent them. */
  records: WireRecord[];
}

/** One step of an incremental transfer: the zone at serial `from` became serial `to` by removing `deleted`, then adding `added` (SOAs left out). */
export interface IxfrDiff {
  from: number;
  to: number;
  deleted: WireRecord[];
  added: WireRecord[];
}

/**
 * What an IXFR answered: `current` (the zone is still at the serial asked from: one SOA),
 * `incremental` (the differences since), or `full` (the server has no journal reaching back that
 * far and sent the whole zone, as an AXFR would).
 */
export type IxfrResult =
  | { kind: 'current'; soa: Soa }
  | { kind: 'incremental'; soa: Soa; diffs: IxfrDiff[] }
  | { kind: 'full'; soa: Soa; records: WireRecord[] };

const REFUSAL_HINT: Record<string, string> = {
  REFUSED: 'the server does not allow this transfer (allow-transfer, or the TSIG key)',
  NOTAUTH: 'the server is not authoritative for the zone, or did not accept the TSIG key',
};

function checkRcode(packet: DecodedPacket, context: DnsContext): void {
  if (packet.rcode === 'NOERROR') return;
  const hint = REFUSAL_HINT[packet.rcode];
  throw new DnsError(`zone transfer answered ${packet.rcode}${hint ? `: ${hint}` : ''}`, context);
}

/**
 * Takes the records of a transfer one by one: `record` says `done` on the last one; `messageEnd`
 * (after each message) may say `done` too (an IXFR answered with one SOA).
 */
interface TransferReader {
  record(wire: WireRecord, packet: PacketRecord, lastInMessage: boolean): 'more' | 'done';
  messageEnd(): 'more' | 'done';
}

/** Send one transfer request and feed every record of the answer to `reader`, verifying TSIG on each message, within the bounds of `options`. */
async function runTransfer(server: Nameserver, name: string, type: 'AXFR' | 'IXFR', request: Buffer, id: number, options: AxfrOptions, reader: TransferReader): Promise<void> {
  const timeoutMs = options.timeoutMs ?? AXFR_DEFAULTS.timeoutMs;
  const deadlineMs = options.deadlineMs ?? AXFR_DEFAULTS.deadlineMs;
  const maxRecords = options.maxRecords ?? AXFR_DEFAULTS.maxRecords;
  const maxBytes = options.maxBytes ?? AXFR_DEFAULTS.maxBytes;
  const deadline = Date.now() + deadlineMs;
  const context: DnsContext = { server, question: `${name} ${type}` };
  let message = request;
  let verifier: TsigVerifier | undefined;
  if (options.tsig) {
    const signed = signRequest(message, options.tsig);
    message = signed.message;
    verifier = new TsigVerifier(options.tsig, signed.mac);
  }
  const finish = () => {
    try {
      verifier?.finish();
    } catch (error) {
      throw error instanceof TsigError ? error.withContext(context) : error;
    }
  };
  const connection = await TcpConnection.connect(server, timeoutMs, context);
  try {
    connection.send(message);
    let count = 0;
    let received = 0;
    const soFar = (index: number) => `${count} records in ${index} messages so far`;
    for (let index = 0; ; index++) {
      const left = deadline - Date.now();
      const overdue = () => new TransferLimitError(`zone transfer did not finish within ${deadlineMs} ms (${soFar(index)}); stopped`, context);
      if (left <= 0) throw overdue();
      // The last wait is cut to what is left of the deadline, and then reported as the deadline.
      const bytes = left >= timeoutMs ? await connection.next(timeoutMs) : await connection.next(left).catch((error: unknown) => {
        throw Date.now() >= deadline ? overdue() : error;
      });
      received += bytes.length;
      if (received > maxBytes) throw new TransferLimitError(`zone transfer is larger than ${maxBytes} bytes (${soFar(index)}); stopped`, context);
      const packet = decodeAnswer(bytes, context);
      const why = mismatch(packet, id, name, type, { questionOptional: index > 0 });
      if (why) throw new DnsError(`message ${index + 1} of the transfer does not match the request: ${why}`, context);
      // An unsigned refusal says more than "unsigned"; a signed one is checked first.
      if (packet.rcode !== 'NOERROR' && (!verifier || !splitTsig(bytes))) checkRcode(packet, context);
      try {
        verifier?.verify(bytes);
      } catch (error) {
        throw error instanceof TsigError ? error.withContext(context) : error;
      }
      checkRcode(packet, context);
      for (const [at, record] of packet.answers.entries()) {
        let wire: WireRecord;
        try {
          wire = recordFromPacket(record);
        } catch (error) {
          throw new DnsError(`malformed record in transfer: ${(error as Error).message}`, context, { cause: error });
        }
        if (!isInZone(wire.name.toLowerCase(), name)) {
          throw new TransferLimitError(`transfer holds ${wire.name} ${wire.type}, which is outside zone ${name}; nothing was read from it`, context);
        }
        if (count + 1 > maxRecords) throw new TransferLimitError(`zone transfer holds more than ${maxRecords} records (${soFar(index + 1)}); stopped`, context);
        count++;
        let step: 'more' | 'done';
        try {
          step = reader.record(wire, record, at === packet.answers.length - 1);
        } catch (error) {
          throw error instanceof DnsError ? error : new DnsError((error as Error).message, context);
        }
        if (step === 'done') {
          finish();
          return;
        }
      }
      if (count === 0) throw new DnsError('first message of the transfer holds no records', context);
      if (reader.messageEnd() === 'done') {
        finish();
        return;
      }
    }
  } finally {
    connection.close();
  }
}

function isZoneSoa(wire: WireRecord, zone: string): boolean {
  return wire.type === 'SOA' && wire.name.toLowerCase() === zone;
}

/** Transfer `zone` from `server`, verifying TSIG on every message when a key is given. */
export async function axfr(server: Nameserver, zone: string, options: AxfrOptions = {}): Promise<Transfer> {
  const name = absoluteName(zone);
  const id = randomInt(0, 65536);
  let soa: Soa | undefined;
  const records: WireRecord[] = [];
  await runTransfer(server, name, 'AXFR', buildQuery(id, name, 'AXFR', false), id, options, {
    record(wire, packet, last) {
      if (!soa) {
        if (!isZoneSoa(wire, name)) throw new Error(`transfer does not start with the SOA of ${name} (got ${wire.name} ${wire.type})`);
        soa = soaFromPacket(packet);
        return 'more';
      }
      if (isZoneSoa(wire, name)) {
        if (!last) throw new Error('records follow the closing SOA of the transfer');
        return 'done';
      }
      records.push(wire);
      return 'more';
    },
    messageEnd: () => 'more',
  });
  return { soa: soa as Soa, records };
}

/** An IXFR request (RFC 1995 3): the question, and the SOA the client holds in the authority section (only its serial counts). */
function ixfrRequest(id: number, zone: string, serial: number): Buffer {
  return encodePacket({
    id, type: 'query', flags: 0,
    questions: [{ name: zone, type: packetType('IXFR'), class: 'IN' }],
    answers: [],
    authorities: [{ name: zone, type: 'SOA', class: 'IN', ttl: 0, data: { mname: '.', rname: '.', serial, refresh: 0, retry: 0, expire: 0, minimum: 0 } }],
    additionals: [],
  });
}

/**
 * The changes to `zone` since `serial` (RFC 1995), verifying TSIG on every message: what the
 * server's journal says happened, in order; or the whole zone where the journal does not reach back.
 */
export async function ixfr(server: Nameserver, zone: string, serial: number, options: AxfrOptions = {}): Promise<IxfrResult> {
  const name = absoluteName(zone);
  const id = randomInt(0, 65536);
  let soa: Soa | undefined;
  /** `start`: after the first SOA; `full`: an AXFR-style answer; `del`/`add`: inside a difference sequence. */
  let state: 'start' | 'full' | 'del' | 'add' = 'start';
  const records: WireRecord[] = [];
  const diffs: IxfrDiff[] = [];
  let result: IxfrResult | undefined;
  await runTransfer(server, name, 'IXFR', ixfrRequest(id, name, serial), id, options, {
    record(wire, packet, last) {
      const isSoa = isZoneSoa(wire, name);
      if (!soa) {
        if (!isSoa) throw new Error(`transfer does not start with the SOA of ${name} (got ${wire.name} ${wire.type})`);
        soa = soaFromPacket(packet);
        return 'more';
      }
      const current = soa.serial;
      if (state === 'start') {
        if (!isSoa) {
          state = 'full';
          records.push(wire);
          return 'more';
        }
        // A lone second SOA with the current serial: an AXFR-style answer of an empty zone.
        if (soaFromPacket(packet).serial === current && last && serial !== current) {
          result = { kind: 'full', soa, records };
          return 'done';
        }
        state = 'del';
        diffs.push({ from: soaFromPacket(packet).serial, to: current, deleted: [], added: [] });
        return 'more';
      }
      if (state === 'full') {
        if (!isSoa) {
          records.push(wire);
          return 'more';
        }
        if (!last) throw new Error('records follow the closing SOA of the transfer');
        result = { kind: 'full', soa, records };
        return 'done';
      }
      const diff = diffs.at(-1) as IxfrDiff;
      if (!isSoa) {
        (state === 'del' ? diff.deleted : diff.added).push(wire);
        return 'more';
      }
      const at = soaFromPacket(packet).serial;
      if (state === 'del') {
        diff.to = at;
        state = 'add';
        return 'more';
      }
      // In the additions, a SOA either closes the transfer (the current serial, reached) or opens the next difference.
      if (diff.to === current && at === current) {
        if (!last) throw new Error('records follow the closing SOA of the transfer');
        result = { kind: 'incremental', soa, diffs };
        return 'done';
      }
      if (at !== diff.to) throw new Error(`difference sequence from serial ${at} does not follow the one ending at ${diff.to}`);
      diffs.push({ from: at, to: current, deleted: [], added: [] });
      state = 'del';
      return 'more';
    },
    messageEnd() {
      // One message holding only the SOA: the zone is still at the serial asked from (or older).
      if (state === 'start' && soa) {
        result = { kind: 'current', soa };
        return 'done';
      }
      return 'more';
    },
  });
  return result as IxfrResult;
}
