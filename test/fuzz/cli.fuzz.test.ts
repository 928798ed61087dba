import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMasterFile } from '../../src/core/zonefile/rfc1035.js';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import * as master from './master-inputs.js';
import { applyEdits, editArbitrary } from './mutations.js';
import * as yaml from './yaml-inputs.js';

/** A few generated broken zone files through the built CLI: exit 1, and nothing written anywhere. */

const hasErrors = (problems: Array<{ severity: string }>) => problems.some((p) => p.severity === 'error');
const noInclude = () => undefined;

// Fixed seeds: the same handful of cases every run, each one the parser itself finds broken.
const yamlCases = fc
  .sample(editArbitrary(yaml.fragment).map((edits) => applyEdits(yaml.VALID, edits)), { numRuns: 200, seed: 1035 })
  .filter((text) => hasErrors(parseYamlZone(text, yaml.FILE, yaml.ORIGIN).problems))
  .slice(0, 3);
const masterCases = fc
  .sample(editArbitrary(master.fragment).map((edits) => applyEdits(master.VALID, edits)), { numRuns: 200, seed: 2136 })
  .filter((text) => hasErrors(parseMasterFile(text, master.FILE, master.ORIGIN, noInclude).problems))
  .slice(0, 2);

const config = (file: string) => `providers:
  local: { type: file, directory: .zonesync/served, delegation: [ns1.example.net.] }
zones:
  example.com: { file: ${file}, targets: [local] }
`;

const workspaces: Workspace[] = [];
afterAll(async () => {
  await Promise.all(workspaces.map((ws) => ws.cleanup()));
});

const cases = [...yamlCases.map((text, i) => [`yaml #${i + 1}`, yaml.FILE, text] as const), ...masterCases.map((text, i) => [`master file #${i + 1}`, master.FILE, text] as const)];

describe('the CLI on generated broken zone files', () => {
  it('has cases of both formats to run', () => {
    expect(yamlCases).toHaveLength(3);
    expect(masterCases).toHaveLength(2);
  });

  it.each(cases)('%s: validate and apply --yes exit 1 with a located error; no served zone, no run', async (_, file, text) => {
    const ws = await makeWorkspace({ 'zonesync.yaml': config(file), [file]: text });
    workspaces.push(ws);
    const validate = await runCli(['validate'], { cwd: ws.dir });
    expect(validate.code, validate.stdout + validate.stderr).toBe(1);
    expect(validate.stdout + validate.stderr).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}:\\d+:\\d+`));
    const apply = await runCli(['apply', '--yes'], { cwd: ws.dir });
    expect(apply.code, apply.stdout + apply.stderr).toBe(1);
    expect(apply.stderr).not.toMatch(/bug|TypeError|RangeError|at .*\.js:\d+/);
    expect(existsSync(join(ws.dir, '.zonesync/served'))).toBe(false);
    expect(existsSync(join(ws.dir, '.zonesync/runs'))).toBe(false);
  });
});
