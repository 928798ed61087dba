// Prints the README's provider capability table from the providers' capability data.
import { renderCapabilityTable } from '../src/render/capabilities.js';
import { PROVIDER_MODULES } from '../src/providers/table.js';

/** Every provider of the one table, in its order: a new provider shows up here with no edit. */
export const CAPABILITY_TABLE = renderCapabilityTable(PROVIDER_MODULES);

const START = '<!-- capability-table:start -->';
const END = '<!-- capability-table:end -->';

/** The README with the table between its markers replaced by the current one. */
export function withCapabilityTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no capability-table markers');
  return `${readme.slice(0, start + START.length)}\n${CAPABILITY_TABLE}${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith('capability-table.ts')) {
  if (process.argv.includes('--write')) {
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync('README.md', withCapabilityTable(readFileSync('README.md', 'utf8')));
  } else process.stdout.write(CAPABILITY_TABLE);
}
