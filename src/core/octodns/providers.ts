import type { Position, YNode } from '../zonefile/yaml-tree.js';
import { child, entries, text, type Findings } from './tree.js';

/** octoDNS provider blocks (`class:` and its settings) as zonesync provider blocks. */

/** Where a source's zone files are: zonesync reads them in place. */
export interface ZoneFileSource {
  format: 'yaml' | 'rfc1035';
  directory: string;
  /** File name of a zone: octoDNS YAML is `example.com.yaml`; octodns-bind's ZoneFileProvider `example.com` + its extension. */
  fileName(zone: string): string;
}

export interface ConvertedProvider {
  id: string;
  pos: Position;
  /** The zonesync block when this provider can be a target. */
  target?: Record<string, unknown>;
  /** Why it cannot be a target, when it cannot. */
  notTarget?: string;
  source?: ZoneFileSource;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** `env/NAME` → `${NAME}`; a literal is kept (and noted when it is a secret); other secret handlers are not ours. */
function value(findings: Findings, id: string, key: string, node: YNode, secret: boolean): string | undefined {
  const raw = text(node);
  if (raw === undefined) {
    findings.skip(node.pos, `providers.${id}.${key}`, 'expected a single value');
    return undefined;
  }
  if (raw.startsWith('env/')) {
    const name = raw.slice(4);
    if (ENV_NAME.test(name)) return `\${${name}}`;
    findings.skip(node.pos, `providers.${id}.${key}: ${raw}`, 'not an environment variable name zonesync can read as ${NAME}');
    return undefined;
  }
  if (/^[a-z][\w-]*\//.test(raw) && secret) {
    findings.skip(node.pos, `providers.${id}.${key}: ${raw.slice(0, raw.indexOf('/') + 1)}…`, 'an octoDNS secret handler: zonesync reads secrets from ${VAR} only');
    return undefined;
  }
  if (secret) findings.note(node.pos, `providers.${id}.${key} is written literally: move it to an environment variable and write \${NAME}`);
  return raw;
}

type Setting = (findings: Findings, id: string, key: string, node: YNode, out: Record<string, unknown>) => void;

const copyAs =
  (field: string, secret = false): Setting =>
  (findings, id, key, node, out) => {
    const v = value(findings, id, key, node, secret);
    if (v !== undefined) out[field] = v;
  };

const ignoredBecause =
  (reason: string): Setting =>
  (findings, id, key, node) =>
    findings.skip(node.pos, `providers.${id}.${key}`, reason);

/** A setting zonesync does without: noted, not listed as lost. */
const notNeeded =
  (reason: string): Setting =>
  (findings, id, key, node) =>
    findings.note(node.pos, `providers.${id}.${key} is not needed: ${reason}`);

/** octoDNS timeouts are seconds; zonesync's timeoutMs milliseconds. */
const timeoutInto =
  (out: Record<string, unknown>): Setting =>
  (findings, id, key, node) => {
    const seconds = Number(text(node));
    if (Number.isFinite(seconds) && seconds > 0) out.timeoutMs = Math.round(seconds * 1000);
    else findings.skip(node.pos, `providers.${id}.${key}`, 'not a number of seconds');
  };

const THRESHOLDS = ignoredBecause('zonesync has one threshold for every target: defaults.safety.maxUpdatePercent / maxDeletePercent');

interface Kind {
  /** Class names, last dotted component, as octoDNS and its provider packages spell them. */
  classes: string[];
  build(findings: Findings, id: string, block: YNode, pos: Position): ConvertedProvider;
}

function settings(findings: Findings, id: string, block: YNode, table: Record<string, Setting>, out: Record<string, unknown>): void {
  for (const e of entries(block)) {
    if (e.key === 'class') continue;
    const handle = table[e.key] ?? (/_pcent_threshold$/.test(e.key) ? THRESHOLDS : ignoredBecause(`no zonesync equivalent of this ${text(child(block, 'class'))?.split('.').at(-1) ?? 'provider'} setting`));
    handle(findings, id, e.key, e.value, out);
  }
}

function directoryOf(findings: Findings, id: string, block: YNode, pos: Position): string | undefined {
  const dir = text(child(block, 'directory'));
  if (!dir) findings.skip(pos, `providers.${id}`, 'no directory: zonesync needs the folder of the zone files');
  return dir || undefined;
}

const KINDS: Kind[] = [
  {
    classes: ['YamlProvider', 'SplitYamlProvider'],
    build(findings, id, block, pos) {
      const directory = directoryOf(findings, id, block, pos);
      const table: Record<string, Setting> = {
        directory: () => undefined,
        default_ttl: (f, i, key, node) => {
          if (text(node) !== '3600') f.skip(node.pos, `providers.${i}.${key}: ${text(node) ?? ''}`, 'zonesync gives records without ttl 3600 s: write the ttl on each record');
        },
        enforce_order: notNeeded('zonesync reads records in any order (`zonesync fmt` sorts them)'),
        populate_should_replace: ignoredBecause('zonesync reads one zone file per zone'),
        supports_root_ns: notNeeded('the apex NS comes from the zone\'s delegate list'),
        split_extension: ignoredBecause('zonesync reads one file per zone, not one per record'),
        split_catchall: ignoredBecause('zonesync reads one file per zone, not one per record'),
        shared_filename: ignoredBecause('zonesync has no file shared by every zone'),
        disable_zonefile: ignoredBecause('zonesync reads one file per zone'),
        escaped_semicolons: notNeeded('zonesync reads `\\;` in TXT as octoDNS does'),
        ignore_missing_zones: ignoredBecause('a zone zonesync manages must have its file'),
      };
      settings(findings, id, block, table, {});
      const converted: ConvertedProvider = { id, pos, notTarget: 'zonesync does not write octoDNS YAML: a YamlProvider target becomes a file provider writing RFC 1035 <zone>.zone files' };
      if (directory !== undefined) {
        converted.source = { format: 'yaml', directory, fileName: (zone) => `${zone}yaml` };
        converted.target = { type: 'file', directory };
      }
      return converted;
    },
  },
  {
    classes: ['ZoneFileProvider', 'ZoneFileSource'],
    build(findings, id, block, pos) {
      const directory = directoryOf(findings, id, block, pos);
      const extension = text(child(block, 'file_extension')) ?? '.';
      const table: Record<string, Setting> = {
        directory: () => undefined,
        file_extension: () => undefined,
        check_origin: notNeeded('zonesync checks every name against the zone'),
        hostmaster_email: notNeeded('the SOA belongs to the provider'),
      };
      settings(findings, id, block, table, {});
      const converted: ConvertedProvider = { id, pos };
      if (directory !== undefined) {
        converted.source = { format: 'rfc1035', directory, fileName: (zone) => `${zone.slice(0, -1)}${extension}` };
        converted.target = { type: 'file', directory };
      }
      return converted;
    },
  },
  {
    classes: ['Route53Provider'],
    build(findings, id, block, pos) {
      const out: Record<string, unknown> = { type: 'route53' };
      const chain = (variable: string): Setting => (f, i, key, node) => {
        const raw = text(node) ?? '';
        if (raw === `env/${variable}`) f.note(node.pos, `providers.${i}.${key}: zonesync reads ${variable} through the standard AWS credential chain`);
        else f.skip(node.pos, `providers.${i}.${key}`, `zonesync takes Route 53 credentials from the standard AWS chain: set ${variable} (or a profile) instead`);
      };
      settings(findings, id, block, {
        access_key_id: chain('AWS_ACCESS_KEY_ID'),
        secret_access_key: chain('AWS_SECRET_ACCESS_KEY'),
        session_token: chain('AWS_SESSION_TOKEN'),
        max_changes: notNeeded('zonesync sizes change batches by Route 53\'s own limits'),
        client_max_attempts: notNeeded('zonesync retries throttled calls with backoff'),
        role_arn: ignoredBecause('assume the role outside zonesync (a profile with role_arn in ~/.aws/config, then profile:)'),
        delegation_set_id: ignoredBecause('zonesync does not create hosted zones here'),
        get_zones_by_name: notNeeded('zonesync lists hosted zones once per run'),
      }, out);
      return { id, pos, target: out };
    },
  },
  {
    classes: ['Ns1Provider'],
    build(findings, id, block, pos) {
      const out: Record<string, unknown> = { type: 'ns1' };
      settings(findings, id, block, {
        api_key: copyAs('apiKey', true),
        retry_count: notNeeded('zonesync paces NS1 by its X-RateLimit headers'),
        parallelism: notNeeded('zonesync paces NS1 by its X-RateLimit headers'),
      }, out);
      return { id, pos, target: out };
    },
  },
  {
    classes: ['CloudflareProvider'],
    build(findings, id, block, pos) {
      const out: Record<string, unknown> = { type: 'cloudflare' };
      settings(findings, id, block, {
        token: copyAs('apiToken', true),
        email: ignoredBecause('zonesync authenticates with an API token (apiToken), not a global key and e-mail'),
        account_id: copyAs('accountId'),
        retry_count: notNeeded('zonesync honours 429 retry-after'),
        retry_period: notNeeded('zonesync honours 429 retry-after'),
        zones_per_page: notNeeded('zonesync pages by itself'),
        records_per_page: notNeeded('zonesync pages by itself'),
        cdn: ignoredBecause('zonesync does not emulate Cloudflare CDN CNAMEs'),
        pagerules: ignoredBecause('zonesync manages DNS records only, not page rules'),
        min_ttl: ignoredBecause('no zonesync equivalent: write TTLs the plan allows'),
      }, out);
      return { id, pos, target: out };
    },
  },
  {
    classes: ['PowerDnsProvider'],
    build(findings, id, block, pos) {
      const out: Record<string, unknown> = { type: 'powerdns' };
      const host = text(child(block, 'host'));
      const port = text(child(block, 'port')) ?? '8081';
      const scheme = text(child(block, 'scheme')) ?? 'http';
      if (host === undefined || !/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host) || !/^\d{1,5}$/.test(port) || !/^https?$/.test(scheme)) findings.skip(pos, `providers.${id}`, 'host, port and scheme do not make a URL: set url: by hand');
      else out.url = `${scheme}://${host}:${port}`;
      settings(findings, id, block, {
        host: () => undefined,
        port: () => undefined,
        scheme: () => undefined,
        api_key: copyAs('apiKey', true),
        timeout: timeoutInto(out),
        soa_edit_api: ignoredBecause('set SOA-EDIT-API on the PowerDNS zone itself'),
        mode_of_operation: ignoredBecause('zonesync keeps the zone mode PowerDNS has'),
        notify: ignoredBecause('configure NOTIFY on the PowerDNS server'),
      }, out);
      return { id, pos, target: out };
    },
  },
  {
    classes: ['Rfc2136Provider'],
    build(findings, id, block, pos) {
      const out: Record<string, unknown> = { type: 'bind' };
      const host = text(child(block, 'host'));
      const port = text(child(block, 'port')) ?? '53';
      if (host === undefined || !/^[0-9a-fA-F.:]{2,45}$/.test(host) || !/^\d{1,5}$/.test(port)) findings.skip(pos, `providers.${id}.host`, 'zonesync wants the server as IP:port: set server: by hand');
      else out.server = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      const tsig: Record<string, unknown> = {};
      settings(findings, id, block, {
        host: () => undefined,
        port: () => undefined,
        ipv6: () => undefined,
        key_name: copyAs('name'),
        key_secret: (f, i, key, node) => {
          const v = value(f, i, key, node, true);
          if (v !== undefined) tsig.secret = v;
        },
        key_algorithm: (f, i, key, node) => {
          const algorithm = (text(node) ?? '').toLowerCase().replace(/\.$/, '');
          if (algorithm === 'hmac-sha256' || algorithm === 'hmac-sha512') tsig.algorithm = algorithm;
          else f.skip(node.pos, `providers.${i}.${key}: ${text(node) ?? ''}`, 'zonesync signs with hmac-sha256 or hmac-sha512');
        },
        timeout: timeoutInto(out),
        update_batch_size: notNeeded('zonesync sizes UPDATE messages itself'),
      }, tsig);
      if (tsig.name !== undefined && tsig.secret !== undefined) out.tsig = { name: tsig.name, algorithm: tsig.algorithm ?? 'hmac-sha256', secret: tsig.secret };
      else findings.skip(pos, `providers.${id}`, 'no TSIG key (key_name, key_secret): zonesync signs every UPDATE and AXFR');
      return { id, pos, target: out };
    },
  },
];

/** Converted providers by id; classes without an equivalent are listed as unmapped. */
export function convertProviders(findings: Findings, providers: YNode | undefined): Map<string, ConvertedProvider> {
  const out = new Map<string, ConvertedProvider>();
  for (const e of entries(providers)) {
    const cls = text(child(e.value, 'class'));
    if (cls === undefined || cls === '') {
      findings.skip(e.keyPos, `providers.${e.key}`, 'no class:');
      continue;
    }
    const kind = KINDS.find((k) => k.classes.includes(cls.split('.').at(-1) ?? ''));
    if (!kind) {
      findings.skip(e.keyPos, `providers.${e.key} (${cls})`, `no zonesync provider for this class (zonesync has: ${KINDS.flatMap((k) => k.classes).join(', ')})`);
      continue;
    }
    out.set(e.key, kind.build(findings, e.key, e.value, e.keyPos));
  }
  return out;
}
