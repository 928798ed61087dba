import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const NAMED_CHECKZONE = 'named-checkzone';

/** Each distinct file once: two writes that differ only in the SOA serial are one check. */
export function auditKey(text: string): string {
  return createHash('sha256').update(text.replace(/(\sSOA\s+\S+\s+\S+\s+)\d+/, '$1SERIAL')).digest('hex');
}

/** The zone a file provider's file is for: its $ORIGIN line. */
export function originOf(text: string): string | undefined {
  return /^\$ORIGIN\s+(\S+)/m.exec(text)?.[1];
}

export interface AuditResult {
  written: number;
  checked: number;
  failures: string[];
}

/** named-checkzone (its defaults) on every distinct copied file; copies that could not be made count as failures. */
export async function checkAudited(dir: string, concurrency = 2): Promise<AuditResult> {
  const names = readdirSync(dir);
  const failures = names.filter((n) => n.endsWith('.error')).map((n) => `copy failed: ${readFileSync(join(dir, n), 'utf8')}`);
  const distinct = new Map<string, { file: string; origin: string | undefined }>();
  const zones = names.filter((n) => n.endsWith('.zone'));
  for (const name of zones) {
    const text = readFileSync(join(dir, name), 'utf8');
    distinct.set(auditKey(text), { file: join(dir, name), origin: originOf(text) });
  }
  const queue = [...distinct.values()];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (!item.origin) {
        failures.push(`${item.file}: no $ORIGIN line`);
        continue;
      }
      try {
        await run(NAMED_CHECKZONE, [item.origin, item.file]);
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        failures.push(`${item.origin} (${item.file}):\n${e.stdout ?? ''}${e.stderr ?? e.message}\n${readFileSync(item.file, 'utf8').slice(0, 4000)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { written: zones.length, checked: distinct.size, failures };
}

/**
 * vitest globalSetup: every node process of the run (workers and the CLI processes tests start, through
 * NODE_OPTIONS) copies each zone file the file provider writes; at the end each distinct one must
 * pass named-checkzone, or the run fails.
 */
export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zonesync-zone-audit-'));
  process.env.ZONESYNC_ZONE_AUDIT_DIR = dir;
  const preload = new URL('./preload.mjs', import.meta.url).href;
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--import=${preload}`].filter(Boolean).join(' ');
  return async () => {
    try {
      const result = await checkAudited(dir);
      console.log(`named-checkzone: ${result.written} zone files written by the file provider, ${result.checked} distinct, ${result.failures.length} failed`);
      if (result.failures.length > 0) {
        // vitest only logs a teardown's error ("error during close") and still exits 0: set the code too.
        process.exitCode = 1;
        throw new Error(`named-checkzone refused ${result.failures.length} file(s) the file provider wrote:\n${result.failures.join('\n\n')}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
