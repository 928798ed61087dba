import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsIntegration } from '../support/project.js';
import { REPO } from '../support/workspace.js';

// The bundle-loader's own tests (src/cli/bundle-loader.test.ts) run from the sources; these read dist/.
describe('the built CLI bundle', () => {
  needsIntegration('dist/ (npm run build)');

  it('loads with the code cache the build made (npm run build)', () => {
    const built = join(REPO, 'dist/cli/bundle-loader.js');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { loadCli } from ${JSON.stringify(built)}; const l = loadCli(); console.log(l.cache, Object.keys(l.exports.COMMANDS).join(','))`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('used apply,ds,fmt,import,init,plan,report:merge,rollback,switch,validate,verify');
  });

  it('is ASCII, so it loads as a one-byte string', () => {
    expect(isAscii(readFileSync(join(REPO, 'dist/bundle/cli.cjs')))).toBe(true);
  });
});
