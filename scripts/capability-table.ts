// Prints the README's provider capability table from the providers' capability data.
import { bindCapabilities } from '../src/providers/bind/capabilities.js';
import { cloudflareCapabilities } from '../src/providers/cloudflare/capabilities.js';
import { fileCapabilities } from '../src/providers/file/index.js';
import { NS1_CAPABILITIES } from '../src/providers/ns1/index.js';
import { powerdnsCapabilities } from '../src/providers/powerdns/capabilities.js';
import { ROUTE53_CAPABILITIES } from '../src/providers/route53/index.js';
import { renderCapabilityTable } from '../src/render/capabilities.js';

export const CAPABILITY_TABLE = renderCapabilityTable([
  { type: 'file', capabilities: fileCapabilities },
  { type: 'powerdns', capabilities: powerdnsCapabilities },
  { type: 'bind', capabilities: bindCapabilities },
  { type: 'route53', capabilities: ROUTE53_CAPABILITIES },
  { type: 'cloudflare', capabilities: cloudflareCapabilities(200) },
  { type: 'ns1', capabilities: NS1_CAPABILITIES },
]);

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
