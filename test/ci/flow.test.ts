import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/engine/run/journal.js';
import { makeWorkspace, REPO, type Workspace } from '../support/workspace.js';
import { commitAll, runStep as runWorkflowStep, workflow, type StepContext } from './workflow-steps.js';

// The workflow's own `run:` scripts, in the order GitHub runs them, against the file provider:
// if dns.yml and the CLI drift apart (a renamed flag, a new exit code), this test breaks.

let context: StepContext = {};
const runStep = (ws: Workspace, job: string, id: string) => runWorkflowStep(ws, job, id, context);

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

describe('dns.yml end to end on the file provider', () => {
  let ws: Workspace;
  beforeAll(async () => {
    // The base branch has the zone with one record; the pull request (the work tree) gives it the rest.
    ws = await makeWorkspace({
      'zonesync.yaml': readFileSync(join(REPO, 'zonesync.yaml'), 'utf8'),
      'zones/example.com.yaml': "'':\n  type: A\n  value: 192.0.2.1\n",
    });
    const base = commitAll(ws, 'base');
    await ws.write('zones/example.com.yaml', readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8'));
    context = { values: { 'github.event.pull_request.base.sha': base, 'github.event.before': base }, secrets: { ZONESYNC_PLAN_KEY: 'flow-test-plan-key-0042' } };
  });
  afterAll(async () => ws?.cleanup());

  it('runs its steps with the shell the workflow declares', () => {
    expect(workflow.defaults.run.shell).toBe('bash');
  });

  it('pull request: validate, plan as markdown with a saved plan, one comment updated in place', async () => {
    const baseConfig = await runStep(ws, 'plan', 'base-config');
    expect(baseConfig.code, baseConfig.stderr).toBe(0);
    expect(readFileSync(join(ws.dir, 'plan-note.md'), 'utf8')).toBe('');
    const validate = await runStep(ws, 'plan', 'validate');
    expect(validate.code, validate.stderr).toBe(0);

    const plan = await runStep(ws, 'plan', 'plan');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('example.com.: zone file zones/example.com.yaml changed');
    expect(plan.outputs).toMatchObject({ 'exit-code': '0', 'has-changes': 'true', 'plan-path': join(ws.dir, 'plan.json'), 'output-path': join(ws.dir, 'plan-body.md') });
    const comment = await runStep(ws, 'plan', 'plan-md');
    expect(comment.code, comment.stderr).toBe(0);
    const markdown = readFileSync(join(ws.dir, 'plan.md'), 'utf8');
    expect(markdown).toContain('## zonesync plan');
    expect(markdown).toContain('| zone | target | create | update | delete | safety | change visible within | rollback visible within |');
    expect(markdown).toMatch(/\| `example\.com\.` \| local \| 13 \| 0 \| 0 \| ok \| [^|]+ \| [^|]+ \|/);
    expect(markdown).toContain('```diff\n');
    expect(markdown).toContain('+ www.example.com. 300 IN CNAME example.com.');
    expect(comment.summary).toBe(markdown);
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
    const reviewed = JSON.parse(readFileSync(join(ws.dir, 'reviewed/plan.json'), 'utf8')) as { checksum: string; hmac?: string };
    const main = JSON.parse(readFileSync(join(ws.dir, 'main-plan.json'), 'utf8')) as { checksum: string; hmac?: string };
    // The pull request's job has no plan key; main signs its own plan, and that is what is applied.
    expect(reviewed.hmac).toBeUndefined();
    expect(main.hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(compare.stdout).toContain(`The reviewed plan ${reviewed.checksum} is what main asks for: applying main's plan ${main.checksum}`);

    const apply = await runStep(ws, 'apply', 'apply');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('example.com. on local: done');
    const runs = readdirSync(join(ws.dir, '.zonesync/runs'));
    expect(runs).toHaveLength(1);
    const run = join(ws.dir, '.zonesync/runs', runs[0] as string);
    for (const file of ['plan.json', 'rollback.json', 'journal.jsonl']) expect(existsSync(join(run, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(run, 'plan.json'), 'utf8')).checksum).toBe(main.checksum);
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
    expect(clean.outputs['exit-code']).toBe('0');
    expect(clean.outputs['has-changes']).toBe('false');

    const served = join(ws.dir, '.zonesync/served/example.com.zone');
    const text = readFileSync(served, 'utf8');
    expect(text).toMatch(/192\.0\.2\.25/);
    await writeFile(served, text.replace('192.0.2.25', '192.0.2.99'));
    const drift = await runStep(ws, 'watch', 'drift');
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.outputs['exit-code']).toBe('2');
    const driftMd = readFileSync(join(ws.dir, 'drift.md'), 'utf8');
    expect(driftMd).toContain('| `example.com.` | local | 0 | 1 | 0 |');
    expect(driftMd).toContain('+ mx1.example.com.');
  });

  it('schedule: the shards\' reports merge into one status page and one summary', async () => {
    const verify = await runStep(ws, 'watch', 'verify');
    expect(verify.outputs['exit-code'], verify.stderr).toBe('3'); // the file provider has no nameservers: NOT VERIFIED
    expect(verify.outputs['report-path']).toBe(join(ws.dir, 'verify-report.json'));
    // download-artifact puts each shard's artifact in a folder named after it.
    const artifact = join(ws.dir, 'reports/reports-7-1');
    await mkdir(artifact, { recursive: true });
    for (const f of ['verify-report.json', 'drift-report.json']) await cp(join(ws.dir, f), join(artifact, f));
    const status = await runStep(ws, 'status', 'status');
    expect(status.outputs['exit-code'], status.stderr).toBe('3');
    expect(readFileSync(join(ws.dir, 'status.html'), 'utf8')).toContain('<code>example.com.</code>');
    expect(status.summary).toContain('## zonesync verify');
    const drift = await runStep(ws, 'status', 'drift');
    expect(drift.outputs['exit-code'], drift.stderr).toBe('2');
    expect(drift.summary).toContain('| `example.com.` | local | 0 | 1 | 0 |');
  });
});
