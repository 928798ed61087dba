import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../../src/providers/file/provider.js';
import { writeFileAtomic } from '../../../src/io/atomic-write.js';
import { makeWorkspace, runCli, type Workspace } from '../workspace.js';
import { auditKey, checkAudited, originOf } from './global-setup.js';

const auditDir = process.env.ZONESYNC_ZONE_AUDIT_DIR;
const copies = (): string[] => (auditDir && existsSync(auditDir) ? readdirSync(auditDir).filter((n) => n.endsWith('.zone')) : []);
const copiesOf = (marker: string): string[] => copies().filter((n) => readFileSync(join(auditDir as string, n), 'utf8').includes(marker));

const dirs: string[] = [];
let ws: Workspace | undefined;
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await ws?.cleanup();
});

describe('zone-file audit: every file the file provider writes is checked by named-checkzone', () => {
  it('named-checkzone refuses a bad file and passes a good one; serial-only differences are one check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zonesync-audit-unit-'));
    dirs.push(dir);
    const good = (serial: number) => `$ORIGIN good.example.\n@ 3600 IN SOA ns1.example.net. hostmaster.good.example. ${serial} 3600 600 1209600 300\n@ 3600 IN NS ns1.example.net.\nwww 300 IN A 192.0.2.1\n`;
    await writeFile(join(dir, '1-1.zone'), good(1));
    await writeFile(join(dir, '1-2.zone'), good(2));
    // A CNAME beside other data: named-checkzone refuses the zone.
    await writeFile(join(dir, '1-3.zone'), `${good(3).replace('good.example.', 'bad.example.')}www 300 IN CNAME elsewhere.example.net.\n`);
    await writeFile(join(dir, '1-4.tmp'), 'half a file');
    expect(auditKey(good(1))).toBe(auditKey(good(2)));
    expect(originOf(good(1))).toBe('good.example.');
    const result = await checkAudited(dir);
    expect(result.written).toBe(3);
    expect(result.checked).toBe(2);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatch(/^bad\.example\. /);
  });

  it.runIf(auditDir)('the file provider in a test process is copied; other writers of .zone files are not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zonesync-audit-provider-'));
    dirs.push(dir);
    const provider = createFileProvider('local', { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], nameservers: [] }, dir);
    await provider.ensureZone('audit-worker.example.');
    await provider.apply('audit-worker.example.', [{ kind: 'create', after: { name: 'www.audit-worker.example.', type: 'A', ttl: 300, values: ['192.0.2.9'] } }]);
    await writeFileAtomic(join(dir, 'not-provider.zone'), '$ORIGIN not-provider.example.\n');
    expect(copiesOf('$ORIGIN audit-worker.example.')).toHaveLength(2);
    expect(copiesOf('$ORIGIN not-provider.example.')).toHaveLength(0);
  });

  it.runIf(auditDir)('the file provider in a CLI process a test starts is copied too', async () => {
    ws = await makeWorkspace({
      'zonesync.yaml': ['providers:', '  local: { type: file, directory: served }', 'zones:', '  audit-cli.example:', '    file: zones/audit-cli.example.yaml', '    targets: [local]', '    lint: { disable: [single-provider] }', ''].join('\n'),
      'zones/audit-cli.example.yaml': ['www:', '  type: A', '  value: 192.0.2.10', ''].join('\n'),
    });
    const applied = await runCli(['apply', '--yes'], { cwd: ws.dir });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const copied = copiesOf('$ORIGIN audit-cli.example.');
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.every((n) => !n.startsWith(`${process.pid}-`))).toBe(true);
  }, 60_000);
});
