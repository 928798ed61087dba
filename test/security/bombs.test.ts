import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ZoneConfig } from '../../src/config/load.js';
import { DEFAULT_LIMITS, type InputLimits } from '../../src/core/limits.js';
import { parseMasterFile, type IncludeFile } from '../../src/core/zonefile/rfc1035.js';
import { readWithYamlPackage } from '../../src/core/zonefile/yaml-package.js';
import { loadDesiredZone } from '../../src/engine/desired.js';
import { MARKER, MASTER_HEAD, configFor, makeAttack, printed, type Attack } from './attack.js';

/** Issue 17: inputs built to make zonesync do unbounded work are refused after a bounded amount of it. */

const dir = mkdtempSync(join(tmpdir(), 'zonesync-bombs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const zoneAt = (file: string, limits: Partial<InputLimits> = {}): ZoneConfig => ({
  name: 'example.com.',
  file: join(dir, file),
  displayFile: file,
  targets: ['local'],
  delegate: ['local'],
  root: dir,
  limits: { ...DEFAULT_LIMITS, ...limits },
  fileAt: { file: 'zonesync.yaml', line: 8, column: 11 },
});

/** The include bomb: each level is ~44 KB and includes the next level four times. */
function writeIncludeBomb(prefix: string, levels: number): void {
  const records = `; ${'x'.repeat(78)}\n`.repeat(550);
  for (let level = 1; level <= levels; level++) {
    const next = level < levels ? `$INCLUDE ${prefix}${level + 1}.zone\n`.repeat(4) : '';
    writeFileSync(join(dir, `${prefix}${level}.zone`), `${next}${records}`);
  }
  writeFileSync(join(dir, `${prefix}.zone`), `${MASTER_HEAD}${`$INCLUDE ${prefix}1.zone\n`.repeat(4)}`);
}

describe('include bomb', () => {
  it('reads at most limits.includes files, then refuses every further $INCLUDE at its line', async () => {
    writeIncludeBomb('bomb', 12);
    const desired = await loadDesiredZone(zoneAt('bomb.zone', { problems: 1000 }));
    const limited = desired.problems.filter((p) => p.rule === 'include-limit');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.find((p) => p.message.includes('limits.includes'))).toEqual({
      severity: 'error',
      rule: 'include-limit',
      message: expect.stringMatching(/^\$INCLUDE "bomb\d+\.zone": the zone already read 64 included files \(limits\.includes\)$/),
      location: expect.objectContaining({ line: expect.any(Number), column: 10 }),
    });
    // 4^12 files' worth of includes would be millions; the work done is 64 files of ~44 KB.
    expect(desired.problems.length).toBeLessThan(64 * 4 + 4);
  });

  it('keeps limits.problems problems of each severity and only counts the rest', async () => {
    writeIncludeBomb('counted', 12);
    const all = await loadDesiredZone(zoneAt('counted.zone', { problems: 1000 }));
    const capped = await loadDesiredZone(zoneAt('counted.zone', { problems: 10 }));
    expect(capped.problems).toHaveLength(10);
    for (const p of capped.problems) expect(all.problems).toContainEqual(p);
    expect(capped.omitted).toEqual({ errors: all.problems.length - 10, warnings: 0 });
  });

  it('counts its reads: the reader is asked for no more than limits.includes files', () => {
    let asked = 0;
    const include: IncludeFile = () => {
      asked++;
      return { text: '$INCLUDE again.zone\n$INCLUDE again.zone\n', file: `zones/f${asked}.zone`, key: `f${asked}` };
    };
    const parsed = parseMasterFile(`${MASTER_HEAD}$INCLUDE again.zone\n`, 'zones/example.com.zone', 'example.com.', include, { includes: 20, includeDepth: 100 });
    expect(asked).toBe(20);
    expect(parsed.problems.filter((p) => p.rule === 'include-limit').length).toBe(21);
  });

  it('refuses nesting deeper than limits.includeDepth at the $INCLUDE in the deepest file', async () => {
    for (let level = 1; level <= 12; level++) writeFileSync(join(dir, `deep${level}.zone`), `$INCLUDE deep${level + 1}.zone\n`);
    writeFileSync(join(dir, 'deep.zone'), `${MASTER_HEAD}$INCLUDE deep1.zone\n`);
    const desired = await loadDesiredZone(zoneAt('deep.zone'));
    expect(desired.problems).toEqual([
      { severity: 'error', rule: 'include-limit', message: '$INCLUDE "deep9.zone" nests deeper than 8 files (limits.includeDepth)', location: { file: expect.stringMatching(/deep8\.zone$/), line: 1, column: 10 } },
    ]);
  });

  it('stops at limits.totalBytes for the zone: the include that would pass it is refused before it is read', async () => {
    writeIncludeBomb('budget', 2);
    const desired = await loadDesiredZone(zoneAt('budget.zone', { totalBytes: 100 * 1024 }));
    const refused = desired.problems.filter((p) => p.rule === 'input-limit');
    expect(refused[0]?.message).toMatch(/^\$INCLUDE "budget2\.zone" refused: it is \d+ bytes, more than what limits\.totalBytes leaves for this zone \(\d+\)$/);
  });

  it('refuses a zone file over limits.fileBytes at the config key, from its size alone', async () => {
    writeFileSync(join(dir, 'big.zone'), `${MASTER_HEAD}${'; padding\n'.repeat(200)}`);
    const desired = await loadDesiredZone(zoneAt('big.zone', { fileBytes: 1024 }));
    expect(desired.problems).toEqual([
      { severity: 'error', rule: 'input-limit', message: `zone file big.zone is ${MASTER_HEAD.length + 2000} bytes, more than limits.fileBytes (1024)`, location: { file: 'zonesync.yaml', line: 8, column: 11 } },
    ]);
  });
});

/** 20,000 aliases in about 200 KB: the shape that ran past 300 s when each alias walked the document. */
function aliasBomb(count: number): string {
  const lines = ['a: &x', '  type: A', '  value: 192.0.2.1'];
  for (let i = 0; i < count; i++) lines.push(`n${i}: *x`);
  return `${lines.join('\n')}\n`;
}

describe('alias bomb', () => {
  it('refuses the alias past limits.yamlAliases at its line, with no tree built', () => {
    const tree = readWithYamlPackage(aliasBomb(20_000), 'zones/example.com.yaml');
    expect(tree.root).toBeUndefined();
    expect(tree.problems).toEqual([{ severity: 'error', rule: 'yaml-limit', message: 'more than 10000 aliases (limits.yamlAliases)', location: { file: 'zones/example.com.yaml', line: 10_004, column: 9 } }]);
  });

  it('reads as many aliases as the limit allows, each resolved to its anchor', () => {
    const tree = readWithYamlPackage(aliasBomb(9_999), 'zones/example.com.yaml');
    expect(tree.problems).toEqual([]);
    expect(tree.root?.kind === 'map' && tree.root.entries.length).toBe(10_000);
  });

  it('takes limits.yamlAliases from zonesync.yaml', async () => {
    writeFileSync(join(dir, 'aliases.yaml'), aliasBomb(50));
    const desired = await loadDesiredZone(zoneAt('aliases.yaml', { yamlAliases: 10 }));
    expect(desired.problems).toEqual([{ severity: 'error', rule: 'yaml-limit', message: 'more than 10 aliases (limits.yamlAliases)', location: { file: 'aliases.yaml', line: 14, column: 6 } }]);
  });
});

describe('bombs through the CLI', () => {
  let attack: Attack | undefined;
  afterEach(async () => {
    await attack?.cleanup();
    attack = undefined;
  });

  it('validate and plan refuse the alias bomb at the alias', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor('zones/example.com.yaml'), 'zones/example.com.yaml': aliasBomb(20_000) });
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout.split('\n')[0]).toBe('zones/example.com.yaml:10004:9: error: more than 10000 aliases (limits.yamlAliases) [yaml-limit]');
    const plan = await attack.cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('  - zones/example.com.yaml:10004:9: error: more than 10000 aliases (limits.yamlAliases) [yaml-limit]');
    expect(printed(plan)).not.toContain(MARKER);
  });

  it('validate refuses the include bomb, listing limits.problems problems and counting the rest', async () => {
    const records = `; ${'x'.repeat(78)}\n`.repeat(550);
    const files: Record<string, string> = { 'zonesync.yaml': configFor('zones/example.com.zone', ['limits: { includes: 16, includeDepth: 20, problems: 10 }']), 'zones/example.com.zone': `${MASTER_HEAD}${'$INCLUDE l1.zone\n'.repeat(4)}` };
    for (let level = 1; level <= 10; level++) files[`zones/l${level}.zone`] = `${level < 10 ? `$INCLUDE l${level + 1}.zone\n`.repeat(4) : ''}${records}`;
    attack = await makeAttack(files);
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    const lines = validate.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[10]).toMatch(/^and \d+ more problems \(limits\.problems\)$/);
    expect(validate.stdout).toContain('the zone already read 16 included files (limits.includes) [include-limit]');
  });
});
