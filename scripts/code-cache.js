// Writes dist/bundle/cli.cjs.v8-cache, the V8 code cache bin/run.js compiles the CLI bundle with
// (src/cli/bundle-loader.ts). V8 puts in a cache the bytecode of every function compiled so far,
// so the bundle first runs the everyday commands here — validate, plan, apply, plan again — on a
// copy of the example zone with the file provider, in a temporary directory. A command that
// runs code no training run reached still works: V8 compiles those functions as usual.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE_FILE, codeCacheBytes, loadCli } from '../dist/cli/bundle-loader.js';
import { writeFileAtomic } from '../dist/io/atomic-write.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'zonesync-code-cache-'));

const config = join(work, 'zonesync.yaml');
// Zone files must be inside the config's folder (the repository root), so the example is copied there.
copyFileSync(join(root, 'zones/example.com.yaml'), join(work, 'example.com.yaml'));
writeFileSync(
  config,
  `providers:
  local: { type: file, directory: ${JSON.stringify(join(work, 'served'))}, delegation: [ns1.example.net., ns2.example.net.] }
zones:
  example.com: { file: ${JSON.stringify(join(work, 'example.com.yaml'))}, targets: [local] }
  example.org: { file: ${JSON.stringify(join(work, 'example.org.zone'))}, targets: [local] }
defaults:
  safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }
`,
);
writeFileSync(
  join(work, 'example.org.zone'),
  `$ORIGIN example.org.
$TTL 3600
@        IN A     192.0.2.1
@        IN AAAA  2001:db8::1
@        IN MX    10 mx.example.org.
@        IN TXT   "v=spf1 -all"
www      300 IN CNAME example.org.
mx       IN A     192.0.2.25
_sip._tcp IN SRV  10 60 5060 sip.example.org.
sip      IN A     192.0.2.26
`,
);

const runs = [
  ['validate', '-c', config],
  ['plan', '-c', config],
  ['apply', '-c', config, '--yes', '--verify', 'none'],
  ['plan', '-c', config],
  ['plan', '-c', config, '--format', 'json'],
];

const bundle = loadCli({ useCache: false });
const { oclif } = bundle.exports;
const output = [];
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
const capture = (chunk) => {
  output.push(String(chunk));
  return true;
};
try {
  for (const argv of runs) {
    process.stdout.write = capture;
    process.stderr.write = capture;
    try {
      await oclif.run(argv, root);
    } finally {
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
    }
  }
} catch (error) {
  console.error(output.join(''));
  console.error(`scripts/code-cache.js: zonesync ${error.argv ?? ''} failed while training the code cache`);
  throw error;
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (process.exitCode) {
  console.error(output.join(''));
  throw new Error(`scripts/code-cache.js: a training run exited ${process.exitCode}`);
}
const bytes = codeCacheBytes(bundle);
await writeFileAtomic(CODE_CACHE_FILE, bytes);
console.log(`dist/bundle/cli.cjs.v8-cache: ${(bytes.length / 1024).toFixed(0)} KiB after ${runs.length} commands`);
