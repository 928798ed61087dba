import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMasterFile } from '../../src/core/zonefile/write.js';
import { EVERY_TYPE, SOA } from '../support/every-type-zone.js';
import { needsIntegration } from '../support/project.js';

// Integration: BIND's tools are required here (scripts/ensure-test-servers.sh installs them), so a
// missing named-checkzone fails this test instead of skipping it.
function namedCheckzone(args: string[]): string {
  needsIntegration('named-checkzone');
  try {
    return execFileSync('named-checkzone', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('named-checkzone is not installed: run bash scripts/ensure-test-servers.sh (apt-get install bind9-utils)');
    throw error;
  }
}

describe('renderMasterFile and BIND', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zonesync-write-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a zone with every type that named-checkzone loads', () => {
    const file = join(dir, 'example.com.zone');
    writeFileSync(file, renderMasterFile(EVERY_TYPE, { soa: SOA, nameservers: ['ns1.example.com.', 'ns2.example.net.'] }));
    // BIND warns, as zonesync's lint does, that `sub.*` holds a `*` label that is not a wildcard.
    expect(namedCheckzone(['-i', 'local', 'example.com', file]).replace(/^.*non-terminal wildcard\n/m, '')).toBe('zone example.com/IN: loaded serial 2024010101\nOK\n');
  });
});
