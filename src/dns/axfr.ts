import { randomInt } from 'node:crypto';
import type { Soa } from '../core/model.js';
import { isInZone } from '../core/name.js';
import type { Nameserver } from './nameserver.js';
import { buildQuery, decodeAnswer, mismatch } from './client.js';
import { DnsError, TsigError, type DnsContext } from './error.js';
import { absoluteName, type DecodedPacket } from './packet.js';
import { recordFromPacket, soaFromPacket, type WireRecord } from './rdata-wire.js';
import { TcpConnection } from './transport.js';
import { signRequest, splitTsig, TsigVerifier, type TsigKey } from './tsig.js';

/** Full zone transfer (RFC 5936) over TCP: how the BIND provider reads a zone. */

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

const REFUSAL_HINT: Record<string, string> = {
  REFUSED: 'the server does not allow this transfer (allow-transfer, or the TSIG key)',
  NOTAUTH: 'the server is not authoritative for the zone, or did not accept the TSIG key',
};

function checkRcode(packet: DecodedPacket, context: DnsContext): void {
  if (packet.rcode === 'NOERROR') return;
  const hint = REFUSAL_HINT[packet.rcode];
  throw new DnsError(`zone transfer answered ${packet.rcode}${hint ? `: ${hint}` : ''}`, context);
}

/** Transfer `zone` from `server`, verifying TSIG on every message when a key is given. */
export async function axfr(server: Nameserver, zone: string, options: AxfrOptions = {}): Promise<Transfer> {
  const name = absoluteName(zone);
  const timeoutMs = options.timeoutMs ?? AXFR_DEFAULTS.timeoutMs;
  const deadlineMs = options.deadlineMs ?? AXFR_DEFAULTS.deadlineMs;
  const maxRecords = options.maxRecords ?? AXFR_DEFAULTS.maxRecords;
  const maxBytes = options.maxBytes ?? AXFR_DEFAULTS.maxBytes;
  const deadline = Date.now() + deadlineMs;
  const context: DnsContext = { server, question: `${name} AXFR` };
  const id = randomInt(0, 65536);
  let message = buildQuery(id, name, 'AXFR', false);
  let verifier: TsigVerifier | undefined;
  if (options.tsig) {
    const signed = signRequest(message, options.tsig);
    message = signed.message;
    verifier = new TsigVerifier(options.tsig, signed.mac);
  }
  const connection = await TcpConnection.connect(server, timeoutMs, context);
  try {
    connection.send(message);
    let soa: Soa | undefined;
    const records: WireRecord[] = [];
    let received = 0;
    const soFar = (index: number) => `${records.length + (soa ? 1 : 0)} records in ${index} messages so far`;
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
      const why = mismatch(packet, id, name, 'AXFR', { questionOptional: index > 0 });
      if (why) throw new DnsError(`message ${index + 1} of the transfer does not match the request: ${why}`, context);
      // An unsigned refusal says more than "unsigned"; a signed one is checked first.
      if (packet.rcode !== 'NOERROR' && (!verifier || !splitTsig(bytes))) checkRcode(packet, context);
      try {
        verifier?.verify(bytes);
      } catch (error) {
        throw error instanceof TsigError ? error.withContext(context) : error;
      }
      checkRcode(packet, context);
      for (const record of packet.answers) {
        let wire: WireRecord;
        try {
          wire = recordFromPacket(record);
        } catch (error) {
          throw new DnsError(`malformed record in transfer: ${(error as Error).message}`, context, { cause: error });
        }
        if (!isInZone(wire.name.toLowerCase(), name)) {
          throw new TransferLimitError(`transfer holds ${wire.name} ${wire.type}, which is outside zone ${name}; nothing was read from it`, context);
        }
        if (records.length + (soa ? 1 : 0) + 1 > maxRecords) throw new TransferLimitError(`zone transfer holds more than ${maxRecords} records (${soFar(index + 1)}); stopped`, context);
        if (!soa) {
          if (wire.type !== 'SOA' || wire.name !== name) throw new DnsError(`transfer does not start with the SOA of ${name} (got ${wire.name} ${wire.type})`, context);
          soa = soaFromPacket(record);
          continue;
        }
        if (wire.type === 'SOA' && wire.name === name) {
          if (record !== packet.answers.at(-1)) throw new DnsError('records follow the closing SOA of the transfer', context);
          try {
            verifier?.finish();
          } catch (error) {
            throw error instanceof TsigError ? error.withContext(context) : error;
          }
          return { soa, records };
        }
        records.push(wire);
      }
      if (!soa) throw new DnsError('first message of the transfer holds no records', context);
    }
  } finally {
    connection.close();
  }
}
