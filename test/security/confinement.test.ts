import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MARKER, MASTER_HEAD, configFor, makeAttack, printed, type Attack } from './attack.js';

/**
 * Issue 17: zone files come from the pull request. A zone file or $INCLUDE may only name a
 * regular file inside the repository root; everything else is refused at the line that asks
 * for it, nothing of it is read, and nothing of what lies outside reaches the output.
 */

const ZONE_FILE = 'zones/example.com.zone';
let attack: Attack | undefined;
afterEach(async () => {
  await attack?.cleanup();
  attack = undefined;
});

/** A master file whose 4th line is `$INCLUDE <target>`. */
const including = (target: string) => `${MASTER_HEAD}$INCLUDE ${target}\n`;

async function refusedInclude(target: string | ((a: Attack) => string), reason: (a: Attack) => string, rule: string, setup?: (a: Attack) => Promise<void>) {
  attack = await makeAttack({ 'zonesync.yaml': configFor(ZONE_FILE) });
  const a = attack;
  const shown = typeof target === 'string' ? target : target(a);
  await a.ws.write(ZONE_FILE, including(shown));
  await setup?.(a);
  const line = `${ZONE_FILE}:4:10: error: $INCLUDE "${shown}" refused: it ${reason(a)} [${rule}]`;
  const validate = await a.cli('validate');
  expect(validate.code).toBe(1);
  expect(validate.stdout.split('\n')).toContain(line);
  expect(validate.stdout).toContain('1 zone checked: 1 error');
  expect(printed(validate)).not.toContain(MARKER);
  const plan = await a.cli('plan');
  expect(plan.code).toBe(1);
  expect(plan.stderr.split('\n')).toContain(`  - ${line}`);
  expect(printed(plan)).not.toContain(MARKER);
}

const outsideRoot = (a: Attack) => `is outside the repository root ${a.ws.dir}`;

describe('$INCLUDE is confined to the repository root (validate and plan through the CLI)', () => {
  it('refuses an absolute $INCLUDE of a file outside', async () => {
    await refusedInclude((a) => a.secret, outsideRoot, 'input-refused');
  });

  it('refuses a ../ $INCLUDE that climbs out of the repository', async () => {
    await refusedInclude((a) => relative(join(a.ws.dir, 'zones'), a.secret), outsideRoot, 'input-refused');
  });

  it('refuses a symlink in zones/ that points outside', async () => {
    await refusedInclude('hosts.zone', outsideRoot, 'input-refused', (a) => symlink(a.secret, join(a.ws.dir, 'zones/hosts.zone')));
  });

  it('refuses $INCLUDE /dev/zero without reading it', async () => {
    await refusedInclude('/dev/zero', outsideRoot, 'input-refused');
  });

  it('refuses a symlink to /dev/zero inside the repository', async () => {
    await refusedInclude('zero.zone', outsideRoot, 'input-refused', (a) => symlink('/dev/zero', join(a.ws.dir, 'zones/zero.zone')));
  });

  it('refuses $INCLUDE /proc/self/environ, so the environment (with its secrets) cannot leak through a parse error', async () => {
    await refusedInclude('/proc/self/environ', outsideRoot, 'input-refused');
  });

  it('refuses a FIFO inside the repository without opening it (an open would wait for a writer)', async () => {
    await refusedInclude('pipe', () => 'is a FIFO, not a regular file', 'input-refused', async (a) => {
      execFileSync('mkfifo', [join(a.ws.dir, 'zones/pipe')]);
    });
  });

  it('refuses a directory', async () => {
    await refusedInclude('sub', () => 'is a directory, not a regular file', 'input-refused', (a) => mkdir(join(a.ws.dir, 'zones/sub')));
  });

  it('reads an $INCLUDE inside the repository, symlinked or not', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor(ZONE_FILE), [ZONE_FILE]: `${MASTER_HEAD}$INCLUDE hosts.zone\n$INCLUDE alias.zone\n`, 'zones/hosts.zone': 'mail A 192.0.2.2\n', 'shared/more.zone': 'ftp A 192.0.2.3\n' });
    await symlink('../shared/more.zone', join(attack.ws.dir, 'zones/alias.zone'));
    const validate = await attack.cli('validate');
    expect(validate.stdout).toContain('1 zone checked: no errors');
    expect(validate.stdout).toContain(`example.com. (3 rrsets, ${ZONE_FILE})`);
    expect(validate.code).toBe(0);
  });
});

describe('config file: is confined to the repository root', () => {
  it('refuses file: /etc/passwd at the config key, before anything is read', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor('/etc/passwd') });
    for (const command of ['validate', 'plan']) {
      const r = await attack.cli(command);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`Error: Invalid config zonesync.yaml\n  - zonesync.yaml:8:11: zones.example.com.file: "/etc/passwd" is outside the repository root ${attack.ws.dir}\n`);
      expect(r.stdout).not.toContain('root:');
    }
  });

  it('refuses a zone file that is a symlink pointing outside, at the config key', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor(ZONE_FILE) });
    await mkdir(join(attack.ws.dir, 'zones'));
    await symlink(attack.secret, join(attack.ws.dir, ZONE_FILE));
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout.split('\n')[0]).toBe(`zonesync.yaml:8:11: error: zone file ${ZONE_FILE} is outside the repository root ${attack.ws.dir} [input-refused]`);
    expect(printed(validate)).not.toContain(MARKER);
    const plan = await attack.cli('plan');
    expect(plan.code).toBe(1);
    expect(printed(plan)).not.toContain(MARKER);
  });

  it('refuses a root: that leaves the git work tree (root: /)', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor('/etc/passwd', ['root: /']) });
    const r = await attack.cli('validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('  - zonesync.yaml:1:7: root: "/" is not the top of a git work tree (no .git in /)\n');
  });

  it('takes root: .. when the folder above holds .git, and then reads zone files beside the config folder', async () => {
    attack = await makeAttack({ 'dns/zonesync.yaml': configFor('../zones/example.com.zone', ['root: ..']), [ZONE_FILE]: MASTER_HEAD, '.git/HEAD': 'ref: refs/heads/main\n' });
    const r = await attack.cli('validate', '--config', 'dns/zonesync.yaml');
    expect(r.stdout).toContain('1 zone checked: no errors');
    expect(r.code).toBe(0);
  });
});
