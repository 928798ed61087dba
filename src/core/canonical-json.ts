import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/**
 * JSON with object keys sorted, so equal data always hashes the same. Written piece by piece
 * into a sink, so a plan of 40,000 zones is hashed without one giant string.
 */
function writeCanonical(value: unknown, sink: (text: string) => void): void {
  if (value === null || typeof value !== 'object') {
    sink(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    sink('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) sink(',');
      writeCanonical(value[i], sink);
    }
    sink(']');
    return;
  }
  const object = value as Record<string, unknown>;
  // Array.prototype.sort's default order is by UTF-16 code units, as `<` compares strings.
  const keys = Object.keys(object).sort();
  sink('{');
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    sink(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    writeCanonical(item, sink);
  }
  sink('}');
}

export function canonicalJson(value: unknown): string {
  let out = '';
  writeCanonical(value, (text) => {
    out += text;
  });
  return out;
}

/** A sha256 fed text in 64 KiB pieces: fewer calls into the hash than one per small string, no giant string. */
function pieceHasher(hash: Hash | Hmac = createHash('sha256')): { add: (text: string) => void; digest: () => string } {
  let pending = '';
  return {
    add: (text) => {
      pending += text;
      if (pending.length >= 65536) {
        hash.update(pending);
        pending = '';
      }
    },
    digest: () => hash.update(pending).digest('hex'),
  };
}

/** sha256 of canonicalJson(value), hashed as it is written. */
export function canonicalJsonSha256(value: unknown): string {
  const hasher = pieceHasher();
  writeCanonical(value, hasher.add);
  return hasher.digest();
}

/** HMAC-SHA256 of canonicalJson(value) under `key`: only a holder of the key can make it. */
export function canonicalJsonHmacSha256(value: unknown, key: string): string {
  const hasher = pieceHasher(createHmac('sha256', key));
  writeCanonical(value, hasher.add);
  return hasher.digest();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function sha256Lines(lines: readonly string[]): string {
  const hasher = pieceHasher();
  for (let i = 0; i < lines.length; i++) hasher.add(lines[i] as string);
  return hasher.digest();
}
