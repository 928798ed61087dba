import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { startFileServingNamed, type FileServingNamed } from '../harness/named-files.js';
import { CONFORMANCE_ZONE } from './scenario.js';
import { runConformance } from './suite.js';

let dir: string;
let named: FileServingNamed | undefined;

// A real named serves what the file provider writes (rndc reload after each write): each state is asked over DNS.
runConformance('file', {
  async setup() {
    dir = await mkdtemp(join(tmpdir(), 'zonesync-file-'));
    named = await startFileServingNamed(dir, join(dir, 'served'), [CONFORMANCE_ZONE]);
    const config = { type: 'file' as const, directory: 'served', delegation: ['ns1.example.net.'], nameservers: [`127.0.0.1:${named.dns.port}`], reload: named.reload };
    const provider = createFileProvider('local', config, dir);
    return { provider, nameservers: await provider.nameservers(CONFORMANCE_ZONE) };
  },
  async teardown() {
    await named?.stop();
    await rm(dir, { recursive: true, force: true });
  },
});
