import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

let ws: Workspace | undefined;
afterEach(async () => ws?.cleanup());

describe('zonesync init', () => {
  it('scaffolds an empty directory into a repository that validates and plans', async () => {
    ws = await makeWorkspace({});
    const init = await runCli(['init'], { cwd: ws.dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('wrote zonesync.yaml, zones/example.com.yaml, .github/workflows/dns.yml');
    // The workflow uses the Action of the zonesync that wrote it (test/ci/workflows.test.ts lints it).
    const version = (JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await readFile(join(ws.dir, '.github/workflows/dns.yml'), 'utf8')).toContain(`uses: zonesync/zonesync@v${version}\n`);
    const validate = await runCli(['validate'], { cwd: ws.dir });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('www.example.com.');
  });

  it('refuses to overwrite without --force, and writes nothing', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': 'mine\n' });
    const init = await runCli(['init'], { cwd: ws.dir });
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('init would overwrite zonesync.yaml: nothing was written (use --force to overwrite)');
    expect(await readFile(join(ws.dir, 'zonesync.yaml'), 'utf8')).toBe('mine\n');
    await expect(readFile(join(ws.dir, 'zones/example.com.yaml'))).rejects.toThrow();
    expect((await runCli(['init', '--force'], { cwd: ws.dir })).code).toBe(0);
    expect(await readFile(join(ws.dir, 'zonesync.yaml'), 'utf8')).toContain('type: file');
  });
});

describe('zonesync init --from-octodns', () => {
  it('converts a realistic octoDNS repository, which then validates and plans empty against file targets seeded with the same records', async () => {
    ws = await makeWorkspace({});
    await cp(join(REPO, 'test/fixtures/octodns-repo'), ws.dir, { recursive: true });
    const init = await runCli(['init', '--from-octodns', 'config/production.yaml'], { cwd: ws.dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('converted 5 zones');
    expect(init.stdout).toContain('not carried over: config/production.yaml:25:5: zones.shop.example.com..lenient: zonesync has no lenient mode');
    expect(init.stdout).toContain('note: config/production.yaml:4:3: manager.max_workers 2 → `zonesync apply --parallel 2`');
    const config = await readFile(join(ws.dir, 'zonesync.yaml'), 'utf8');
    expect(config).toContain('"ns1": { type: "ns1", apiKey: "${NS1_API_KEY}" }');
    expect(config).toContain('"example.net": { file: "config/example.com.yaml", targets: ["route53", "ns1"] }');
    expect(config).toContain('"internal.example": { file: "config/internal.example.yaml", targets: ["route53"] }');
    expect(config).toContain('# Not carried over (where, what, why):');

    const env = { NS1_API_KEY: 'ns1-key-for-the-test-42' };
    expect((await runCli(['validate'], { cwd: ws.dir, env })).code).toBe(0);
    // The providers here are files: same ids, same zones and targets, so the plan reads what the converted config asks.
    await writeFile(join(ws.dir, 'zonesync.yaml'), config.replace('{ type: "route53" }', '{ type: file, directory: served/route53 }').replace('{ type: "ns1", apiKey: "${NS1_API_KEY}" }', '{ type: file, directory: served/ns1 }'));
    // Seeded by a config written by hand, not by the converted one: the same zone files, the same records.
    const seed = ['providers:', '  route53: { type: file, directory: served/route53 }', '  ns1: { type: file, directory: served/ns1 }', 'zones:'];
    for (const [zone, file, targets] of [['example.com', 'example.com.', 'route53, ns1'], ['example.org', 'example.org.', 'route53, ns1'], ['shop.example.com', 'shop.example.com.', 'ns1'], ['example.net', 'example.com.', 'route53, ns1'], ['internal.example', 'internal.example.', 'route53']]) {
      seed.push(`  ${zone}: { file: config/${file}yaml, targets: [${targets}] }`);
    }
    await writeFile(join(ws.dir, 'seed.yaml'), `${seed.join('\n')}\n`);
    const apply = await runCli(['apply', '--yes', '--config', 'seed.yaml', '--verify', 'none'], { cwd: ws.dir });
    expect(apply.code, apply.stderr).toBe(0);
    const validate = await runCli(['validate'], { cwd: ws.dir });
    expect(validate.code, validate.stdout).toBe(0);
    const plan = await runCli(['plan', '--detailed-exitcode', '--format', 'json'], { cwd: ws.dir });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const zones = (JSON.parse(plan.stdout) as { zones: Array<{ zone: string; target: string }> }).zones.map((z) => `${z.zone} ${z.target}`).sort();
    expect(zones).toHaveLength(8);
  });

  it('gives file:line:column for a broken octoDNS config and runs no tag as code', async () => {
    ws = await makeWorkspace({ 'octodns.yaml': 'providers:\n  x: !!python/object/apply:os.system ["touch pwned"]\n  y: [unclosed\n' });
    const init = await runCli(['init', '--from-octodns', 'octodns.yaml'], { cwd: ws.dir });
    expect(init.code).toBe(1);
    expect(init.stderr).toMatch(/Invalid octoDNS config octodns\.yaml\n {2}- octodns\.yaml:\d+:\d+: /);
    await expect(readFile(join(ws.dir, 'pwned'))).rejects.toThrow();
    await expect(readFile(join(ws.dir, 'zonesync.yaml'))).rejects.toThrow();
  });

  it('refuses an octoDNS config outside the directory it runs in', async () => {
    ws = await makeWorkspace({});
    const init = await runCli(['init', '--from-octodns', '/etc/passwd'], { cwd: ws.dir });
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('Cannot read octoDNS config');
    expect(init.stderr).toContain('outside the repository root');
  });
});
