import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every form a secret could leak in: as is, base64 (both alphabets), URL-encoded, and the bytes a base64 secret stands for. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)]);
  if (/^[A-Za-z0-9+/]+=*$/.test(secret) && secret.length % 4 === 0) {
    const decoded = Buffer.from(secret, 'base64').toString('latin1');
    if (/^[\x20-\x7e]{8,}$/.test(decoded)) forms.add(decoded);
  }
  // Base64 without padding is found inside longer base64 too.
  for (const form of [...forms]) forms.add(form.replace(/=+$/, ''));
  // As JSON and HTML write it (a `"` or `\` in a secret changes its encoded text).
  for (const form of [...forms]) {
    forms.add(JSON.stringify(form).slice(1, -1));
    forms.add(form.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  }
  return [...forms].filter((f) => f.length >= 8);
}

export interface Leak {
  where: string;
  line: number;
  secret: string;
}

/** `name:line` of every line of `text` that holds any form of any secret. */
export function findLeaks(where: string, text: string, secrets: Record<string, string>): Leak[] {
  const leaks: Leak[] = [];
  const lines = text.split('\n');
  for (const [name, secret] of Object.entries(secrets)) {
    // In any case: an upper-cased secret is still the secret.
    const forms = secretForms(secret).map((f) => f.toLowerCase());
    lines.forEach((line, i) => {
      const lower = line.toLowerCase();
      if (forms.some((form) => lower.includes(form))) leaks.push({ where, line: i + 1, secret: name });
    });
  }
  return leaks;
}

/** Every regular file under `dir`, as paths relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(relative(dir, path));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Scan every file under `dir` (zonesync.yaml holds only `${VAR}`, so it is scanned too). */
export async function scanTree(dir: string, secrets: Record<string, string>): Promise<Leak[]> {
  const leaks: Leak[] = [];
  for (const file of await filesUnder(dir)) leaks.push(...findLeaks(file, await readFile(join(dir, file), 'latin1'), secrets));
  return leaks;
}

export function formatLeaks(leaks: Leak[]): string {
  return leaks.map((l) => `${l.where}:${l.line}: ${l.secret}`).join('\n');
}
