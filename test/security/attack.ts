import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorkspace, runCli, type CliResult, type Workspace } from '../support/workspace.js';

/** What a file outside the repository holds; no output may ever contain it. */
export const MARKER = 'ZONESYNC-MARKER-SECRET-7f3a9c';

export const ZONE = 'example.com';

/** zonesync.yaml for one zone on the `file` provider (no credentials, no server). */
export function configFor(file: string, extra: string[] = []): string {
  return [
    ...extra,
    'providers:',
    '  local:',
    '    type: file',
    '    directory: .zonesync/served',
    '    delegation: [ns1.example.net., ns2.example.net.]',
    'zones:',
    `  ${ZONE}:`,
    `    file: ${file}`,
    '    targets: [local]',
    '',
  ].join('\n');
}

export const MASTER_HEAD = '$TTL 300\n@ SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300\nwww A 192.0.2.1\n';

export interface Attack {
  ws: Workspace;
  /** A folder outside the workspace holding secret.txt (the marker). */
  outside: string;
  secret: string;
  cli(...args: string[]): Promise<CliResult>;
  cleanup(): Promise<void>;
}

/** A workspace and, beside it, a secret the pull request must not be able to read. */
export async function makeAttack(files: Record<string, string>): Promise<Attack> {
  const outside = await mkdtemp(join(tmpdir(), 'zonesync-outside-'));
  const secret = join(outside, 'secret.txt');
  await writeFile(secret, `${MARKER}\nwww A 192.0.2.66\n`);
  const ws = await makeWorkspace(files);
  return {
    ws,
    outside,
    secret,
    cli: (...args) => runCli(args, { cwd: ws.dir, env: { SECRET_FROM_ENV: MARKER } }),
    cleanup: async () => {
      await ws.cleanup();
      await rm(outside, { recursive: true, force: true });
    },
  };
}

/** Everything a run printed. */
export const printed = (r: CliResult): string => `${r.stdout}\n${r.stderr}`;
