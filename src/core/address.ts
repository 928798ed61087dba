/** IP addresses in canonical text form (RFC 5952 for IPv6), without node:net so core stays pure. */

/** Dotted quad, each part 1 to 3 digits up to 255; leading zeros dropped (`010` is 10). */
export function canonicalIPv4(text: string): string | undefined {
  let parts = 0;
  let digits = 0;
  let value = 0;
  let leadingZero = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || value > 255) return undefined;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      if (digits === 2 && value === 0) leadingZero = true;
      value = value * 10 + (c - 48);
    } else return undefined;
  }
  if (parts !== 4) return undefined;
  return leadingZero ? text.split('.').map(Number).join('.') : text;
}

function parseIPv6(text: string): number[] | undefined {
  let input = text.toLowerCase();
  if (input.includes('.')) {
    // An embedded IPv4 suffix (::ffff:192.0.2.1) becomes two hex groups.
    const lastColon = input.lastIndexOf(':');
    const v4 = canonicalIPv4(input.slice(lastColon + 1));
    if (!v4) return undefined;
    const o = v4.split('.').map(Number) as [number, number, number, number];
    input = `${input.slice(0, lastColon + 1)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const halves = input.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] as string);
  if (!head) return undefined;
  if (halves.length === 1) {
    const all = head;
    return all.length === 8 ? all : undefined;
  }
  const rest = groups(halves[1] as string);
  if (!rest) return undefined;
  const fill = 8 - head.length - rest.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...rest];
}

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
  const hexWords = words.map((w) => w.toString(16));
  if (bestStart < 0) return hexWords.join(':');
  return `${hexWords.slice(0, bestStart).join(':')}::${hexWords.slice(bestStart + bestLength).join(':')}`;
}
