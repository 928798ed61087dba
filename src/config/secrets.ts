/**
 * Every secret value the run has seen (interpolated from the environment or held in a secret
 * field). Output, logs, plans, journals and reports pass through `redact` before they leave.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would redact ordinary words; real keys and secrets are longer.
    if (value && value.length >= 6) this.secrets.add(value);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}

/** One redactor per process: the top-level error handler and every writer share it. */
export const redactor = new SecretRedactor();

/** Field names whose values are secrets wherever they appear in config. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['apiKey', 'apiToken', 'secret', 'token', 'password', 'secretAccessKey', 'sessionToken']);
