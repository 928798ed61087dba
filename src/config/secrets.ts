import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { interpolate } from './interpolate.js';

/** Very short values would redact ordinary words; real keys and secrets are longer. */
const MIN_SECRET = 6;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every form a secret can take on its way out: as is, JSON- and HTML-escaped, URL-encoded, base64, and what a base64 secret decodes to. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), escapeHtml(secret)]);
  const bytes = Buffer.from(secret);
  for (const encoded of [bytes.toString('base64'), bytes.toString('base64url')]) forms.add(encoded.replace(/=+$/, ''));
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length % 4 === 0) {
    const decoded = Buffer.from(secret, 'base64').toString('latin1');
    if (/^[\x20-\x7e]{8,}$/.test(decoded)) forms.add(decoded);
  }
  // JSON.stringify runs before the redactor on --json and journal lines, so match the escaped text too.
  for (const form of [...forms]) forms.add(JSON.stringify(form).slice(1, -1));
  return [...forms].filter((f) => f.length >= MIN_SECRET);
}

/** `scheme://user:pass@host` → `scheme://***@host`: credentials in a URL are never printed. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/gi;

/**
 * Every secret value the run has seen (interpolated from the environment, held in a secret
 * field, or a well-known credential variable). Output, logs, plans, journals and reports pass
 * through `redact` before they leave.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  add(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.pattern = undefined;
  }

  addAll(values: Iterable<string>): void {
    for (const value of values) this.add(value);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    const out = text.includes('://') ? text.replace(USERINFO, '$1***@') : text;
    if (this.secrets.size === 0) return out;
    // Longest first, so a secret that contains another is replaced whole.
    this.pattern ??= new RegExp([...new Set([...this.secrets].flatMap(secretForms))].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
    return out.replace(this.pattern, '***');
  }
}

/** Field names whose values are secrets wherever they appear in config. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['apiKey', 'apiToken', 'secret', 'token', 'password', 'secretAccessKey', 'sessionToken', 'accessKeyId']);

/** Secret-field values in a block at any depth (tsig.secret). */
export function secretFieldValues(block: unknown): string[] {
  if (!block || typeof block !== 'object') return [];
  return Object.entries(block).flatMap(([key, value]) => (typeof value === 'string' ? (SECRET_FIELDS.has(key) ? [value] : []) : secretFieldValues(value)));
}

/**
 * The secrets of every provider and registrar block, whether or not it is ever built: each
 * `${VAR}` value and each secret field. Missing variables are the builder's error, not ours.
 */
export function configSecrets(blocks: unknown, env: Record<string, string | undefined>): string[] {
  if (!blocks || typeof blocks !== 'object') return [];
  const found = Object.values(blocks).flatMap((block) => {
    const interpolated = interpolate(block, env);
    return [...interpolated.fromEnv, ...secretFieldValues(interpolated.value)];
  });
  return [...new Set(found)].filter((value) => value !== '');
}

/** Variables that hold credentials on CI runners and for AWS, whatever their length. */
export const WELL_KNOWN_SECRET_VARIABLES: readonly string[] = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ZONESYNC_PLAN_KEY',
];
const SECRET_VARIABLE_NAME = /_(TOKEN|SECRET|KEY|PASSWORD)$/i;

/** Credential values in the environment: the well-known names, and any *_TOKEN/_SECRET/_KEY/_PASSWORD of 8 characters or more. */
export function environmentSecrets(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (WELL_KNOWN_SECRET_VARIABLES.includes(name) || (SECRET_VARIABLE_NAME.test(name) && value.length >= 8)) out.push(value);
  }
  return out;
}

const AWS_FILE_KEYS = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);

/** Credential values in an AWS shared credentials or config file (INI: `key = value`). */
export function awsFileSecrets(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && AWS_FILE_KEYS.has((match[1] as string).toLowerCase()) && match[2]) out.push(match[2]);
  }
  return out;
}

/** Read the AWS shared files the SDK would read (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, ~/.aws/…); a missing file holds nothing. */
export async function readAwsFileSecrets(env: Record<string, string | undefined>, home: string | undefined): Promise<string[]> {
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? (home ? join(home, '.aws', 'credentials') : undefined), env.AWS_CONFIG_FILE ?? (home ? join(home, '.aws', 'config') : undefined)];
  const out: string[] = [];
  for (const file of files) {
    if (!file) continue;
    try {
      out.push(...awsFileSecrets(await readFile(file, 'utf8')));
    } catch {
      // No such file (or unreadable): the SDK would find nothing there either.
    }
  }
  return out;
}
