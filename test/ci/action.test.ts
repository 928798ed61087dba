import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, REPO, type Workspace } from '../support/workspace.js';
import { action, expand, runAction, runScript } from './workflow-steps.js';

// action.yml's own steps, run as the runner runs a composite action, against the file provider.

let ws: Workspace;
const ZONE = readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8');
const CONFIG = readFileSync(join(REPO, 'zonesync.yaml'), 'utf8');

beforeAll(async () => {
  ws = await makeWorkspace({ 'dns/zonesync.yaml': CONFIG, 'dns/zones/example.com.yaml': ZONE });
});
afterAll(async () => ws?.cleanup());

describe('the install step', () => {
  const install = action.runs.steps.find((s) => s.id === 'install');
  const env = (mode: string) => Object.fromEntries(Object.entries(install?.env ?? {}).map(([k, v]) => [k, expand(String(v), { values: { 'github.action_path': REPO, 'inputs.install': mode } })]));

  it('source: puts a zonesync built from the action\'s checkout on PATH (dist/ is there: no build)', async () => {
    const temp = join(ws.dir, 'runner-temp');
    const result = await runScript(ws, 'install', install?.run as string, { ...env('source'), RUNNER_TEMP: temp, GITHUB_PATH: join(ws.dir, 'github-path') });
    expect(result.code, result.stderr).toBe(0);
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(result.stdout).toContain(`zonesync/${version}`);
    expect(readFileSync(join(ws.dir, 'github-path'), 'utf8')).toBe(`${join(temp, 'zonesync-bin')}\n`);
    expect(execFileSync(join(temp, 'zonesync-bin/zonesync'), ['--version'], { encoding: 'utf8' })).toContain(`zonesync/${version}`);
  });

  it('refuses an install mode it does not know', async () => {
    const result = await runScript(ws, 'install-bad', install?.run as string, { ...env('pip'), RUNNER_TEMP: join(ws.dir, 'rt'), GITHUB_PATH: join(ws.dir, 'gp') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("::error::zonesync action: install must be source or npm, not 'pip'");
  });
});

describe('the command step', () => {
  const inDns = { 'working-directory': 'dns' };

  it('plan: saves the plan and a report in working-directory, says there are changes, writes the summary', async () => {
    const result = await runAction(ws, 'plan', { ...inDns, command: 'plan', format: 'markdown', summary: 'true' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.outputs).toEqual({
      'exit-code': '0',
      'has-changes': 'true',
      'plan-path': join(ws.dir, 'dns/zonesync-plan.json'),
      'report-path': join(ws.dir, 'dns/zonesync-report.json'),
      'output-path': join(ws.dir, 'dns/zonesync-output.txt'),
    });
    expect(result.stdout).toContain('## zonesync plan');
    expect(result.summary).toBe(readFileSync(join(ws.dir, 'dns/zonesync-output.txt'), 'utf8'));
    expect(JSON.parse(readFileSync(join(ws.dir, 'dns/zonesync-report.json'), 'utf8'))).toMatchObject({ format: 'zonesync-report/1', kind: 'plan', zones: ['example.com.'] });
  });

  it('fails the step on an exit code not in ok-exit-codes, with the outputs still set; "any" never fails it', async () => {
    const strict = await runAction(ws, 'verify', { ...inDns, command: 'verify' });
    expect(strict.code).toBe(3);
    expect(strict.stdout).toContain('::error::zonesync verify exited with 3');
    expect(strict.outputs['exit-code']).toBe('3');
    expect(strict.outputs['has-changes']).toBe('');
    expect(strict.outputs['report-path']).toBe(join(ws.dir, 'dns/zonesync-report.json'));
    const lenient = await runAction(ws, 'verify-any', { ...inDns, command: 'verify', 'ok-exit-codes': 'any' });
    expect(lenient.code).toBe(0);
    expect(lenient.outputs['exit-code']).toBe('3');
  });

  it('args: words, never evaluated; patterns expand to the files they match', async () => {
    await ws.write('dns/shards/a/verify.json', readFileSync(join(ws.dir, 'dns/zonesync-report.json'), 'utf8'));
    const merged = await runAction(ws, 'merge', { ...inDns, command: 'report merge', args: 'shards/*/verify.json --html status.html', 'ok-exit-codes': 'any' });
    expect(merged.outputs['exit-code'], merged.stderr).toBe('3');
    expect(readFileSync(join(ws.dir, 'dns/status.html'), 'utf8')).toContain('<code>example.com.</code>');
    const injected = await runAction(ws, 'inject', { ...inDns, command: 'validate', args: 'example.com $(touch pwned) `touch pwned2`', 'ok-exit-codes': 'any' });
    expect(injected.outputs['exit-code']).toBe('1');
    expect(injected.stderr).toContain('Unknown zone "$(touch"');
    expect(() => readFileSync(join(ws.dir, 'dns/pwned'))).toThrow();
  });

  it('refuses a command it does not know; no command only installs', async () => {
    const unknown = await runAction(ws, 'rm', { ...inDns, command: 'rm -rf' });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("::error::zonesync action: unknown command 'rm'");
    const none = await runAction(ws, 'none', {});
    expect(none.outputs).toEqual({});
    await expect(runAction(ws, 'typo', { comand: 'plan' })).rejects.toThrow('action.yml has no input comand');
  });
});
