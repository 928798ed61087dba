// Feeds a short apply's journal events to the progress display, as `zonesync apply` would.
// Run by src/cli/progress.test.ts under a pseudo-terminal (`script`) and through a pipe.
import { setTimeout as sleep } from 'node:timers/promises';
import { progressOnTerminal } from '../../src/cli/progress.js';
import type { JournalEntry } from '../../src/engine/run/journal.js';

const fail = process.argv.includes('--fail');
const progress = progressOnTerminal({ quiet: process.argv.includes('--quiet'), json: process.argv.includes('--json'), redact: (text) => text });
const events: JournalEntry[] = [];
for (const target of ['pdns', 'bind']) {
  events.push({ type: 'zone-created', zone: 'example.com.', target });
  for (let chunk = 1; chunk <= 3; chunk++) {
    events.push({ type: 'chunk-start', zone: 'example.com.', target, phase: 'change', chunk, chunks: 3, changes: ['create www.example.com. A'] });
    events.push({ type: 'chunk-applied', zone: 'example.com.', target, phase: 'change', chunk, apiCalls: 1 });
    if (fail && target === 'bind' && chunk === 2) {
      events.push({ type: 'chunk-failed', zone: 'example.com.', target, phase: 'change', chunk, stage: 'verify', error: '127.0.0.1:5301 answered REFUSED', details: [] });
      break;
    }
    events.push({ type: 'chunk-verified', zone: 'example.com.', target, phase: 'change', chunk, queries: 4, nameservers: 2 });
  }
  if (!(fail && target === 'bind')) events.push({ type: 'zone-done', zone: 'example.com.', target });
}
process.stdout.write(`mode ${progress.mode}\n`);
for (const entry of events) {
  progress.onEvent(entry);
  await sleep(40);
}
await progress.done();
process.stdout.write('report printed after progress\n');
