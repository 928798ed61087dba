import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock } from '../support/config-blocks.js';
import { CLI, makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

/**
 * Every command line in README.md and in every command's `--help` examples is run here against
 * the built bin/run.js, in one fixture repository, in the order it appears, and must end with
 * the exit code written below. What is collected (a README edit adding a line that is neither
 * run nor listed fails this test):
 *
 *  - in ```sh blocks: each `&&`-separated part of a line that starts with `zonesync ` or
 *    `./bin/run.js ` (a trailing `# comment` is dropped; `npm …` parts are not zonesync lines);
 *  - outside code blocks: each inline code span that starts with `zonesync ` or `./bin/run.js `
 *    and a word (table cells and prose; `\|` read as `|`, a line break as a space);
 *  - each string in a command's static `examples`, `<%= config.bin %>` read as `zonesync`.
 *
 * A line found more than once runs once, where it is first found (README first, then --help).
 *
 * The fixture: the README's provider ids, backed by what runs here: `pdns`, `bind` and `ns1` are
 * three PowerDNS servers (nameservers that answer, so verify and switch have something to ask),
 * `local` and `r53` the file provider; example.com targets all five. Lines run through `sh -c`
 * with `zonesync` on PATH and `./bin/run.js` in the fixture, both links to the built bin/run.js.
 */

interface Run {
  exit: number;
  /** Added to the line: the command asks before writing, and the test has no terminal. */
  add?: string;
  /** The line changes live state on purpose (rollback, switch --yes): put it back after (apply --force). */
  resync?: boolean;
  why?: string;
}

const RUN: Record<string, Run> = {
  './bin/run.js apply --yes': { exit: 0 },
  './bin/run.js plan --detailed-exitcode': { exit: 0, why: 'right after the apply: no changes' },
  './bin/run.js validate': { exit: 0 },
  './bin/run.js plan': { exit: 0 },
  './bin/run.js apply': { exit: 0, add: '--yes' },
  './bin/run.js verify': { exit: 3, why: 'the file targets local and r53 have no nameservers: nothing asked is NOT VERIFIED, never green (pdns, bind and ns1 are asked)' },
  './bin/run.js rollback': { exit: 0, add: '--yes', resync: true },
  'zonesync autocomplete': { exit: 0 },
  'zonesync validate': { exit: 0 },
  'zonesync plan': { exit: 0 },
  'zonesync apply': { exit: 0, add: '--yes' },
  'zonesync verify': { exit: 3, why: 'the file targets local and r53 have no nameservers: nothing asked is NOT VERIFIED, never green (pdns, bind and ns1 are asked)' },
  'zonesync plan --format markdown --out plan.json': { exit: 0 },
  'zonesync apply --plan plan.json --yes': { exit: 0 },
  'zonesync verify --html status.html': { exit: 3, why: 'the file targets local and r53 have no nameservers: nothing asked is NOT VERIFIED, never green (pdns, bind and ns1 are asked)' },
  'zonesync plan --detailed-exitcode': { exit: 0 },
  'zonesync verify example.com': { exit: 3, why: 'the file targets local and r53 have no nameservers: nothing asked is NOT VERIFIED, never green (pdns, bind and ns1 are asked)' },
  'zonesync switch example.com --to ns1 --from r53': { exit: 0, why: 'a dry run' },
  'zonesync verify example.com --target ns1': { exit: 0 },
  'zonesync plan --target r53': { exit: 0 },
  'zonesync rollback': { exit: 0, add: '--yes', resync: true },
  // --help examples
  'zonesync apply example.com --chunk-size 50 --pause 30 --rollback-on-failure': { exit: 0, add: '--yes', why: 'in sync: no chunk, so no pause' },
  'zonesync apply --lower-ttl 60': { exit: 0, add: '--yes' },
  'zonesync apply --resume': { exit: 0 },
  'zonesync import example.com --from r53 > zones/example.com.yaml': { exit: 0 },
  'zonesync import example.com --from pdns --out zones/example.com.yaml': { exit: 0 },
  'zonesync import --all --from r53 --out backup/ --format zone': { exit: 0 },
  'zonesync plan example.com --target pdns': { exit: 0 },
  'zonesync plan --format markdown --out plan.json > plan.md': { exit: 0 },
  'zonesync plan --detailed-exitcode   # 0 no changes, 2 changes': { exit: 0 },
  'zonesync switch example.com --to bind --from pdns': { exit: 0, why: 'a dry run' },
  'zonesync switch example.com --to bind --from pdns --yes --format markdown': { exit: 0, resync: true },
  'zonesync switch example.com --to bind --from pdns --dnssec unsigned-first': { exit: 0, why: 'a dry run: the steps and their waits' },
  'zonesync switch example.com --to ns1 --from r53 --dnssec unsigned-first': { exit: 0, why: 'a dry run: the steps and their waits' },
  'zonesync validate example.com --json': { exit: 0 },
  'zonesync verify example.com --target pdns --html status.html': { exit: 0 },
  'zonesync verify --format markdown >> "$GITHUB_STEP_SUMMARY"': { exit: 3, why: 'the file targets local and r53 have no nameservers: nothing asked is NOT VERIFIED, never green (pdns, bind and ns1 are asked)' },
  // fmt (adopt2)
  'zonesync ds example.com': { exit: 1, why: 'the fixture zone has no registrar: ds says so and writes nothing (test/registrars/zone-registrar.test.ts runs ds against a real parent zone)' },
  'zonesync ds example.com --publish': { exit: 1, why: 'the fixture zone has no registrar: ds says so and writes nothing (test/registrars/zone-registrar.test.ts runs ds against a real parent zone)' },
  'zonesync ds example.com --remove --yes': { exit: 1, why: 'the fixture zone has no registrar: ds says so and writes nothing (test/registrars/zone-registrar.test.ts runs ds against a real parent zone)' },
  'zonesync fmt --check': { exit: 1, why: 'the fixture zone file is the shipped example, written by hand: not yet in canonical form' },
  'zonesync fmt': { exit: 0 },
  'zonesync fmt zones/example.com.yaml': { exit: 0, why: 'already canonical after the line above' },
};

/** Collected lines that cannot run in the fixture, and why. */
const NOT_RUN: Record<string, string> = {
  'zonesync rollback [RUN]': 'a synopsis: [RUN] is a placeholder (`rollback` and `rollback RUN-ID` of a real run are run, the latter by test/cli/hints.test.ts)',
  'zonesync rollback RUN-ID': 'a placeholder run id; test/cli/hints.test.ts runs rollback of a real run id',
  'zonesync apply --resume --run RUN-ID': 'a placeholder run id; test/cli/hints.test.ts runs the printed resume hint of a real run',
  'zonesync rollback 20261122T101500Z-1a2b3c --yes': 'a sample run id that exists in no repository; test/cli/hints.test.ts runs rollback of a real run id',
  'zonesync ds ZONE [--publish|--remove|--ds DS] [--yes]': 'a synopsis with placeholders; the --help ds lines are run',
  'zonesync switch ZONE --to P': 'a synopsis with placeholders; the runbook and --help switch lines are run',
  'zonesync switch ZONE --to P [--from P] [--yes]': 'a synopsis with placeholders; the runbook and --help switch lines are run',
  'zonesync import ZONE --from P': 'a synopsis with placeholders; the --help import lines are run',
  'zonesync COMMAND --help': 'a placeholder for each command: every command\'s --help is run by test/cli/help.test.ts',
  'zonesync switch': 'names the command the CI workflow dispatches; its zone and --to come from the workflow inputs',
  'zonesync init': 'writes into an empty directory, and this fixture has a zonesync.yaml: test/cli/init.test.ts runs it in an empty one',
  'zonesync init --from-octodns config/production.yaml --force': 'needs an octoDNS repository: test/cli/init.test.ts converts test/fixtures/octodns-repo',
  'zonesync report merge FILES…': 'a synopsis with a placeholder; test/cli/report-merge.test.ts merges real report files',
  'zonesync report merge shard-*.json --html status.html --format markdown': 'needs the report files of a sharded run: test/cli/report-merge.test.ts and test/ci/flow.test.ts merge real ones',
  'zonesync report merge shard-*.json --html status.html --format markdown >> "$GITHUB_STEP_SUMMARY"': 'needs the report files of a sharded run: test/cli/report-merge.test.ts and test/ci/flow.test.ts merge real ones',
  'zonesync report merge plans/*/report.json --format markdown --out plan.json': 'needs the report files of a sharded run: test/cli/report-merge.test.ts merges plan reports and applies the merged plan',
  'zonesync plan --changed-since origin/main   # only zones a change since then touches': 'the fixture is not a git repository with an origin: test/cli/changed-since.test.ts plans --changed-since in one',
};

function isCommandLine(text: string): boolean {
  return /^(zonesync|\.\/bin\/run\.js) \S/.test(text);
}

/** README command lines, by the rules above, in order. */
export function readmeCommandLines(markdown: string): string[] {
  const lines: string[] = [];
  const fenced = /```(\w*)\n([\s\S]*?)```/g;
  for (const [, lang, body] of markdown.matchAll(fenced)) {
    if (lang !== 'sh') continue;
    for (const raw of body!.split('\n')) {
      const code = raw.replace(/(^|\s)#.*$/, '');
      for (const part of code.split('&&')) if (isCommandLine(part.trim())) lines.push(part.trim());
    }
  }
  const prose = markdown.replace(fenced, '');
  for (const [, span] of prose.matchAll(/`([^`]+)`/g)) {
    const text = span!.replace(/\\\|/g, '|').replace(/\s+/g, ' ').trim();
    if (isCommandLine(text)) lines.push(text);
  }
  return lines;
}

/** Every command's --help examples, `zonesync` for the bin. */
async function helpCommandLines(): Promise<string[]> {
  const files = readdirSync(join(REPO, 'src/commands'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const lines: string[] = [];
  for (const file of files.sort()) {
    const { default: command } = (await import(join(REPO, 'src/commands', file))) as { default: { examples?: Array<string | { command: string }> } };
    for (const example of command.examples ?? []) lines.push((typeof example === 'string' ? example : example.command).replaceAll('<%= config.bin %>', 'zonesync'));
  }
  return lines;
}

const ZONE = readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8');

function fixtureConfig(servers: Record<'pdns' | 'bind' | 'ns1', PowerDnsServer>): string {
  const lines = ['providers:', '  local: { type: file, directory: .zonesync/served, delegation: [ns-local.example.net.] }', '  r53: { type: file, directory: .zonesync/r53, delegation: [ns-r53.example.net.] }'];
  for (const [id, server] of Object.entries(servers)) {
    lines.push(...powerdnsBlock(id, { url: server.url, nameservers: [server.dns], names: [`ns-${id}.example.net.`], apiKeyVar: `${id.toUpperCase()}_API_KEY`, timeoutMs: 5000 }));
  }
  lines.push('zones:', '  example.com:', '    file: zones/example.com.yaml', '    targets: [local, r53, pdns, bind, ns1]');
  lines.push('defaults:', '  chunkSize: 100', '  safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }', '');
  return lines.join('\n');
}

function sh(line: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the README collector', () => {
  it('takes zonesync parts of sh lines and inline spans, and leaves other code alone', () => {
    const markdown = [
      '```sh',
      'npm ci && ./bin/run.js apply --yes   # a comment',
      '# zonesync plan in a comment',
      'zonesync verify example.com',
      '```',
      '```yaml',
      'zonesync: not a command',
      '```',
      '| `zonesync plan --format text\\|json` | a table cell |',
      'Run `zonesync rollback`, not `zonesync` alone, `npm test` or `apply --resume`; `zonesync plan --format markdown',
      '  --out plan.json` spans a line.',
    ].join('\n');
    expect(readmeCommandLines(markdown)).toEqual(['./bin/run.js apply --yes', 'zonesync verify example.com', 'zonesync plan --format text|json', 'zonesync rollback', 'zonesync plan --format markdown --out plan.json']);
  });
});

describe('every command line in README.md and in --help', () => {
  let collected: string[] = [];
  const servers: Partial<Record<'pdns' | 'bind' | 'ns1', PowerDnsServer>> = {};
  let ws: Workspace;
  let env: Record<string, string>;

  beforeAll(async () => {
    collected = [...new Set([...readmeCommandLines(readFileSync(join(REPO, 'README.md'), 'utf8')), ...(await helpCommandLines())])];
    [servers.pdns, servers.bind, servers.ns1] = await Promise.all([startPowerDns(), startPowerDns(), startPowerDns()]);
    const all = servers as Record<'pdns' | 'bind' | 'ns1', PowerDnsServer>;
    ws = await makeWorkspace({ 'zonesync.yaml': fixtureConfig(all), 'zones/example.com.yaml': ZONE });
    await mkdir(join(ws.dir, 'bin'));
    await mkdir(join(ws.dir, '.path'));
    await symlink(CLI, join(ws.dir, 'bin/run.js'));
    await symlink(CLI, join(ws.dir, '.path/zonesync'));
    env = {
      PATH: `${join(ws.dir, '.path')}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '/tmp',
      NO_COLOR: '1',
      GITHUB_STEP_SUMMARY: join(ws.dir, 'step-summary.md'),
      PDNS_API_KEY: all.pdns.apiKey,
      BIND_API_KEY: all.bind.apiKey,
      NS1_API_KEY: all.ns1.apiKey,
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    await ws?.cleanup();
  });

  it('finds the README and --help lines (the collector itself works)', () => {
    expect(collected).toContain('./bin/run.js apply --yes');
    expect(collected).toContain('zonesync switch example.com --to ns1 --from r53');
    expect(collected).toContain('zonesync plan --format markdown --out plan.json');
    expect(collected).toContain('zonesync verify --format markdown >> "$GITHUB_STEP_SUMMARY"');
  });

  it('every collected line is either run or listed with its reason, and no table entry is stale', () => {
    const unaccounted = collected.filter((l) => !(l in RUN) && !(l in NOT_RUN));
    expect(unaccounted, 'add each to RUN (with its exit code) or NOT_RUN (with why)').toEqual([]);
    const stale = [...Object.keys(RUN), ...Object.keys(NOT_RUN)].filter((l) => !collected.includes(l));
    expect(stale, 'these lines are no longer in README.md or --help').toEqual([]);
  });

  it('each runnable line, in order, ends with its exit code', async () => {
    const outcomes: string[] = [];
    for (const line of collected.filter((l) => l in RUN)) {
      const run = RUN[line]!;
      const command = run.add ? `${line} ${run.add}` : line;
      const result = await sh(command, ws.dir, env);
      outcomes.push(`${line} => ${result.code}${result.code === run.exit ? '' : `\n${result.stdout.slice(-1500)}\n${result.stderr.slice(-1500)}`}`);
      if (run.resync) {
        const resync = await runCli(['apply', '--yes', '--force', '-q'], { cwd: ws.dir, env });
        expect(resync.code, resync.stderr).toBe(0);
      }
    }
    expect(outcomes.join('\n')).toBe(collected.filter((l) => l in RUN).map((l) => `${l} => ${RUN[l]!.exit}`).join('\n'));
  }, 240_000);
});
