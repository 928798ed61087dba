import type * as z from 'zod';
import { SECRET_FIELDS } from './secrets.js';

/** Zod's issue messages ("received NaN") rewritten as what was expected and what was found, e.g. `expected a number, got 'abc'`. */

const MAX_SHOWN = 40;

const NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

const FORMATS: Record<string, string> = {
  url: 'a URL',
  base64: 'a base64 string',
  email: 'an email address',
};

/** What kind of value `value` is, in words (for secrets, whose value is never shown). */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

/** `value` as the user wrote it, short and with control characters escaped; a secret field's value only by its kind. */
export function showValue(value: unknown, secret: boolean): string {
  if (secret || value === null || typeof value === 'object') return kind(value);
  if (typeof value !== 'string') return String(value);
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped.length > MAX_SHOWN ? `${escaped.slice(0, MAX_SHOWN)}…` : escaped}'`;
}

/** Whether the field at `path` holds a secret, so its value stays out of messages. */
export function isSecretPath(path: ReadonlyArray<PropertyKey>): boolean {
  return path.some((key) => typeof key === 'string' && SECRET_FIELDS.has(key));
}

/** Zod's own wording; a message given in a schema (`min(1, 'lists at least one provider')`) is kept. */
const ZOD_DEFAULT = /^(Invalid input|Invalid option|Invalid |Too small|Too big)/;

/** One issue in words; `value` is what the user gave at the issue's path (undefined when absent). */
export function explainIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const got = showValue(value, isSecretPath(issue.path));
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `expected ${NOUNS[issue.expected] ?? issue.expected}, got ${got}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${String(issue.values[0])}, got ${got}` : `expected one of ${issue.values.map(String).join(', ')}, got ${got}`;
    case 'invalid_format':
      return `expected ${FORMATS[issue.format] ?? issue.format}, got ${got}`;
    case 'too_small': {
      const bound = Number(issue.minimum);
      if (issue.origin === 'string') return bound <= 1 ? 'must not be empty' : `expected at least ${bound} characters, got ${got}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected at least ${bound} item${bound === 1 ? '' : 's'}, got ${Array.isArray(value) ? value.length : got}`;
      return `expected ${issue.inclusive === false ? 'more than' : 'at least'} ${bound}, got ${got}`;
    }
    case 'too_big': {
      const bound = Number(issue.maximum);
      if (issue.origin === 'string') return `expected at most ${bound} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected at most ${bound} item${bound === 1 ? '' : 's'}, got ${Array.isArray(value) ? value.length : got}`;
      return `expected ${issue.inclusive === false ? 'less than' : 'at most'} ${bound}, got ${got}`;
    }
    default:
      return issue.message;
  }
}

/** The value at `path` in plain data, undefined when absent. */
export function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
