/** SOA serial in the YYYYMMDDnn convention, always increasing (RFC 1982 arithmetic is not needed while it only grows). */
export function nextSerial(previous: number, now: Date): number {
  const day = Number(`${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}${String(now.getUTCDate()).padStart(2, '0')}00`);
  return previous < day ? day : previous + 1;
}
