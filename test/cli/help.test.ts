import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/workspace.js';

// A topic is a folder: report/merge.ts is `report merge`.
const commands = readdirSync(join(REPO, 'src/commands'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3));

describe('oclif help', () => {
  it.each(commands)('%s has a summary and examples', async (name) => {
    const { default: command } = (await import(join(REPO, 'src/commands', `${name}.ts`))) as { default: { summary?: string; examples?: unknown[] } };
    expect(command.summary).toBeTruthy();
    expect(command.examples?.length).toBeGreaterThan(0);
  });

  it('prints help with examples and the global flags', async () => {
    const result = await runCli(['plan', '--help'], { cwd: REPO });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('EXAMPLES');
    expect(result.stdout).toContain('--detailed-exitcode');
    expect(result.stdout).toContain('--shard');
  });

  it('lists a topic\'s commands: report merge', async () => {
    const result = await runCli(['report', '--help'], { cwd: REPO });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('report merge');
    const merge = await runCli(['report', 'merge', '--help'], { cwd: REPO });
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('--html');
  });
});
