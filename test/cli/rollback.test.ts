import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

// A server reloads the files after each write, so a run keeps its chunks (without one it is one write).
const CONFIG = `providers:
  local: { type: file, directory: served, delegation: [ns1.example.net.], reload: ['true'] }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local] }
defaults:
  safety: { maxUpdatePercent: 100, maxDeletePercent: 100, minExistingRecords: 10 }
`;
const zone = (value: string) => Array.from({ length: 6 }, (_, i) => `h${i}: { type: A, ttl: 300, value: ${value} }`).join('\n') + '\n';
const API = ['--verify', 'api'];

async function values(ws: Workspace): Promise<string[]> {
  const provider = createFileProvider('local', { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], nameservers: [] }, ws.dir);
  const live = await provider.read('example.com.');
  return (live?.rrsets ?? []).filter((r) => r.type === 'A').map((r) => r.values.join(','));
}

const runs = (ws: Workspace) => readdirSync(join(ws.dir, '.zonesync', 'runs')).filter((n) => !n.startsWith('.')).sort();
const hint = (id: string) => `warning: run ${id} did not finish: finish it with zonesync apply --resume --run ${id} or undo it with zonesync rollback ${id}`;

let ws: Workspace | undefined;
afterEach(async () => ws?.cleanup());

describe('zonesync rollback says what it will undo before it asks', () => {
  it('previews and refuses without a terminal, undoes with --yes, then has nothing to undo', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': zone('192.0.2.1') });
    expect((await runCli(['apply', '--yes', ...API], { cwd: ws.dir })).code).toBe(0);
    await ws.write('zones/example.com.yaml', zone('192.0.2.2'));
    expect((await runCli(['apply', '--yes', ...API], { cwd: ws.dir })).code).toBe(0);
    const [, applied] = runs(ws);

    const asked = await runCli(['rollback', ...API], { cwd: ws.dir });
    expect(asked.code).toBe(1);
    expect(asked.stdout).toMatch(new RegExp(`^Run ${applied}: an apply, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, ended done\\.\\n`));
    expect(asked.stdout).toContain('Rollback: 6 changes (0 create, 6 update, 0 delete) in 1 zone × 1 target: example.com. on local.\n');
    expect(asked.stdout).toContain('example.com. on local (file): 6 changes: 0 create, 6 update, 0 delete\n  - h0.example.com. 300 IN A 192.0.2.2\n  + h0.example.com. 300 IN A 192.0.2.1\n');
    expect(asked.stderr).toBe('Error: Refusing to prompt without a terminal: nothing was written. Review the plan, then pass --yes\n');
    expect(new Set(await values(ws))).toEqual(new Set(['192.0.2.2']));
    expect(runs(ws)).toHaveLength(2);

    const undone = await runCli(['rollback', '--yes', ...API], { cwd: ws.dir });
    expect(undone.code, undone.stderr).toBe(0);
    const rollbackRun = runs(ws)[2];
    expect(undone.stdout).toContain(`Rolled back run ${applied} (as run ${rollbackRun}).\n`);
    expect(new Set(await values(ws))).toEqual(new Set(['192.0.2.1']));

    const again = await runCli(['rollback', ...API], { cwd: ws.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Nothing to undo for run ${applied}: it was already rolled back by run ${rollbackRun}.\n`);
    const json = await runCli(['rollback', '--json', ...API], { cwd: ws.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ of: applied, status: 'no-changes', preview: { nothingToUndo: `it was already rolled back by run ${rollbackRun}` } });
    expect(runs(ws)).toHaveLength(3);
  });

  it('a run whose changes were reverted by a later apply has nothing to undo, and asks nothing', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': zone('192.0.2.1') });
    expect((await runCli(['apply', '--yes', ...API], { cwd: ws.dir })).code).toBe(0);
    await ws.write('zones/example.com.yaml', zone('192.0.2.2'));
    expect((await runCli(['apply', '--yes', ...API], { cwd: ws.dir })).code).toBe(0);
    await ws.write('zones/example.com.yaml', zone('192.0.2.1'));
    expect((await runCli(['apply', '--yes', ...API], { cwd: ws.dir })).code).toBe(0);
    const [, changed] = runs(ws);
    const result = await runCli(['rollback', changed as string, ...API], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Nothing to undo for run ${changed}: none of its changes is live any more (live state matches the snapshot its plan was made from).\n`);
    expect(runs(ws)).toHaveLength(3);
  });

  it('after a crash and an apply refused by a held lock, rollback picks the crashed run, and plan and apply name it as unfinished', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': zone('192.0.2.1') });
    expect((await runCli(['apply', '--yes', ...API], { cwd: ws.dir })).code).toBe(0);
    await ws.write('zones/example.com.yaml', zone('192.0.2.2'));
    // Killed after chunk 1 of 3 is verified and chunk 2 has started (journal entry 5).
    const killed = await runCli(['apply', '--yes', '--chunk-size', '2', ...API], { cwd: ws.dir, env: { ZONESYNC_CRASH_AFTER_ENTRY: '5' } });
    expect(killed.signal).toBe('SIGKILL');
    const [, crashed] = runs(ws) as [string, string];

    // Another run holds the lock (this test process is alive on this host): the apply is refused.
    await ws.write('.zonesync/locks/example.com@local.lock', JSON.stringify({ pid: process.pid, host: hostname(), runId: 'other', since: new Date().toISOString() }));
    const refused = await runCli(['apply', '--yes', ...API], { cwd: ws.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${hint(crashed)}\n`);
    expect(refused.stderr).toContain('Error: example.com. on local is locked by run other');
    expect(runs(ws)).toHaveLength(2);
    await rm(join(ws.dir, '.zonesync/locks/example.com@local.lock'));

    const plan = await runCli(['plan'], { cwd: ws.dir });
    expect(plan.code).toBe(0);
    expect(plan.stderr.split('\n')[0]).toBe(hint(crashed));

    const asked = await runCli(['rollback', ...API], { cwd: ws.dir });
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain(`${hint(crashed)}\n`);
    expect(asked.stdout).toMatch(new RegExp(`^Run ${crashed}: an apply, started \\S+, did not finish\\.\\nRollback: 2 changes \\(0 create, 2 update, 0 delete\\) in 1 zone × 1 target: example.com. on local\\.\\n`));

    const undone = await runCli(['rollback', '--yes', '--json', ...API], { cwd: ws.dir });
    expect(undone.code, undone.stderr).toBe(0);
    const report = JSON.parse(undone.stdout) as { of: string; status: string; runId: string; preview: { plan: { zones: Array<{ changes: unknown[] }> } } };
    expect(report).toMatchObject({ of: crashed, status: 'done', runId: runs(ws)[2] });
    expect(report.preview.plan.zones[0]?.changes).toHaveLength(2);
    expect(new Set(await values(ws))).toEqual(new Set(['192.0.2.1']));

    // Undone by a finished rollback, the crashed run is no longer named.
    expect((await runCli(['plan'], { cwd: ws.dir })).stderr).not.toContain('did not finish');
  });
});
