import * as z from 'zod';

/**
 * An API key or token from zonesync.yaml (usually `${VAR}`): it travels as an HTTP header value,
 * which cannot hold a line break or another control character. A secret read from a file often
 * ends with a newline; said at config time, by name, never by value, instead of as a network
 * failure retried four times.
 */
export function credentialSchema(required = 'is required'): z.ZodString {
  return z
    .string()
    .min(1, required)
    .refine((value) => !hasControlCharacter(value), 'contains a line break or another control character, which an HTTP header cannot carry (a secret read from a file often ends with a newline)');
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
