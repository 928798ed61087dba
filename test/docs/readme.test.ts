// test-project: unit
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

describe('README configuration example', () => {
  it('is a valid zonesync.yaml whose every provider builds', async () => {
    const { parseConfig } = await import('../../src/config/parse.js');
    const { buildProvider } = await import('../../src/providers/registry.js');
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const env = { PDNS_API_KEY: 'k-pdns-123456', TSIG_SECRET: Buffer.from('0123456789abcdef').toString('base64'), CLOUDFLARE_API_TOKEN: 'cf-token-123456', NS1_API_KEY: 'ns1-key-123456' };
    const config = parseConfig(yaml, 'README.md', env);
    expect(config.zones.map((z) => z.name)).toEqual(['example.com.']);
    for (const id of Object.keys(config.providers)) {
      expect((await buildProvider(config, id, env)).id).toBe(id);
    }
  });
});
