import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readJournal } from '../../src/engine/journal.js';
import { CLI, makeWorkspace, REPO, type Workspace } from '../support/workspace.js';

// The workflow's own `run:` scripts, in the order GitHub runs them, against the file provider:
// if dns.yml and the CLI drift apart (a renamed flag, a new exit code), this test breaks.

type Step = { id?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> };
type Job = { env?: Record<string, string>; steps: Step[] };
const workflow = parse(readFileSync(join(REPO, '.github/workflows/dns.yml'), 'utf8')) as { defaults: { run: { shell: string } }; jobs: Record<string, Job> };

/** A one-shard matrix; secrets and variables are empty (the file provider needs none). */
const CONTEXT: Record<string, string> = { 'matrix.shard': '1', 'strategy.job-total': '1' };

function expand(text: string): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    if (expr in CONTEXT) return CONTEXT[expr] as string;
    if (/^(secrets|vars)\.\w+$/.test(expr)) return '';
    throw new Error(`flow test: no value for \${{ ${expr} }}: add it to CONTEXT`);
  });
}

function step(job: string, id: string): { run: string; env: Record<string, string> } {
  const j = workflow.jobs[job];
  const s = j?.steps.find((x) => x.id === id);
  if (!j || !s?.run) throw new Error(`dns.yml: job ${job} has no run: step with id ${id}`);
  const env = Object.fromEntries(Object.entries({ ...j.env, ...s.env }).map(([k, v]) => [k, expand(String(v))]));
  return { run: s.run, env };
}

interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Run one step as the runner would (`shell: bash`), with `zonesync` the CLI built from this tree. */
async function runStep(ws: Workspace, job: string, id: string): Promise<StepResult> {
  const { run, env } = step(job, id);
  const dir = join(ws.dir, '.runner');
  await mkdir(dir, { recursive: true });
  const files = { script: join(dir, `${job}-${id}.sh`), output: join(dir, `${job}-${id}.output`), summary: join(dir, `${job}-${id}.summary`) };
  await writeFile(files.script, `zonesync() { node "$ZONESYNC_CLI" "$@"; }\n${run}`);
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script], {
    cwd: ws.dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', CI: 'true', ZONESYNC_CLI: CLI, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, ...env },
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

type Comment = { id: number; body: string; user: { type: string } };

/** The comment job's github-script, run against an in-memory issue thread. */
async function postComment(ws: Workspace, comments: Comment[], planResult = 'success'): Promise<void> {
  const script = workflow.jobs.comment?.steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script;
  if (!script) throw new Error('dns.yml: the comment job has no github-script step');
  const github = {
    paginate: async (list: (params: object) => Promise<Comment[]>, params: object) => list(params),
    rest: {
      issues: {
        listComments: async () => comments.map((c) => ({ ...c })),
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          const c = comments.find((x) => x.id === comment_id);
          if (!c) throw new Error(`no comment ${comment_id}`);
          c.body = body;
        },
        createComment: async ({ body }: { body: string }) => void comments.push({ id: comments.length + 1, body, user: { type: 'Bot' } }),
      },
    },
  };
  const context = { serverUrl: 'https://github.example', repo: { owner: 'o', repo: 'r' }, runId: 7, issue: { number: 3 } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;
  const cwd = process.cwd();
  process.chdir(ws.dir);
  try {
    await new AsyncFunction('require', 'github', 'context', 'core', 'process', script)(createRequire(import.meta.url), github, context, {}, { env: { PLAN_RESULT: planResult } });
  } finally {
    process.chdir(cwd);
  }
}

/** The CLI takes --shard only once the commands are wired to src/core/shard.ts. */
const shardWired = execFileSync(process.execPath, [CLI, 'plan', '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).includes('--shard');

describe.skipIf(!shardWired)('dns.yml end to end on the file provider (skipped until the CLI has --shard)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace({
      'zonesync.yaml': readFileSync(join(REPO, 'zonesync.yaml'), 'utf8'),
      'zones/example.com.yaml': readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8'),
    });
  });
  afterAll(async () => ws?.cleanup());

  it('runs its steps with the shell the workflow declares', () => {
    expect(workflow.defaults.run.shell).toBe('bash');
  });

  it('pull request: validate, plan as markdown with a saved plan, one comment updated in place', async () => {
    const validate = await runStep(ws, 'plan', 'validate');
    expect(validate.code, validate.stderr).toBe(0);

    const plan = await runStep(ws, 'plan', 'plan');
    expect(plan.code, plan.stderr).toBe(0);
    const markdown = readFileSync(join(ws.dir, 'plan.md'), 'utf8');
    expect(markdown).toContain('## zonesync plan');
    expect(markdown).toContain('| zone | target | create | update | delete | safety | change visible within | rollback visible within |');
    expect(markdown).toMatch(/\| `example\.com\.` \| local \| 13 \| 0 \| 0 \| ok \| [^|]+ \| [^|]+ \|/);
    expect(markdown).toContain('```diff\n');
    expect(markdown).toContain('+ www.example.com. 300 IN CNAME example.com.');
    expect(plan.summary).toBe(markdown);
    const saved = JSON.parse(readFileSync(join(ws.dir, 'plan.json'), 'utf8')) as { checksum: string; zones: unknown[] };
    expect(saved.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(markdown).toContain(saved.checksum);

    // download-artifact puts each shard's artifact in a folder named after it.
    const artifact = join(ws.dir, 'plans/plan-abc123-1');
    await mkdir(artifact, { recursive: true });
    await cp(join(ws.dir, 'plan.json'), join(artifact, 'plan.json'));
    await cp(join(ws.dir, 'plan.md'), join(artifact, 'plan.md'));
    const thread: Comment[] = [{ id: 1, body: 'looks good', user: { type: 'User' } }];
    await postComment(ws, thread);
    await postComment(ws, thread, 'failure');
    const ours = thread.filter((c) => c.body.includes('<!-- zonesync-plan -->'));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toContain(markdown.trim());
    expect(ours[0]?.body).toContain(':x: Some shards failed to validate or plan: see [the run](https://github.example/o/r/actions/runs/7).');
    expect(thread[0]?.body).toBe('looks good');
  });

  it('merge: the reviewed plan matches main, is applied, and leaves journal, plan and rollback plan', async () => {
    await mkdir(join(ws.dir, 'reviewed'), { recursive: true });
    await cp(join(ws.dir, 'plan.json'), join(ws.dir, 'reviewed/plan.json'));
    const compare = await runStep(ws, 'apply', 'compare');
    expect(compare.code, compare.stdout + compare.stderr).toBe(0);
    const reviewed = JSON.parse(readFileSync(join(ws.dir, 'reviewed/plan.json'), 'utf8')) as { checksum: string };
    expect(compare.stdout).toContain(`Applying the reviewed plan ${reviewed.checksum}`);

    const apply = await runStep(ws, 'apply', 'apply');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('example.com. on local: done');
    const runs = readdirSync(join(ws.dir, '.zonesync/runs'));
    expect(runs).toHaveLength(1);
    const run = join(ws.dir, '.zonesync/runs', runs[0] as string);
    for (const file of ['plan.json', 'rollback.json', 'journal.jsonl']) expect(existsSync(join(run, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(run, 'plan.json'), 'utf8')).checksum).toBe(reviewed.checksum);
    expect((await readJournal(join(run, 'journal.jsonl'))).at(-1)).toMatchObject({ type: 'run-end', status: 'done' });

    const converged = await runStep(ws, 'apply', 'converged');
    expect(converged.code, converged.stdout).toBe(0);
  });

  it('merge: a reviewed plan that is not what main would apply is refused before anything is written', async () => {
    // reviewed/plan.json is the plan just applied: live state has moved since it was made.
    const compare = await runStep(ws, 'apply', 'compare');
    expect(compare.code).toBe(1);
    expect(compare.stdout).toContain('::error::The reviewed plan is not what main would apply now');
  });

  it('schedule: no drift after the apply (0), drift after an edit behind zonesync\'s back (2)', async () => {
    const clean = await runStep(ws, 'watch', 'drift');
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.outputs).toEqual({ code: '0' });
    expect(clean.summary).toBe('');

    const served = join(ws.dir, '.zonesync/served/example.com.zone');
    const text = readFileSync(served, 'utf8');
    expect(text).toMatch(/192\.0\.2\.25/);
    await writeFile(served, text.replace('192.0.2.25', '192.0.2.99'));
    const drift = await runStep(ws, 'watch', 'drift');
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.outputs).toEqual({ code: '2' });
    expect(drift.summary).toContain('| `example.com.` | local | 0 | 1 | 0 |');
    expect(drift.summary).toContain('+ mx1.example.com.');
  });
});
