import { isAbsolute } from 'node:path';
import { readConfined } from '../io/confined-read.js';
import { SECRET_FIELDS } from './secrets.js';

/**
 * `${VAR}` in config strings reads the environment; `${file:/run/secrets/name}` reads a secret
 * file (Docker, Kubernetes). A missing variable or unreadable file is an error naming it and the field.
 */

export interface InterpolationIssue {
  path: string;
  /** The same path as keys, for locating it in the file (zone names hold dots). */
  keys: PropertyKey[];
  variable: string;
  /** What is wrong, for the message: `environment variable X is not set`, or why a secret file was refused. */
  message: string;
}

export interface Interpolated {
  value: unknown;
  missing: InterpolationIssue[];
  /** Values that came from the environment or a secret file (all treated as secrets). */
  fromEnv: string[];
}

const VARIABLE = /\$\{(?:file:([^}]*)|([A-Za-z_][A-Za-z0-9_]*))\}/g;

/** A secret file is a key or a token, not a document. */
export const SECRET_FILE_BYTES = 64 * 1024;

export type SecretFileReader = (path: string) => { ok: true; value: string } | { ok: false; reason: string };

/**
 * Secret files live outside the repository (/run/secrets), so they are not confined to its root;
 * what a hostile config could point at is bounded instead: an absolute path to a regular UTF-8
 * file of at most 64 KiB, and (checked by interpolate) only ever the value of a secret field, so
 * it is redacted everywhere and never shown in a message.
 */
export const readSecretFile: SecretFileReader = (path) => {
  if (!isAbsolute(path)) return { ok: false, reason: 'is not an absolute path' };
  const read = readConfined(path, { lexical: '/', real: '/' }, SECRET_FILE_BYTES, 'the secret file size limit');
  if (!read.ok) return { ok: false, reason: read.reason };
  // Secret files usually end with one newline that is not part of the secret.
  return { ok: true, value: read.text.replace(/\r?\n$/, '') };
};

export function interpolate(value: unknown, env: Record<string, string | undefined>, path = '', readFile: SecretFileReader = readSecretFile): Interpolated {
  const missing: InterpolationIssue[] = [];
  const fromEnv: string[] = [];
  const walk = (node: unknown, at: string, keys: PropertyKey[] = []): unknown => {
    if (typeof node === 'string') {
      return node.replace(VARIABLE, (_match, file: string | undefined, name: string | undefined) => {
        if (file !== undefined) {
          const field = keys.at(-1);
          if (typeof field !== 'string' || !SECRET_FIELDS.has(field)) {
            missing.push({ path: at, keys, variable: `file:${file}`, message: `\${file:…} is allowed only in a secret field (${[...SECRET_FIELDS].join(', ')})` });
            return '';
          }
          const read = readFile(file);
          if (!read.ok) {
            missing.push({ path: at, keys, variable: `file:${file}`, message: `secret file ${file} ${read.reason}` });
            return '';
          }
          fromEnv.push(read.value);
          return read.value;
        }
        const found = env[name as string];
        if (found === undefined) {
          missing.push({ path: at, keys, variable: name as string, message: `environment variable ${name as string} is not set` });
          return '';
        }
        fromEnv.push(found);
        return found;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`, [...keys, i]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, at ? `${at}.${k}` : k, [...keys, k])]));
    }
    return node;
  };
  return { value: walk(value, path), missing, fromEnv };
}
