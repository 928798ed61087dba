import { describe, expect, it } from 'vitest';
import { nextSerial } from './serial.js';

describe('nextSerial (YYYYMMDDnn, always increasing)', () => {
  const day = new Date('2026-11-22T10:00:00Z');
  it.each([[0, 2026112200], [2026112200, 2026112201], [2026112299, 2026112300], [2030010100, 2030010101]])('after %i comes %i', (previous, next) => {
    expect(nextSerial(previous, day)).toBe(next);
  });
});
