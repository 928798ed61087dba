import type { RdataToken } from './rdata-text.js';

/**
 * LOC (RFC 1876): `d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]` ↔ its 16 wire
 * bytes, written back the way BIND writes it (`52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m`).
 */
type WireResult = { ok: true; bytes: Buffer } | { ok: false; error: string };

const EQUATOR = 2 ** 31;
const ALTITUDE_BASE = 10_000_000;

/** Metres with up to two decimals (`10`, `-2.5m`, `0.01m`) to centimetres. */
function centimetres(text: string, signed: boolean): number | undefined {
  const m = (signed ? /^(-?)(\d+)(?:\.(\d{1,2}))?m?$/ : /^()(\d+)(?:\.(\d{1,2}))?m?$/).exec(text);
  if (!m) return undefined;
  const cm = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cm : cm;
}

/** RFC 1876 precision byte: mantissa and power of ten of a size in centimetres. */
function precision(cm: number): number {
  let exponent = 0;
  while (exponent < 9 && cm >= 10 ** (exponent + 1)) exponent++;
  return (Math.floor(cm / 10 ** exponent) << 4) | exponent;
}

function precisionText(byte: number): string | undefined {
  const mantissa = byte >> 4;
  const exponent = byte & 0x0f;
  if (mantissa > 9 || exponent > 9) return undefined;
  return exponent > 1 ? `${mantissa * 10 ** (exponent - 2)}m` : `0.${String(mantissa * 10 ** exponent).padStart(2, '0')}m`;
}

/** One coordinate: degrees, optional minutes and seconds, then the hemisphere letter. */
function coordinate(tokens: RdataToken[], start: number, letters: [string, string], maxDegrees: number): { value: number; next: number } | string {
  const parts: string[] = [];
  let i = start;
  while (i < tokens.length && parts.length < 3 && !letters.includes((tokens[i] as RdataToken).text.toUpperCase())) parts.push((tokens[i++] as RdataToken).text);
  const hemisphere = tokens[i]?.text.toUpperCase();
  if (hemisphere === undefined || !letters.includes(hemisphere)) return `expected ${letters.join(' or ')} after the ${letters[0] === 'N' ? 'latitude' : 'longitude'}`;
  const [d = '', m = '0', s = '0'] = parts;
  if (!/^\d+$/.test(d) || !/^\d+$/.test(m) || !/^\d+(\.\d{1,3})?$/.test(s)) return `"${parts.join(' ')}" is not degrees [minutes [seconds]]`;
  const [whole = '0', fraction = ''] = s.split('.');
  const degrees = Number(d);
  const minutes = Number(m);
  const seconds = Number(whole);
  if (minutes > 59 || seconds > 59) return `"${parts.join(' ')}": minutes and seconds run from 0 to 59`;
  const ms = ((degrees * 60 + minutes) * 60 + seconds) * 1000 + Number(fraction.padEnd(3, '0'));
  if (ms > maxDegrees * 3_600_000) return `"${parts.join(' ')}" is beyond ${maxDegrees} degrees`;
  return { value: hemisphere === letters[0] ? EQUATOR + ms : EQUATOR - ms, next: i + 1 };
}

export function locToWire(tokens: RdataToken[]): WireResult {
  const latitude = coordinate(tokens, 0, ['N', 'S'], 90);
  if (typeof latitude === 'string') return { ok: false, error: latitude };
  const longitude = coordinate(tokens, latitude.next, ['E', 'W'], 180);
  if (typeof longitude === 'string') return { ok: false, error: longitude };
  const rest = tokens.slice(longitude.next).map((t) => t.text);
  if (rest.length === 0) return { ok: false, error: 'missing altitude' };
  if (rest.length > 4) return { ok: false, error: `extra "${rest.slice(4).join(' ')}"` };
  const altitude = centimetres(rest[0] as string, true);
  if (altitude === undefined || altitude < -ALTITUDE_BASE || altitude + ALTITUDE_BASE > 0xffffffff) return { ok: false, error: `altitude "${rest[0]}" is not metres from -100000 to 42849672.95` };
  const sizes: number[] = [];
  for (const [i, fallback] of [100, 1_000_000, 1000].entries()) {
    const text = rest[i + 1];
    const cm = text === undefined ? fallback : centimetres(text, false);
    if (cm === undefined || cm > 9_000_000_000) return { ok: false, error: `${['size', 'horizontal precision', 'vertical precision'][i]} "${text}" is not metres from 0 to 90000000` };
    sizes.push(precision(cm));
  }
  const bytes = Buffer.alloc(16);
  bytes.writeUInt8(0, 0);
  sizes.forEach((s, i) => bytes.writeUInt8(s, 1 + i));
  bytes.writeUInt32BE(latitude.value, 4);
  bytes.writeUInt32BE(longitude.value, 8);
  bytes.writeUInt32BE(altitude + ALTITUDE_BASE, 12);
  return { ok: true, bytes };
}

function coordinateText(value: number, letters: [string, string]): string {
  const ms = Math.abs(value - EQUATOR);
  const degrees = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${degrees} ${minutes} ${seconds}.${String(ms % 1000).padStart(3, '0')} ${value >= EQUATOR ? letters[0] : letters[1]}`;
}

export function locFromWire(bytes: Buffer): string | undefined {
  if (bytes.length !== 16 || bytes[0] !== 0) return undefined;
  const sizes = [1, 2, 3].map((i) => precisionText(bytes[i] as number));
  if (sizes.some((s) => s === undefined)) return undefined;
  const latitude = bytes.readUInt32BE(4);
  const longitude = bytes.readUInt32BE(8);
  if (Math.abs(latitude - EQUATOR) > 90 * 3_600_000 || Math.abs(longitude - EQUATOR) > 180 * 3_600_000) return undefined;
  const cm = bytes.readUInt32BE(12) - ALTITUDE_BASE;
  const altitude = `${cm < 0 ? '-' : ''}${Math.floor(Math.abs(cm) / 100)}.${String(Math.abs(cm) % 100).padStart(2, '0')}m`;
  return `${coordinateText(latitude, ['N', 'S'])} ${coordinateText(longitude, ['E', 'W'])} ${altitude} ${sizes.join(' ')}`;
}
