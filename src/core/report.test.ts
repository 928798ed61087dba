import { describe, expect, it } from 'vitest';
import { makeReport, mergeReportFiles, type ReportFile } from './report.js';

const config = { path: 'zonesync.yaml', digest: 'a'.repeat(64) };
const report = (over: Partial<ReportFile> = {}): ReportFile =>
  ({ ...makeReport({ kind: 'verify', config, shard: '1/3', createdAt: '2026-12-02T10:00:00.000Z', zones: ['a.com.'], exitCode: 0, body: [] }), ...over }) as ReportFile;
const merge = (...reports: unknown[]) => mergeReportFiles(reports.map((data, i) => ({ file: `shard-${i + 1}.json`, data })));

describe('mergeReportFiles', () => {
  it('puts shards together and names the missing ones', () => {
    const merged = merge(report({ zones: ['b.com.'], createdAt: '2026-12-02T10:00:05.000Z' }), report({ shard: '3/3', zones: ['a.com.'], exitCode: 3 }));
    expect(merged).toMatchObject({ kind: 'verify', config, createdAt: '2026-12-02T10:00:00.000Z', missingShards: ['2/3'], zones: ['a.com.', 'b.com.'], exitCodes: [0, 3] });
  });

  it('refuses plan and verify reports together, and reports of another config', () => {
    expect(() => merge(report(), report({ kind: 'plan', shard: '2/3' }))).toThrow('shard-2.json is a plan report and shard-1.json a verify report: merge plan reports and verify reports separately');
    expect(() => merge(report(), report({ shard: '2/3', config: { path: 'zonesync.yaml', digest: 'b'.repeat(64) } }))).toThrow(
      'shard-2.json and shard-1.json were made with different configs (zonesync.yaml bbbbbbbbbbbb, zonesync.yaml aaaaaaaaaaaa): merge the reports of one run',
    );
  });

  it('refuses a shard twice, shards of two matrices, unsharded reports and a zone in two reports', () => {
    expect(() => merge(report(), report({ zones: ['b.com.'] }))).toThrow('shard 1/3 is given twice (shard-1.json, shard-2.json)');
    expect(() => merge(report(), report({ shard: '2/4' }))).toThrow('shard-2.json is shard 2/4 and shard-1.json one of 3');
    expect(() => merge(report(), report({ shard: undefined }))).toThrow('shard-2.json took every zone, shard-1.json one shard');
    const whole = { ...report() } as Record<string, unknown>;
    delete whole.shard;
    expect(() => merge(whole, whole)).toThrow('2 reports that each took every zone');
    expect(merge(whole).missingShards).toEqual([]);
    expect(() => merge(report(), report({ shard: '2/3' }))).toThrow('zone a.com. is in shard-1.json and in shard-2.json');
  });

  it('refuses what is not a report, naming the file', () => {
    expect(() => merge([])).toThrow('shard-1.json is not a zonesync report: not a JSON object');
    expect(() => merge({ format: 'zonesync-plan/1', zones: [] })).toThrow('shard-1.json is not a zonesync report: format is "zonesync-plan/1", expected "zonesync-report/1"');
    expect(() => merge(report({ zones: [1] as unknown as string[] }))).toThrow('zones is not a list of names');
    expect(() => mergeReportFiles([])).toThrow('no report files given');
  });
});
