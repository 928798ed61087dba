import type { z } from 'zod';
import { interpolate } from './interpolate.js';
import { explainIssue, valueAt } from './issues.js';
import { secretFieldValues, type SecretRedactor } from './secrets.js';
import { ZonesyncError } from '../core/errors.js';

/**
 * A provider or registrar block of zonesync.yaml made ready to build: `${VAR}`s filled from `env`
 * (their values and secret fields redacted from then on), then checked against `schema`.
 * `kind` names the block in errors: `provider` → `providers.<id>`, `registrar` → `registrars.<id>`.
 */
export function resolveBlock<C>(kind: 'provider' | 'registrar', id: string, raw: unknown, schema: z.ZodType<C>, env: Record<string, string | undefined>, config: { path: string; redactor: SecretRedactor }): C {
  const configPath = config.path;
  const at = `${kind}s.${id}`;
  const interpolated = interpolate(raw, env, at);
  // Already known from loadConfig; kept for a Config built without it (tests).
  config.redactor.addAll([...interpolated.fromEnv, ...secretFieldValues(interpolated.value)]);
  const Kind = kind === 'provider' ? 'Provider' : 'Registrar';
  if (interpolated.missing.length > 0) {
    throw new ZonesyncError(`${Kind} "${id}" cannot be built`, {
      details: interpolated.missing.map((m) => `${m.path}: ${m.message}`),
    });
  }
  const parsed = schema.safeParse(interpolated.value);
  if (!parsed.success) {
    throw new ZonesyncError(`Invalid config for ${kind} "${id}" (${configPath})`, {
      details: parsed.error.issues.map((issue) => `${at}.${issue.path.map(String).join('.')}: ${explainIssue(issue, valueAt(interpolated.value, issue.path))}`),
    });
  }
  return parsed.data;
}
