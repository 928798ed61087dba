import { describe, expect, it } from 'vitest';
import { NS1_CAPABILITIES } from '../providers/ns1/capabilities.js';
import { fileCapabilities } from '../providers/file/capabilities.js';
import { cloudflareCapabilities } from '../providers/cloudflare/capabilities.js';
import type { Provider } from '../providers/provider.js';
import { unsupportedTypes } from './plan.js';

const provider = (type: string, capabilities: Provider['capabilities']) => ({ id: type, type, capabilities }) as Provider;
const zone = { name: 'example.com.', rrsets: [
  { name: 'example.com.', type: 'TXT' as const, ttl: 300, values: ['"one" "two"', `"${'a'.repeat(255)}" "b"`] },
  { name: 'example.com.', type: 'ALIAS' as const, ttl: 300, values: ['lb.example.net.'] },
] };

describe('unsupportedTypes: refused at plan time, before any write', () => {
  it('names types a provider cannot serve, with its reason', () => {
    expect(unsupportedTypes(zone, provider('file', fileCapabilities))).toEqual(['file (file) cannot serve ALIAS (example.com.): RFC 1035 master files have no ALIAS type; BIND cannot load it']);
  });

  it('names the records of a type a provider cannot serve, the first three and a count', () => {
    const forwards = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `${n}.example.com.`, type: 'URLFWD' as const, ttl: 300, values: ['"/" "https://example.net/" 301 0 0'] }));
    expect(unsupportedTypes({ name: 'example.com.', rrsets: forwards }, provider('cloudflare', cloudflareCapabilities()))).toEqual([
      'cloudflare (cloudflare) cannot serve URLFWD (a.example.com., b.example.com., c.example.com. and 2 more): Cloudflare forwards URLs with Page Rules or Redirect Rules, not DNS records, and zonesync does not manage those',
    ]);
    expect(unsupportedTypes({ name: 'example.com.', rrsets: forwards }, provider('ns1', NS1_CAPABILITIES))).toEqual([]);
  });

  it('names TXT string boundaries a provider cannot keep, but not a plain 255-byte split', () => {
    expect(unsupportedTypes(zone, provider('ns1', NS1_CAPABILITIES))).toEqual([
      'ns1 (ns1) cannot keep the string boundaries of example.com. TXT "one" "two": it holds one text per value (join the strings)',
    ]);
  });
});
