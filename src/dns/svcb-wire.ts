import { tokenizeRdata } from '../core/rdata-text.js';
import { keyName, svcParamsFromTokens, svcParamsText, type SvcParam } from '../core/svcb.js';
import { canonicalWireName, decodeName, absoluteName } from './packet.js';

/** SVCB/HTTPS rdata (RFC 9460) both ways; dns-packet does not know these types. The params are src/core/svcb.ts's. */

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

/** Presentation text → raw rdata: priority, uncompressed target, params in key order. */
export function svcbToWire(value: string): Buffer {
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(tokens.error);
  const [priority, target, ...rest] = tokens.tokens;
  if (!priority || !target) throw new Error('expected "priority target [params…]"');
  const params = svcParamsFromTokens(rest);
  if (!params.ok) throw new Error(params.error);
  const encoded = params.params.map(({ key, value: data }) => Buffer.concat([u16(key), u16(data.length), data]));
  return Buffer.concat([u16(Number(priority.text)), canonicalWireName(target.text), ...encoded]);
}

/** Raw rdata → presentation text (canonicalise it after). */
export function svcbFromWire(rdata: Buffer): string {
  if (rdata.length < 3) throw new Error('SVCB rdata is shorter than priority and target');
  const priority = rdata.readUInt16BE(0);
  const target = decodeName(rdata, 2);
  const params: SvcParam[] = [];
  let last = -1;
  for (let at = 2 + target.length; at < rdata.length; ) {
    if (at + 4 > rdata.length) throw new Error('SvcParam header runs past the end of the rdata');
    const key = rdata.readUInt16BE(at);
    const length = rdata.readUInt16BE(at + 2);
    const data = rdata.subarray(at + 4, at + 4 + length);
    if (data.length !== length) throw new Error(`SvcParam ${keyName(key)} runs past the end of the rdata`);
    // RFC 9460 §2.2: keys strictly ascending on the wire.
    if (key <= last) throw new Error(`SvcParam ${keyName(key)} is out of order or repeated`);
    last = key;
    params.push({ key, value: data });
    at += 4 + length;
  }
  const text = svcParamsText(params);
  if (text === undefined) throw new Error('an SvcParam value does not fit its key');
  return [String(priority), absoluteName(target.name), text].filter((s) => s !== '').join(' ');
}
