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

if (process.argv[1]?.endsWith('capability-table.ts')) process.stdout.write(CAPABILITY_TABLE);
