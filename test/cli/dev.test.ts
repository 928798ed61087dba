import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** bin/dev.js runs the TypeScript sources through tsx (no build), like bin/run.js runs the bundle. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dev = fileURLToPath(new URL('../../bin/dev.js', import.meta.url));
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function runDev(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(dev, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('bin/dev.js', () => {
  it('--version prints the package version', async () => {
    const run = await runDev(['--version']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`zonesync/${version} `);
  });

  it('validate -c reads the example config and its zone from the sources', async () => {
    const run = await runDev(['validate', '-c', 'zonesync.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1 zone checked: no errors.*example\.com\. \(\d+ rrsets, zones\/example\.com\.yaml\)$/m);
  });

  it('an unknown command exits 1 naming the commands, as bin/run.js does', async () => {
    const run = await runDev(['nosuch']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"nosuch" is not a zonesync command');
    expect(run.stderr).toMatch(/apply.*plan.*validate/);
  });
});
