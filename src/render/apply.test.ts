import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../engine/apply.js';
import type { LiveChunk, ZoneOutcome } from '../engine/run/execute.js';
import { renderApplyReport, renderProgressLine } from './apply.js';

const chunk = (n: number, verified: LiveChunk['verified'], note?: string): LiveChunk => ({ phase: 'change', chunk: n, changes: [`create h${n}.example.com. A`], verified, ...(note ? { note } : {}) });
const zone = (verify: ZoneOutcome['verify'], live: LiveChunk[], extra: Partial<ZoneOutcome> = {}): ZoneOutcome => ({ zone: 'example.com.', target: 'local', status: 'done', chunks: 3, verify, live, applied: [], ...extra });
const report = (...zones: ZoneOutcome[]): ApplyReport => ({ runId: 'r1', runDir: '.zonesync/runs/r1', status: 'done', zones, exitCode: 0 });

describe('renderApplyReport says what each chunk was checked with', () => {
  it('--verify none: live, not verified', () => {
    const text = renderApplyReport(report(zone('none', [chunk(1, 'none'), chunk(2, 'none'), chunk(3, 'none')])));
    expect(text.split('\n')[0]).toBe('example.com. on local: done, 3 of 3 chunk(s) live, not verified');
    expect(text).not.toContain('verified over DNS');
  });

  it('--verify api: read back by API, not asked over DNS', () => {
    expect(renderApplyReport(report(zone('api', [chunk(1, 'api'), chunk(2, 'api'), chunk(3, 'api')]))).split('\n')[0]).toBe('example.com. on local: done, 3 of 3 chunk(s) live, read back by API, not asked over DNS');
  });

  it('--verify dns: live and verified over DNS', () => {
    expect(renderApplyReport(report(zone('dns', [chunk(1, 'dns'), chunk(2, 'dns'), chunk(3, 'dns')]))).split('\n')[0]).toBe('example.com. on local: done, 3 of 3 chunk(s) live and verified over DNS');
  });

  it('--verify dns without a nameserver to ask: read back only, and why', () => {
    const note = 'nothing was asked over DNS for example.com. on local: set providers.local.nameservers to the address:port of each server that answers for it';
    const text = renderApplyReport(report(zone('dns', [chunk(1, 'api', note), chunk(2, 'api', note), chunk(3, 'api', note)])));
    expect(text).toContain('example.com. on local: done, 3 of 3 chunk(s) live, read back by API, not asked over DNS\n  nothing was asked over DNS for example.com. on local: set providers.local.nameservers to the address:port of each server that answers for it\n');
  });

  it('levels that differ between chunks are counted apart', () => {
    expect(renderApplyReport(report(zone('dns', [chunk(1, 'dns'), chunk(2, 'api')]))).split('\n')[0]).toBe('example.com. on local: done, 2 of 3 chunk(s) live: 1 verified over DNS, 1 read back by API, not asked over DNS');
  });

  it('a failed zone with no live chunk names the level asked for', () => {
    const failed = zone('none', [], { status: 'failed', failed: { phase: 'change', chunk: 1, stage: 'apply', error: 'boom', details: [], state: 'not applied' } });
    expect(renderApplyReport(report(failed)).split('\n')[0]).toBe('example.com. on local: failed, 0 of 3 chunk(s) live, not verified');
  });
});

describe('renderProgressLine for a chunk that passed', () => {
  const base = { type: 'chunk-verified', zone: 'example.com.', target: 'local', phase: 'change', chunk: 2 } as const;

  it.each([
    ['dns', { queries: 12, nameservers: 2, level: 'dns' }, 'example.com. on local: change chunk 2 verified over DNS (12 queries to 2 nameserver(s))'],
    ['api', { queries: 0, nameservers: 0, level: 'api' }, 'example.com. on local: change chunk 2 live, read back by API, not asked over DNS'],
    ['none', { queries: 0, nameservers: 0, level: 'none' }, 'example.com. on local: change chunk 2 live, not verified'],
    ['an old journal without a level', { queries: 4, nameservers: 2 }, 'example.com. on local: change chunk 2 verified (4 queries to 2 nameserver(s))'],
    ['api, read back by IXFR', { queries: 0, nameservers: 0, level: 'api', readBack: { method: 'partial', calls: 1 } }, 'example.com. on local: change chunk 2 live, read back by API, not asked over DNS; read back by a partial read (1 call)'],
    ['dns, read back whole', { queries: 8, nameservers: 1, level: 'dns', readBack: { method: 'whole' } }, 'example.com. on local: change chunk 2 verified over DNS (8 queries to 1 nameserver(s)); read back by a whole read of the zone'],
    ['dns, from the file', { queries: 8, nameservers: 1, level: 'dns', readBack: { method: 'written', calls: 0 } }, 'example.com. on local: change chunk 2 verified over DNS (8 queries to 1 nameserver(s)); read back from the file just written (0 calls)'],
    ['range', { queries: 0, nameservers: 0, level: 'api', readBack: { method: 'range', calls: 4 } }, 'example.com. on local: change chunk 2 live, read back by API, not asked over DNS; read back with the range of the zone it covers (4 calls)'],
  ] as const)('%s', (_why, extra, line) => {
    expect(renderProgressLine({ ...base, ...extra })).toBe(line);
  });
});
