import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { needsIntegration } from '../support/project.js';
import { CLI, REPO, type Workspace } from '../support/workspace.js';
import { zoneAuditEnv } from '../support/zone-audit/env.js';

// dns.yml's own `run:` scripts and action.yml's, run as GitHub's runner would, with `zonesync` the CLI built from this tree.

type Step = { id?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> };
type Job = { env?: Record<string, string>; steps: Step[] };
export const workflow = parse(readFileSync(join(REPO, '.github/workflows/dns.yml'), 'utf8')) as { defaults: { run: { shell: string } }; jobs: Record<string, Job> };

/** A one-shard matrix; secrets and variables are empty unless a test gives them (the file provider needs none). */
const CONTEXT: Record<string, string> = { 'matrix.shard': '1', 'strategy.job-total': '1' };

export interface StepContext {
  /** `${{ secrets.NAME }}` values. */
  secrets?: Record<string, string>;
  /** Other `${{ … }}` values, e.g. `github.event.pull_request.base.sha`. */
  values?: Record<string, string>;
}

export function expand(text: string, context: StepContext): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    const value = context.values?.[expr] ?? CONTEXT[expr];
    if (value !== undefined) return value;
    const secret = /^secrets\.(\w+)$/.exec(expr);
    if (secret) return context.secrets?.[secret[1] as string] ?? '';
    if (/^vars\.\w+$/.test(expr)) return '';
    throw new Error(`workflow steps: no value for \${{ ${expr} }}: give it in the step context`);
  });
}

type ActionStep = Step & { if?: string; shell?: string; 'working-directory'?: string };
export const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};

function step(job: string, id: string, context: StepContext): Step & { env: Record<string, string> } {
  const j = workflow.jobs[job];
  const s = j?.steps.find((x) => x.id === id);
  if (!j || !s || !(s.run || s.uses === './')) throw new Error(`dns.yml: job ${job} has no run: or uses: ./ step with id ${id}`);
  const env = Object.fromEntries(Object.entries({ ...j.env, ...s.env }).map(([k, v]) => [k, expand(String(v), context)]));
  const given = Object.fromEntries(Object.entries(s.with ?? {}).map(([k, v]) => [k, expand(String(v), context)]));
  return { ...s, env, with: given };
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Run a bash script as the runner would (`shell: bash`), with `zonesync` the CLI built from this tree. */
export async function runScript(ws: Workspace, name: string, run: string, env: Record<string, string>, cwd = ws.dir): Promise<StepResult> {
  needsIntegration('the built CLI (zonesync on the workflow step\'s PATH)');
  const dir = join(ws.dir, '.runner');
  await mkdir(dir, { recursive: true });
  const files = { script: join(dir, `${name}.sh`), output: join(dir, `${name}.output`), summary: join(dir, `${name}.summary`) };
  await writeFile(files.script, `zonesync() { node "$ZONESYNC_CLI" "$@"; }\n${run}`);
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', CI: 'true', ZONESYNC_CLI: CLI, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, ...zoneAuditEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  const outputs = Object.fromEntries((await readFile(files.output, 'utf8')).split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { code, stdout, stderr, outputs, summary: await readFile(files.summary, 'utf8') };
}

/**
 * action.yml's command step, as `uses: ./` runs it: inputs (with their defaults) through its env:,
 * in its working-directory; the outputs are the action's (`exit-code`, `plan-path`, …). The install
 * step is left out: `zonesync` is the CLI built from this tree (test/ci/action.test.ts runs the install).
 */
export async function runAction(ws: Workspace, name: string, given: Record<string, string>, env: Record<string, string> = {}): Promise<StepResult> {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  for (const k of Object.keys(given)) if (!(k in action.inputs)) throw new Error(`action.yml has no input ${k}`);
  const s = action.runs.steps.find((x) => x.id === 'run');
  if (!s?.run) throw new Error('action.yml has no run step with id run');
  const values = { ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`inputs.${k}`, v])), 'github.action_path': REPO };
  if (s.if !== "inputs.command != ''") throw new Error(`action.yml: the run step's if: changed (${s.if}); update runAction`);
  if (inputs.command === '') return { code: 0, stdout: '', stderr: '', outputs: {}, summary: '' };
  const stepEnv = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expand(String(v), { values })]));
  const cwd = join(ws.dir, expand(s['working-directory'] ?? '.', { values }));
  const result = await runScript(ws, name, s.run, { ...env, ...stepEnv }, cwd);
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, result.outputs[/steps\.run\.outputs\.([\w-]+)/.exec(o.value)?.[1] ?? ''] ?? '']));
  return { ...result, outputs };
}

/** Run one step as the runner would: a `run:` script, or the action of this repository (`uses: ./`). */
export async function runStep(ws: Workspace, job: string, id: string, context: StepContext = {}): Promise<StepResult> {
  const s = step(job, id, context);
  if (s.uses === './') return runAction(ws, `${job}-${id}`, s.with as Record<string, string>, s.env);
  return runScript(ws, `${job}-${id}`, s.run as string, s.env);
}

/** Make the workspace a git repository and commit everything in it; returns the commit. */
export function commitAll(ws: Workspace, message: string): string {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: ws.dir, encoding: 'utf8' }).trim();
  git('init', '--quiet');
  git('add', '--all', '--', '.', ':!.runner', ':!.zonesync');
  git('commit', '--quiet', '--allow-empty', '-m', message);
  return git('rev-parse', 'HEAD');
}
