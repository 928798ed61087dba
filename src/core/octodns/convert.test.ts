import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse.js';
import { readWithYamlPackage } from '../zonefile/yaml-package.js';
import { readYamlTree as readTree } from '../zonefile/yaml-tree.js';
import { convertOctodns, sourceDirectories } from './convert.js';

const readYamlTree = (text: string, file: string) => readTree(text, file, {}, readWithYamlPackage);

const OCTODNS = `---
manager:
  max_workers: 4
  include_meta: true
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./config
    default_ttl: 3600
    enforce_order: true
  route53:
    class: octodns_route53.Route53Provider
    access_key_id: env/AWS_ACCESS_KEY_ID
    secret_access_key: env/AWS_SECRET_ACCESS_KEY
  ns1:
    class: octodns_ns1.Ns1Provider
    api_key: env/NS1_API_KEY
  pdns:
    class: octodns_powerdns.PowerDnsProvider
    host: 127.0.0.1
    port: 8081
    api_key: env/PDNS_API_KEY
    timeout: 10
  spf:
    class: octodns_spf.SpfSource
zones:
  example.com.: &both
    sources: [config, spf]
    targets: [route53, ns1]
  example.org.:
    lenient: true
    processors: [no-root-ns]
    sources: [config]
    targets: [pdns]
  example.net.:
    alias: example.com.
  '*':
    sources: [config]
    targets: [ns1]
`;

const LISTINGS = new Map([['./config', ['example.com.yaml', 'example.org.yaml', 'a.test.yaml', 'b.test.yaml', 'README.md']]]);

describe('convertOctodns', () => {
  const tree = readYamlTree(OCTODNS, 'config/production.yaml');
  const result = convertOctodns(tree.root, 'config/production.yaml', LISTINGS);

  it('asks to list the YAML source folders', () => {
    expect(sourceDirectories(tree.root, 'config/production.yaml')).toEqual(['./config']);
  });

  it('maps providers, env/ secrets, static, alias and dynamic zones, files in place', () => {
    expect(result.config).toContain('"route53": { type: "route53" }');
    expect(result.config).toContain('"ns1": { type: "ns1", apiKey: "${NS1_API_KEY}" }');
    expect(result.config).toContain('"pdns": { type: "powerdns", url: "http://127.0.0.1:8081", apiKey: "${PDNS_API_KEY}", timeoutMs: 10000 }');
    expect(result.config).toContain('"example.com": { file: "config/example.com.yaml", targets: ["route53", "ns1"] }');
    expect(result.config).toContain('"example.net": { file: "config/example.com.yaml", targets: ["route53", "ns1"] }');
    expect(result.config).toContain('"a.test": { file: "config/a.test.yaml", targets: ["ns1"] }');
    expect(result.zones).toBe(5);
  });

  it('lists what it cannot map, with file:line:column and the reason', () => {
    const listed = result.unmapped.map((u) => `${u.at}: ${u.what}`);
    expect(listed).toEqual([
      'config/production.yaml:4:3: manager.include_meta',
      'config/production.yaml:24:3: providers.spf (octodns_spf.SpfSource)',
      'config/production.yaml:28:23: zones.example.com..sources: spf',
      'config/production.yaml:31:5: zones.example.org..lenient',
      'config/production.yaml:32:18: zones.example.org..processors: no-root-ns',
    ]);
    expect(result.unmapped.find((u) => u.what.includes('lenient'))?.reason).toContain('no lenient mode');
    expect(result.config).toContain('# Not carried over (where, what, why):');
    expect(result.notes.join('\n')).toContain('manager.max_workers 4 → `zonesync apply --parallel 4`');
  });

  it('writes a zonesync.yaml that loads', () => {
    const config = parseConfig(result.config, 'zonesync.yaml', { NS1_API_KEY: 'k-123456789', PDNS_API_KEY: 'p-123456789' });
    expect(config.zones.map((z) => z.name)).toEqual(['example.com.', 'example.org.', 'example.net.', 'a.test.', 'b.test.']);
  });

  it.each([
    ['a regex dynamic entry is not run', "providers: { c: { class: YamlProvider, directory: z } }\nzones:\n  '*x': { regex: '(a+)+$', sources: [c], targets: [c] }\n", 'regular expression from the config is not run'],
    ['an octoDNS secret handler is not ours', 'providers: { n: { class: Ns1Provider, api_key: vault/ns1 } }\n', 'secret handler'],
    ['a route53 key in another variable', 'providers: { r: { class: Route53Provider, access_key_id: env/R53_KEY } }\n', 'standard AWS chain'],
    ['a missing zone file', 'providers: { c: { class: YamlProvider, directory: z }, n: { class: Ns1Provider } }\nzones: { missing.com.: { sources: [c], targets: [n] } }\n', 'no zone file z/missing.com.yaml'],
  ])('%s', (_, text, reason) => {
    const r = convertOctodns(readYamlTree(text, 'o.yaml').root, 'o.yaml', new Map([['z', []]]));
    expect(r.unmapped.map((u) => u.reason).join('\n')).toContain(reason);
  });

  it('keeps newlines of hostile keys out of the YAML it writes', () => {
    const r = convertOctodns(readYamlTree('providers:\n  "x\\nzones: evil": { class: Nope }\n', 'o.yaml').root, 'o.yaml', new Map());
    expect(r.config.split('\n').filter((l) => l.startsWith('zones'))).toEqual(['zones: {}']);
  });
});
