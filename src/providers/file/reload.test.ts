import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { reloadArgv, runReload } from './reload.js';

const NODE = process.execPath;

describe('reload argv', () => {
  it('substitutes {zone} without the trailing dot and {file}, inside elements, never splitting one', () => {
    expect(reloadArgv(['rndc', '-s', '127.0.0.1', 'reload', '{zone}'], 'example.com.', '/srv/example.com.zone')).toEqual(['rndc', '-s', '127.0.0.1', 'reload', 'example.com']);
    expect(reloadArgv(['knotc', 'zone-reload', 'zone={zone}', '--file={file}', '{zone} {file}'], 'a.example.', '/srv/my zones/a.example.zone')).toEqual([
      'knotc',
      'zone-reload',
      'zone=a.example',
      '--file=/srv/my zones/a.example.zone',
      'a.example /srv/my zones/a.example.zone',
    ]);
  });
});

describe('runReload', () => {
  const command = (argv: string[], timeoutMs = 10_000) => ({ argv, timeoutMs, cwd: tmpdir() });

  it('resolves when the command exits 0, run without a shell (a $(…) stays one literal argument)', async () => {
    await expect(runReload('local', command([NODE, '-e', 'if (process.argv[1] !== "$(touch /tmp/x)") process.exit(9)', '$(touch /tmp/x)']), 'example.com.', '/f')).resolves.toBeUndefined();
  });

  it('a non-zero exit names the command, the zone, the status and the end of stderr', async () => {
    await expect(runReload('local', command([NODE, '-e', 'console.error("line one\\nrndc: connection refused"); process.exit(1)', '{zone}']), 'example.com.', '/f')).rejects.toThrow(
      `local: reload command "${NODE} -e console.error("line one\\nrndc: connection refused"); process.exit(1) example.com" for example.com. exited with status 1: line one | rndc: connection refused`,
    );
  });

  it('a command that cannot be started says so', async () => {
    await expect(runReload('local', command(['/nonexistent/rndc', 'reload']), 'example.com.', '/f')).rejects.toThrow('local: reload command "/nonexistent/rndc reload" for example.com. could not be started (ENOENT)');
  });

  it('a command that outlives its deadline is killed and reported', async () => {
    await expect(runReload('local', command([NODE, '-e', 'setTimeout(() => {}, 10000)'], 200), 'example.com.', '/f')).rejects.toThrow('did not finish within 200 ms and was killed');
  });
});
