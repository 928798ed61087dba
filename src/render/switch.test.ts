import { describe, expect, it } from 'vitest';
import type { SwitchReport } from '../engine/switch/report.js';
import { renderSwitchJson, renderSwitchMarkdown, renderSwitchText } from './switch.js';

const done: SwitchReport = {
  zone: 'example.com.',
  to: 'bind',
  from: 'pdns',
  dryRun: false,
  startedAt: '2025-01-01T00:00:00.000Z',
  delegation: ['ns1.bind.net.'],
  steps: [
    { name: 'health', status: 'ok', detail: '1 of 2 provider(s) serve example.com.; bind is healthy', lines: ['pdns (powerdns): down — API down (ECONNREFUSED); DNS: 0 of 1 nameserver(s) answer right, 0 answer', '  BROKEN 127.0.0.1:5300 — does not answer'] },
    { name: 'parity', status: 'ok', detail: 'bind already serves the declared zone; verified on 1 nameserver(s), 20 answers', lines: [] },
    { name: 'apex-ns', status: 'ok', detail: 'apex NS is ns1.bind.net. at bind', lines: ['bind: apex NS set to ns1.bind.net. (was ns1.bind.net. ns1.pdns.net.; run r1)', 'pdns: skipped: switched away from (--from): not touched'] },
    { name: 'registrar', status: 'ok', detail: 'registrar domains now lists ns1.bind.net. (operation op-1)', lines: [] },
    { name: 'propagation', status: 'ok', detail: 'resolvers follow the new delegation by 2025-01-03T00:00:00.000Z (within 2d, parent TTL assumed)', lines: [] },
  ],
  warnings: ['old.example.com. A has TTL 604800 s (7d), longer than the delegation\'s 2d'],
  ok: true,
  exitCode: 0,
};

const failed: SwitchReport = {
  ...done,
  to: 'pdns',
  from: 'bind',
  delegation: [],
  steps: [
    { name: 'health', status: 'failed', detail: 'pdns cannot take the zone: its nameservers do not answer', lines: [] },
    { name: 'parity', status: 'skipped', detail: 'not run: the health step failed', lines: [] },
    { name: 'apex-ns', status: 'skipped', detail: 'not run: the health step failed', lines: [] },
    { name: 'registrar', status: 'skipped', detail: 'not run: the health step failed', lines: [] },
    { name: 'propagation', status: 'skipped', detail: 'not run: the health step failed', lines: [] },
  ],
  warnings: [],
  ok: false,
  exitCode: 3,
};

describe('renderSwitchText', () => {
  it('prints a line per step, its lines under it, the delegation and the warnings', () => {
    expect(renderSwitchText(done)).toBe(
      [
        'switch example.com. from pdns to bind: done',
        '  ok      health      1 of 2 provider(s) serve example.com.; bind is healthy',
        '                      pdns (powerdns): down — API down (ECONNREFUSED); DNS: 0 of 1 nameserver(s) answer right, 0 answer',
        '                        BROKEN 127.0.0.1:5300 — does not answer',
        '  ok      parity      bind already serves the declared zone; verified on 1 nameserver(s), 20 answers',
        '  ok      apex-ns     apex NS is ns1.bind.net. at bind',
        '                      bind: apex NS set to ns1.bind.net. (was ns1.bind.net. ns1.pdns.net.; run r1)',
        '                      pdns: skipped: switched away from (--from): not touched',
        '  ok      registrar   registrar domains now lists ns1.bind.net. (operation op-1)',
        '  ok      propagation resolvers follow the new delegation by 2025-01-03T00:00:00.000Z (within 2d, parent TTL assumed)',
        'delegation: ns1.bind.net.',
        "warning: old.example.com. A has TTL 604800 s (7d), longer than the delegation's 2d",
        '',
      ].join('\n'),
    );
  });

  it('says FAILED with the exit code, and which steps did not run', () => {
    const text = renderSwitchText(failed);
    expect(text.split('\n')[0]).toBe('switch example.com. from bind to pdns: FAILED (exit 3)');
    expect(text).toContain('  FAILED  health      pdns cannot take the zone: its nameservers do not answer');
    expect(text).toContain('  skipped registrar   not run: the health step failed');
    expect(text).not.toContain('delegation:');
  });

  it('says a dry run wrote nothing and how to switch for real', () => {
    const dry = { ...done, dryRun: true, steps: [{ name: 'registrar' as const, status: 'dry-run' as const, detail: 'would change registrar domains from a. to b.', lines: [] }] };
    expect(renderSwitchText(dry)).toContain('switch example.com. from pdns to bind: dry run — nothing was written; run again with --yes to switch\n  dry run registrar   would change registrar domains from a. to b.');
  });
});

describe('renderSwitchJson and renderSwitchMarkdown', () => {
  it('JSON is the report as it is', () => {
    expect(JSON.parse(renderSwitchJson(done))).toEqual(done);
  });

  it('markdown has a table of steps, the lines folded, and escapes pipes', () => {
    const md = renderSwitchMarkdown({ ...done, warnings: ['a | b'] });
    expect(md).toContain('## switch example.com. from pdns to bind: done');
    expect(md).toContain('| step | status | detail |\n| --- | --- | --- |\n| health | ok | 1 of 2 provider(s) serve example.com.; bind is healthy |');
    expect(md).toContain('<details><summary>apex-ns</summary>\n\n```\nbind: apex NS set to ns1.bind.net.');
    expect(md).toContain('**Delegation:** `ns1.bind.net.`');
    expect(md).toContain('> **Warning:** a \\| b');
    expect(renderSwitchMarkdown(failed)).toContain('| health | FAILED | pdns cannot take the zone: its nameservers do not answer |');
  });
});

describe('--dnssec steps in the report', () => {
  const run: SwitchReport = {
    ...done,
    steps: [
      { name: 'ds-remove', status: 'ok', detail: 'the parent now holds no DS', lines: [], startedAt: '2025-01-01T00:00:00.000Z', seconds: 12, earlier: true },
      { name: 'ds-wait', status: 'waiting', detail: 'waits until 2025-01-01T02:00:00.000Z', lines: [], startedAt: '2025-01-01T00:00:12.000Z', seconds: 0.25, until: '2025-01-01T02:00:00.000Z' },
      { name: 'dnssec', status: 'skipped', detail: 'not run yet: ds-wait is waiting', lines: [] },
    ],
    warnings: [],
    run: { id: 'R1', strategy: 'unsigned-first', status: 'waiting', resumeWith: 'zonesync switch example.com --to bind --from pdns --dnssec unsigned-first --yes --resume' },
  };

  it('shows each step with its timing, and the command that continues a waiting run', () => {
    const text = renderSwitchText(run);
    expect(text).toContain('  ok      ds-remove   the parent now holds no DS (12s, done earlier, 2025-01-01T00:00:00.000Z)\n');
    expect(text).toContain('  waiting ds-wait     waits until 2025-01-01T02:00:00.000Z (0.3 s, until 2025-01-01T02:00:00.000Z)\n');
    expect(text).toContain('run R1 (unsigned-first) is waiting: continue it with zonesync switch example.com --to bind --from pdns --dnssec unsigned-first --yes --resume\n');
    expect(renderSwitchMarkdown(run)).toContain('| ds-wait | waiting | waits until 2025-01-01T02:00:00.000Z (0.3 s, until 2025-01-01T02:00:00.000Z) |');
  });
});
