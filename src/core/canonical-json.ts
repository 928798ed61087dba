import { createHash } from 'node:crypto';

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

/** sha256 of canonicalJson(value), fed to the hash in 64 KiB pieces. */
export function canonicalJsonSha256(value: unknown): string {
  const hash = createHash('sha256');
  let pending = '';
  writeCanonical(value, (text) => {
    pending += text;
    if (pending.length >= 65536) {
      hash.update(pending);
      pending = '';
    }
  });
  hash.update(pending);
  return hash.digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function sha256Lines(lines: readonly string[]): string {
  const hash = createHash('sha256');
  let pending = '';
  for (const line of lines) {
    pending += line;
    if (pending.length >= 65536) {
      hash.update(pending);
      pending = '';
    }
  }
  hash.update(pending);
  return hash.digest('hex');
}
