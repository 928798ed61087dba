import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

// Until zone arguments were passed on by ZonesyncCommand.parse, every `plan example.com` was
// refused with "Unexpected argument": these run the built CLI with zone names where users put them.

const CONFIG = `providers:
  local: { type: file, directory: .zonesync/served, delegation: [ns1.example.net.] }
  backup: { type: file, directory: .zonesync/backup, delegation: [ns2.example.net.] }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local, backup] }
  example.org: { file: zones/example.org.yaml, targets: [local, backup] }
`;
const ORG = `'':\n  type: A\n  value: 192.0.2.1\nwww:\n  type: A\n  value: 192.0.2.2\n`;

let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir });

beforeAll(async () => {
  ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8'), 'zones/example.org.yaml': ORG });
});
afterAll(() => ws.cleanup());

/** The zones a plan, apply or validate printed, by their "ZONE on TARGET" or "ZONE:" heads. */
const zonesIn = (out: string) => [...new Set([...out.matchAll(/^(example\.(?:com|org)\.)(?: on |:| OK| FAILED| NOT VERIFIED)/gm)].map((m) => m[1]))].sort();

describe('zone names on the command line (built CLI, two zones on two file providers)', () => {
  it.each([
    [['plan', 'example.org']],
    [['plan', 'example.org', '--target', 'local']],
    [['plan', '--target', 'local', 'example.org']],
    [['plan', '-t', 'local', 'example.org', '--detailed-exitcode']],
    [['plan', 'example.org.', '--format', 'text']],
  ])('plan %j plans only example.org', async (args) => {
    const result = await cli(...args);
    expect(result.stderr).toBe('');
    expect([0, 2]).toContain(result.code);
    expect(zonesIn(result.stdout)).toEqual(['example.org.']);
  });

  it('plan with both zones named, around flags, plans both', async () => {
    const result = await cli('plan', 'example.org', '--target', 'local', 'example.com');
    expect(result.code).toBe(0);
    expect(zonesIn(result.stdout)).toEqual(['example.com.', 'example.org.']);
    expect(result.stdout).not.toContain(' on backup ');
  });

  it.each([
    [['validate', 'example.org']],
    [['validate', '-q', 'example.org', '--json']],
  ])('validate %j accepts the zone', async (args) => {
    const result = await cli(...args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    if (args.includes('--json')) expect(JSON.parse(result.stdout).zones.map((z: { zone: string }) => z.zone)).toEqual(['example.org.']);
  });

  it('apply -q example.org --yes writes only example.org, then apply --target local example.com --yes only that pair', async () => {
    const org = await cli('apply', '-q', 'example.org', '--yes');
    expect(org.stderr).toBe('');
    expect(org.code).toBe(0);
    expect(zonesIn(org.stdout)).toEqual(['example.org.']);
    const planned = await cli('plan', '--detailed-exitcode');
    expect(planned.stdout).toContain('example.org. on local (file): no changes');
    expect(planned.stdout).toContain('example.com. on local (file) (zone will be created)');

    const com = await cli('apply', '--target', 'local', 'example.com', '--yes', '--pause', '0.2');
    expect(com.code).toBe(0);
    expect(com.stdout).toContain('example.com. on local: done');
    expect(com.stdout).not.toContain('example.com. on backup');
    expect(com.stdout).not.toContain('example.org.');
  });

  it('verify example.org --target local and verify --target backup example.org check only that zone', async () => {
    for (const args of [['verify', 'example.org', '--target', 'local'], ['verify', '--target', 'backup', 'example.org']]) {
      const result = await cli(...args);
      // The file providers here have no nameservers: nothing asked is not green (exit 3), and only that zone is named.
      expect(result.code).toBe(3);
      expect(zonesIn(result.stdout)).toEqual(['example.org.']);
      const id = args.includes('local') ? 'local' : 'backup';
      expect(result.stdout).toContain(`nothing was asked for example.org. on ${id}: set providers.${id}.nameservers to the address:port of each server that answers for it`);
    }
  });

  it('import example.org --from local, with the zone before or after the flags', async () => {
    for (const args of [['import', 'example.org', '--from', 'local'], ['import', '--from', 'local', 'example.org']]) {
      const result = await cli(...args);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`---\n${ORG}`);
    }
  });

  it('switch example.org --to backup: the zone is taken, and the health step names it', async () => {
    for (const args of [['switch', 'example.org', '--to', 'backup', '--from', 'local'], ['switch', '--to', 'backup', 'example.org']]) {
      const result = await cli(...args);
      // The file provider serves no DNS, so health fails (exit 3): what is pinned is that the zone got there.
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/^switch example\.org\. (from local )?to backup: FAILED \(exit 3\)/);
    }
  });

  it('import takes a zone the config may not have yet: an unknown one is named with its provider', async () => {
    const result = await cli('import', '--from', 'local', 'nope.example');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: local does not serve nope.example.\n');
  });

  it('rollback takes a run id, not a zone: a zone name there is an unknown run', async () => {
    const result = await cli('rollback', 'example.org', '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/example\.org/);
  });

  it.each([
    [['plan', 'nope.example']],
    [['plan', '--target', 'local', 'nope.example']],
    [['validate', 'example.org', 'nope.example']],
    [['apply', 'nope.example', '--yes']],
    [['verify', 'nope.example']],
    [['switch', 'nope.example', '--to', 'backup']],
  ])('%j: an unknown zone is exit 1 naming the configured zones', async (args) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('nope.example');
    expect(result.stderr).toContain('example.com, example.org');
  });
});
