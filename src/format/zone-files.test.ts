import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatZoneFiles } from './zone-files.js';

const dir = mkdtempSync(join(tmpdir(), 'zonesync-fmt-named-'));
writeFileSync(join(dir, 'example.com.zone'), '$ORIGIN example.com.\n@ 300 IN A 192.0.2.1\n');
mkdirSync(join(dir, 'zones'));

const noConfig = () => Promise.reject(new Error('named files need no config'));

describe('fmt of named paths that are not YAML files', () => {
  it.each([
    ['a zone name where a file was meant', join(dir, 'example.com'), 'it does not exist (fmt takes zone file paths, such as zones/example.com.yaml, not zone names)'],
    ['a directory', join(dir, 'zones'), 'it is not a regular file'],
    ['an RFC 1035 zone file', join(dir, 'example.com.zone'), 'an RFC 1035 master file: fmt formats octoDNS YAML zone files only and leaves these as they are'],
  ])('%s is refused with the reason it is', async (_what, path, reason) => {
    const report = await formatZoneFiles({ files: [path], check: true, config: noConfig });
    expect(report.files.map((f) => [f.status, f.reason])).toEqual([['refused', reason]]);
    expect(report.exitCode).toBe(1);
  });
});
