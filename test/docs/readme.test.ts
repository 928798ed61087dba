import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCapabilityTable } from '../../scripts/capability-table.js';
import { REPO } from '../support/workspace.js';

describe('README', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

  it('shows the capability table the providers declare (npx tsx scripts/capability-table.ts --write)', () => {
    expect(readme).toBe(withCapabilityTable(readme));
  });

  it('starts with the two set-up commands', () => {
    const head = readme.split('\n').slice(0, 15).join('\n');
    expect(head).toContain('npm ci && npm run build && ./bin/run.js apply --yes');
    expect(head).toContain('npm ci && npm test');
  });
});
