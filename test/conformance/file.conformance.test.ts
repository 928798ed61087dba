import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { runConformance } from './suite.js';

let dir: string;

runConformance('file', {
  async setup() {
    dir = await mkdtemp(join(tmpdir(), 'zonesync-file-'));
    const provider = createFileProvider('local', { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], nameservers: [] }, dir);
    return { provider, zone: 'conformance.example.', nameservers: [] };
  },
  async teardown() {
    await rm(dir, { recursive: true, force: true });
  },
});
