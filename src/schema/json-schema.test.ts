import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { configFromTree } from '../config/from-tree.js';
import { readWithYamlPackage } from '../core/zonefile/yaml-package.js';
import { readYamlTree } from '../core/zonefile/yaml-tree.js';
import { SecretRedactor } from '../config/secrets.js';
import { parseYamlZone as parseZoneFile } from '../core/zonefile/yaml.js';
import { configFileSchema } from './config.js';
import { jsonSchemaFiles, SCHEMA_FILES } from './json-schema.js';
import { zoneFileSchema } from './zone-file.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function validators() {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
  ajv.addFormat('base64', /^[A-Za-z0-9+/]*={0,2}$/);
  return {
    config: ajv.compile(JSON.parse(readFileSync(join(REPO, SCHEMA_FILES.config), 'utf8')) as object),
    zone: ajv.compile(JSON.parse(readFileSync(join(REPO, SCHEMA_FILES.zone), 'utf8')) as object),
  };
}
const validate = validators();

/** What the loader says: the real parse of the YAML text, env empty (no `${VAR}` in what is fuzzed). */
function loaderAccepts(data: unknown): boolean {
  try {
    const file = '/nonexistent/zonesync.yaml';
    configFromTree(readYamlTree(stringifyYaml(data), file, {}, readWithYamlPackage), file, {}, new SecretRedactor());
    return true;
  } catch {
    return false;
  }
}

describe('schema/', () => {
  it('holds what the zod schemas generate now (npx tsx scripts/schemas.ts writes it)', () => {
    const files = jsonSchemaFiles();
    for (const key of Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>) expect(readFileSync(join(REPO, SCHEMA_FILES[key]), 'utf8'), SCHEMA_FILES[key]).toBe(files[key]);
  });
});

/** ```yaml blocks of the README that are configs (they have `providers:`), and every shipped config and zone file. */
function readmeConfigs(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((text) => /^providers:/m.test(text));
}

describe('the examples and fixtures', () => {
  const zoneFiles = readdirSync(join(REPO, 'zones')).filter((f) => f.endsWith('.yaml'));

  it.each(['zonesync.yaml', ...readmeConfigs().map((_, i) => `README.md yaml block ${i + 1}`)])('config %s is valid under the schema and the loader', (name) => {
    const text = name === 'zonesync.yaml' ? readFileSync(join(REPO, name), 'utf8') : (readmeConfigs()[Number(/\d+$/.exec(name)?.[0]) - 1] as string);
    const data: unknown = parseYaml(text);
    expect(validate.config(data), JSON.stringify(validate.config.errors)).toBe(true);
  });

  it('finds the README config blocks (the main example and the reload one)', () => {
    expect(readmeConfigs().length).toBeGreaterThanOrEqual(2);
  });

  it.each(zoneFiles)('zones/%s is valid under the schema and parses without an error', (file) => {
    const text = readFileSync(join(REPO, 'zones', file), 'utf8');
    expect(validate.zone(parseYaml(text)), JSON.stringify(validate.zone.errors)).toBe(true);
    const parsed = parseZoneFile(text, `zones/${file}`, file.replace(/\.yaml$/, ''));
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('a zone with every structured type and spelling the reader takes is valid under both', () => {
    const zone = {
      '': [
        { type: 'mx', values: [{ priority: 10, value: 'mx.example.com.' }, '20 mx2.example.com.'] },
        { type: 'CAA', value: { tag: 'issue', value: 'letsencrypt.org' } },
        { type: 'HTTPS', value: { svcpriority: 1, targetname: '.', svcparams: { alpn: ['h2', 'h3'], 'no-default-alpn': null } } },
        { type: 'SOA', value: 'anything' },
      ],
      _sip: { type: 'SRV', ttl: '300', value: { priority: 1, weight: 2, port: 5060, target: 'sip.example.com.' } },
      ssh: { type: 'SSHFP', value: { algorithm: 4, fingerprint_type: 2, fingerprint: 'abcdef01'.repeat(8) } },
      _e2u: { type: 'NAPTR', value: { order: 100, preference: 10, flags: 'U', service: 'E2U+sip', regexp: '!^.*$!sip:info@example.com!', replacement: '.' } },
      _ftp: { type: 'URI', value: { priority: 10, weight: 1, target: 'ftp://ftp1.example.com/public' } },
      loc: { type: 'LOC', value: { lat_degrees: 52, lat_direction: 'N', long_degrees: 4, long_minutes: 53, long_seconds: '32.5', long_direction: 'E', altitude: -2 } },
      cdn: { type: 'CNAME', value: 'cdn.example.net.', octodns: { cloudflare: { proxied: true } } },
      go: { type: 'URLFWD', values: [{ path: '/', target: 'https://example.net/', code: 301, masking: 0, query: 1 }, { path: '/old', target: 'https://example.net/new', code: '302', masking: '2', query: '0' }] },
      steered: {
        type: 'A',
        values: ['192.0.2.250'],
        dynamic: { pools: { us: { values: [{ value: '192.0.2.1', weight: 3 }, { value: '192.0.2.2', status: 'up' }] }, eu: { fallback: 'us', values: [{ value: '198.51.100.1' }] } }, rules: [{ pool: 'eu', geos: ['EU-DE'] }, { pool: 'us' }] },
        octodns: { healthcheck: { path: '/health', port: 8443 } },
      },
    };
    expect(validate.zone(zone), JSON.stringify(validate.zone.errors)).toBe(true);
    const parsed = parseZoneFile(stringifyYaml(zone), 'z.yaml', 'example.com');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it("octoDNS's legacy geo is invalid under both", () => {
    const zone = { '': { type: 'A', values: ['192.0.2.1'], geo: { EU: ['192.0.2.2'] } } };
    expect(validate.zone(zone)).toBe(false);
    expect(parseZoneFile(stringifyYaml(zone), 'z.yaml', 'example.com').problems.map((p) => p.rule)).toEqual(['octodns-geo']);
  });

  it.each([
    ['a code octoDNS does not recognise', { code: 307 }],
    ['masking 3', { masking: 3 }],
    ['a path with a space', { path: '/a b' }],
  ])('a URLFWD value with %s is invalid under both', (_what, change) => {
    const zone = { go: { type: 'URLFWD', value: { path: '/', target: 'https://example.net/', code: 301, masking: 0, query: 1, ...change } } };
    expect(validate.zone(zone)).toBe(false);
    expect(parseZoneFile(stringifyYaml(zone), 'z.yaml', 'example.com').problems.filter((p) => p.severity === 'error')).toHaveLength(1);
  });
});

type Path = Array<string | number>;

/** Every path to a value in `data`, objects and lists included. */
function paths(data: unknown, at: Path = []): Path[] {
  if (Array.isArray(data)) return [at, ...data.flatMap((item, i) => paths(item, [...at, i]))];
  if (data !== null && typeof data === 'object') return [at, ...Object.entries(data).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

const REPLACEMENTS: unknown[] = [-1, 0, 1, 2.5, 100, 101, 65536, 'abc', '', 'AAAA', 'dns', 'aGVsbG8gd29ybGQ=', 'http://127.0.0.1:8081', 'single-provider', 'x.example.', true, null, [], {}, ['abc'], [1], { type: 'file' }];

type Mutation = { kind: 'replace'; path: Path; value: unknown } | { kind: 'delete'; path: Path } | { kind: 'add'; path: Path; key: string; value: unknown };

/** The node at `path`, undefined when an earlier mutation took it away. */
function at(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), data);
}

function apply(data: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  const path = mutation.path;
  if (mutation.kind === 'add') {
    const target = at(copy, path);
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[mutation.key] = mutation.value;
    return copy;
  }
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : {};
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  // An earlier mutation of the same case removed the place.
  if (parent === null || typeof parent !== 'object') return copy;
  const last = path.at(-1) as string | number;
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = mutation.value;
  return copy;
}

function mutations(base: unknown): fc.Arbitrary<Mutation[]> {
  const all = paths(base);
  const one: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...all), value: fc.constantFrom(...REPLACEMENTS) }),
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...all) }),
    fc.record({ kind: fc.constant('add' as const), path: fc.constantFrom(...all), key: fc.constantFrom('type', 'extra', 'value', 'values', 'ttl', 'nameservers'), value: fc.constantFrom(...REPLACEMENTS) }),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/** A config using every provider and registrar type and every top-level section (no `${VAR}`: the env is empty). */
const BASE_CONFIG = {
  limits: { fileBytes: '16 MiB', includes: 64 },
  providers: {
    local: { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], reload: ['rndc', 'reload', '{zone}'] },
    pdns: { type: 'powerdns', url: 'http://127.0.0.1:8081', apiKey: 'key-123456', nameservers: ['127.0.0.1:5300'], timeoutMs: 5000 },
    bind: { type: 'bind', server: '127.0.0.1:5301', tsig: { name: 'zonesync', algorithm: 'hmac-sha256', secret: 'c2VjcmV0LXNlY3JldA==' } },
    r53: { type: 'route53', endpoint: 'http://127.0.0.1:5001', region: 'us-east-1' },
    cf: { type: 'cloudflare', apiToken: 'token-123456', batchSize: 200 },
    ns1: { type: 'ns1', apiKey: 'ns1-key-123456' },
  },
  registrars: { domains: { type: 'route53domains' }, hand: { type: 'manual' } },
  zones: {
    'example.com': { file: 'zones/example.com.yaml', targets: ['local', 'pdns'], delegate: ['local'], registrar: 'domains', nsTtl: 86400, lint: { disable: ['single-provider'] } },
  },
  defaults: { chunkSize: 100, pause: 0, verify: 'dns', safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 } },
};

const COERCED_SECTIONS = new Set(['defaults', 'limits']);

/**
 * The gaps (README "Schemas"): what the loader judges that JSON Schema cannot say. A case that
 * touches one is left out of the agreement check; each gap is pinned by its own test below.
 */
function touchesGap(mutation: Mutation): boolean {
  const [section, , field] = mutation.path;
  const replace = mutation.kind === 'replace';
  // Coerced numbers: the loader reads '50', null or true as numbers; the schema wants a number.
  if (replace && typeof mutation.value !== 'number' && (COERCED_SECTIONS.has(String(section)) || (section === 'zones' && (field === 'nsTtl' || field === 'parentNsTtl')))) return true;
  if (section === 'zones') {
    // Cross-references (targets, delegate and registrar name blocks declared elsewhere) and zone names (made canonical by the loader).
    if (field === 'targets' || field === 'delegate' || field === 'registrar') return true;
    if (mutation.path.length <= 2) return true;
  }
  // A provider or registrar deleted or replaced leaves a reference dangling.
  if ((section === 'providers' || section === 'registrars') && mutation.path.length <= 2 && mutation.kind !== 'add') return true;
  if ((section === 'providers' || section === 'registrars') && mutation.path.length === 1 && mutation.kind === 'add') return true;
  return false;
}

describe('the config schema agrees with zod and the loader on mutated configs', () => {
  it('the base config is valid under all three', () => {
    expect(validate.config(BASE_CONFIG), JSON.stringify(validate.config.errors)).toBe(true);
    expect(configFileSchema.safeParse(BASE_CONFIG).success).toBe(true);
    expect(loaderAccepts(BASE_CONFIG)).toBe(true);
  });

  it('accepted by the schema ⇔ accepted by zod ⇔ accepted by the loader, 400 cases (gap cases left out)', () => {
    let rejected = 0;
    let compared = 0;
    fc.assert(
      fc.property(mutations(BASE_CONFIG), (list) => {
        fc.pre(!list.some(touchesGap));
        const data = list.reduce<unknown>((d, m) => apply(d, m), BASE_CONFIG);
        const bySchema = validate.config(data);
        const byLoader = loaderAccepts(data);
        compared++;
        if (!byLoader) rejected++;
        expect({ bySchema, byZod: configFileSchema.safeParse(data).success, byLoader, data }).toEqual({ bySchema: byLoader, byZod: byLoader, byLoader, data });
      }),
      { numRuns: 400, seed: 20261202, endOnFailure: true },
    );
    // Mostly broken configs, and not only those.
    expect(compared).toBeGreaterThanOrEqual(300);
    expect(rejected).toBeGreaterThan(compared / 2);
    expect(rejected).toBeLessThan(compared);
  });

  it.each([
    ['a number written as a string (the loader coerces it)', { defaults: { chunkSize: '50' } }, true, false],
    ['a target that names no provider', { zones: { 'example.com': { file: 'z.yaml', targets: ['nowhere'] } } }, false, true],
    ['a zone name that is not a domain name', { zones: { 'bad..name': { file: 'z.yaml', targets: ['local'] } } }, false, true],
    ['a root outside the repository', { root: '/' }, false, true],
  ])('gap: %s is judged by the loader only', (_what, patch, byLoader, bySchema) => {
    const data = { ...BASE_CONFIG, ...patch };
    expect({ byLoader: loaderAccepts(data), bySchema: validate.config(data) }).toEqual({ byLoader, bySchema });
  });

  it('a ${VAR} in a provider field or a number field passes the schema: its value is checked when read', () => {
    const data = structuredClone(BASE_CONFIG) as typeof BASE_CONFIG & Record<string, unknown>;
    (data.providers.pdns as Record<string, unknown>).timeoutMs = '${PDNS_TIMEOUT}';
    (data.providers.pdns as Record<string, unknown>).url = '${PDNS_URL}';
    (data.defaults as Record<string, unknown>).chunkSize = '${CHUNK}';
    expect(validate.config(data), JSON.stringify(validate.config.errors)).toBe(true);
    expect(loaderAccepts(data)).toBe(false); // CHUNK is not set
  });
});

const BASE_ZONE = parseYaml(readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8')) as unknown;

describe('the zone schema agrees with zod on mutated zone files', () => {
  it('accepted by the schema ⇔ accepted by zod, 400 cases', () => {
    let rejected = 0;
    fc.assert(
      fc.property(mutations(BASE_ZONE), (list) => {
        const data = list.reduce<unknown>((d, m) => apply(d, m), BASE_ZONE);
        const byZod = zoneFileSchema.safeParse(data).success;
        if (!byZod) rejected++;
        expect({ bySchema: validate.zone(data), data }).toEqual({ bySchema: byZod, data });
      }),
      { numRuns: 400, seed: 20261202, endOnFailure: true },
    );
    expect(rejected).toBeGreaterThan(50);
    expect(rejected).toBeLessThan(350);
  });
});
