/** IP addresses in canonical text form (RFC 5952 for IPv6), without node:net so core stays pure. */

/** Dotted quad, each part 1 to 3 digits up to 255; leading zeros dropped (`010` is 10). */
export function canonicalIPv4(text: string): string | undefined {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || value > 255) return undefined;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      // "010" is 8 to inet_aton and 10 to others: BIND, Knot and Python's ipaddress refuse it, and so does zonesync.
      if (digits === 2 && value === 0) return undefined;
      value = value * 10 + (c - 48);
    } else return undefined;
  }
  if (parts !== 4) return undefined;
  return text;
}

/**
 * The eight 16-bit words of an IPv6 address, in one pass over its characters: groups of 1 to 4 hex
 * digits (either case), at most one `::`, and an optional dotted-quad IPv4 tail that stands for
 * the last two words (::ffff:192.0.2.1).
 */
function parseIPv6(text: string): number[] | undefined {
  const length = text.length;
  const words: number[] = [];
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < length) {
    const groupStart = i;
    let value = 0;
    let c = 0;
    for (; i < length; i++) {
      c = text.charCodeAt(i);
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (digit < 0) break;
      value = value * 16 + digit;
    }
    if (i < length && c === 46) {
      if (words.length > 6) return undefined;
      const v4 = canonicalIPv4(text.slice(groupStart));
      if (!v4) return undefined;
      const o = v4.split('.');
      words.push((Number(o[0]) << 8) | Number(o[1]), (Number(o[2]) << 8) | Number(o[3]));
      break;
    }
    const digits = i - groupStart;
    if (digits === 0 || digits > 4 || words.length === 8) return undefined;
    words.push(value);
    if (i === length) break;
    if (c !== 58 || ++i === length) return undefined;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = words.length;
      i++;
    }
  }
  if (gap < 0) return words.length === 8 ? words : undefined;
  if (words.length > 7) return undefined;
  const zeros = 8 - words.length;
  words.splice(gap, 0, ...new Array<number>(zeros).fill(0));
  return words;
}

/** RFC 5952 text: lowercase, no leading zeros, the first longest run of two or more zero words as `::`. */
export function canonicalIPv6(text: string): string | undefined {
  const words = parseIPv6(text);
  if (!words) return undefined;
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLength - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += (words[i] as number).toString(16);
  }
  return out === text ? text : out;
}
