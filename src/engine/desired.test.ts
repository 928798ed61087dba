import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ZoneConfig } from '../config/load.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { loadDesiredZone } from './desired.js';

const dir = mkdtempSync(join(tmpdir(), 'zonesync-desired-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const zoneConfig = (file: string, text: string): ZoneConfig => {
  const path = join(dir, file);
  writeFileSync(path, text);
  return { name: 'example.com.', file: path, displayFile: file, targets: ['local'], delegate: ['local'], root: dir, limits: { ...DEFAULT_LIMITS }, fileAt: { file: 'zonesync.yaml', line: 1, column: 1 } };
};

describe('loadDesiredZone: octoDNS YAML', () => {
  const expected = [
    { name: 'a.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] },
    { name: 'b.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] },
  ];

  it('reads plain block YAML with the fast reader', async () => {
    const desired = await loadDesiredZone(zoneConfig('plain.yaml', 'a:\n  type: A\n  ttl: 300\n  value: 192.0.2.1\nb:\n  type: A\n  ttl: 300\n  value: 192.0.2.1\n'));
    expect(desired.problems).toEqual([]);
    expect(desired.zone.rrsets.map(({ source: _source, ...r }) => r)).toEqual(expected);
  });

  it('reads a file the fast reader declines (an anchor and an alias) with the yaml package, to the same zone', async () => {
    const desired = await loadDesiredZone(zoneConfig('anchors.yaml', 'a: &web\n  type: A\n  ttl: 300\n  value: 192.0.2.1\nb: *web\n'));
    expect(desired.problems).toEqual([]);
    expect(desired.zone.rrsets.map(({ source: _source, ...r }) => r)).toEqual(expected);
  });

  it('reports a problem of a declined file with its line and column', async () => {
    const desired = await loadDesiredZone(zoneConfig('bad.yaml', 'a: &web\n  type: A\n  value: 192.0.2.300\nb: *web\n'));
    expect(desired.problems.map((p) => [p.rule, p.location?.file, p.location?.line])).toContainEqual(['bad-value', 'bad.yaml', 3]);
  });
});
