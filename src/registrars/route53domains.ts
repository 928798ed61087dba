import {
  AssociateDelegationSignerToDomainCommand,
  DisassociateDelegationSignerFromDomainCommand,
  GetDomainDetailCommand,
  GetOperationDetailCommand,
  Route53DomainsClient,
  UpdateDomainNameserversCommand,
  type DnssecKey,
} from '@aws-sdk/client-route-53-domains';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ProviderError } from '../core/errors.js';
import { sleep } from '../io/sleep.js';
import { isRetryable, ROUTE53_BACKOFF, withBackoff, type BackoffOptions } from '../providers/shared/aws.js';
import { delegationValues, dsPresentation } from '../core/delegation.js';
import { dsFor, formatDs } from '../dns/dnssec/index.js';
import { dnskeyFromText } from '../dns/dnssec/wire.js';
import { absoluteName, nameserverSet, type DsChange, type Registrar, type RegistrarChange } from './registrar.js';
import type { Route53DomainsConfig } from './config.js';

export { route53DomainsConfigSchema, type Route53DomainsConfig } from './config.js';

export interface Route53DomainsOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** How long setNameservers waits for the operation to finish before reporting it still in progress. */
  operationTimeoutMs?: number;
  /** First wait between GetOperationDetail polls; doubles up to 30 s. */
  pollMs?: number;
  backoff?: BackoffOptions;
  requestTimeoutMs?: number;
}


/** Route 53 Domains computes a DS's digest itself, with SHA-256 (DS digest type 2), from the key it is given. */
const ROUTE53_DOMAINS_DIGEST_TYPE = 2;

/** A DnssecKey of GetDomainDetail as presentation DS rdata. */
function dsOfKey(key: DnssecKey): string {
  return `${key.KeyTag ?? 0} ${key.Algorithm ?? 0} ${key.DigestType ?? 0} ${(key.Digest ?? '').toUpperCase()}`;
}

/** Route 53 Domains: reads and replaces a registered domain's nameservers and DS records, waiting on each operation. */
export class Route53DomainsRegistrar implements Registrar {
  readonly type = 'route53domains';
  private readonly client: Route53DomainsClient;

  constructor(
    readonly id: string,
    private readonly config: Route53DomainsConfig,
    private readonly options: Route53DomainsOptions = {},
  ) {
    // The SDK's notice about future Node versions would land in every plan's output and CI log.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new Route53DomainsClient({
      region: config.region ?? 'us-east-1',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.profile ? { profile: config.profile } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: options.requestTimeoutMs ?? 20_000, throwOnRequestTimeout: true }),
    });
  }

  private async send<T>(what: string, call: (client: Route53DomainsClient) => Promise<T>): Promise<T> {
    try {
      return await withBackoff(() => call(this.client), isRetryable, this.options.backoff ?? ROUTE53_BACKOFF);
    } catch (error) {
      const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      const message = status === undefined ? `${what}: cannot reach Route 53 Domains at ${this.config.endpoint ?? 'AWS'} (${e.message ?? e.name})` : `${what}: ${e.name ?? 'Error'}: ${e.message ?? 'no message'}`;
      throw new ProviderError(this.id, message.replace(/(AKIA|ASIA)[A-Z0-9]{12,}/g, '$1…'), { transient: status === undefined || status >= 500 || isRetryable(error), cause: error });
    }
  }

  private domainName(domain: string): string {
    return absoluteName(domain).replace(/\.$/, '');
  }

  async getNameservers(domain: string): Promise<string[]> {
    const name = this.domainName(domain);
    const detail = await this.send(`domain ${name}: reading its nameservers`, (c) => c.send(new GetDomainDetailCommand({ DomainName: name })));
    return nameserverSet((detail.Nameservers ?? []).map((ns) => ns.Name ?? '').filter((n) => n !== ''));
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<RegistrarChange> {
    const name = this.domainName(domain);
    const wanted = nameserverSet(nameservers);
    if (wanted.length === 0) throw new ProviderError(this.id, `domain ${name}: refusing to set an empty nameserver list`);
    const current = await this.getNameservers(name);
    const base = { registrar: this.id, domain: absoluteName(name), nameservers: wanted };
    if (JSON.stringify(current) === JSON.stringify(wanted)) return { kind: 'unchanged', ...base };
    const update = await this.send(`domain ${name}: setting nameservers ${wanted.join(', ')}`, (c) =>
      c.send(new UpdateDomainNameserversCommand({ DomainName: name, Nameservers: wanted.map((ns) => ({ Name: ns.replace(/\.$/, '') })) })),
    );
    const operationId = update.OperationId ?? '';
    const status = await this.waitForOperation(name, operationId);
    return { kind: 'submitted', ...base, operationId, status };
  }

  private async dnssecKeys(name: string): Promise<DnssecKey[]> {
    const detail = await this.send(`domain ${name}: reading its DS records`, (c) => c.send(new GetDomainDetailCommand({ DomainName: name })));
    return detail.DnssecKeys ?? [];
  }

  /** GetDomainDetail's DnssecKeys as DS rdata: what the registry serves at the parent. */
  async getDs(domain: string): Promise<string[]> {
    return (await this.dnssecKeys(this.domainName(domain))).map(dsOfKey).sort();
  }

  /**
   * Associate a key for each wanted DS not yet there (Route 53 Domains takes the DNSKEY and
   * computes the SHA-256 digest, so each new DS needs its key in `keys`), then disassociate each
   * DS not wanted: a rollover never passes through an empty DS set.
   */
  async setDs(domain: string, ds: string[], keys: string[] = []): Promise<DsChange> {
    const name = this.domainName(domain);
    const owner = absoluteName(name);
    let wanted: string[];
    try {
      wanted = delegationValues('DS', ds, owner).map(dsPresentation);
    } catch (error) {
      throw new ProviderError(this.id, `domain ${name}: ${(error as Error).message}`);
    }
    const base = { registrar: this.id, domain: owner, ds: wanted };
    const current = await this.dnssecKeys(name);
    const have = new Set(current.map(dsOfKey));
    const adding = wanted.filter((d) => !have.has(d));
    const removing = current.filter((k) => !wanted.includes(dsOfKey(k)));
    if (adding.length === 0 && removing.length === 0) return { kind: 'unchanged', ...base };
    const toAssociate = adding.map((d) => {
      const digestType = Number(d.split(' ')[2]);
      if (digestType !== ROUTE53_DOMAINS_DIGEST_TYPE) throw new ProviderError(this.id, `domain ${name}: DS ${d}: Route 53 Domains computes the digest itself with SHA-256 (digest type 2); give the type 2 DS of the key`);
      const key = keys.map((k) => dnskeyFromText(k)).find((k) => formatDs(dsFor(owner, k, digestType)) === d);
      if (!key) throw new ProviderError(this.id, `domain ${name}: DS ${d}: Route 53 Domains takes the public key, not the DS, and no DNSKEY given matches it`);
      return { ds: d, key };
    });
    const operations: string[] = [];
    let status = 'SUCCESSFUL';
    const track = async (what: string, operationId: string | undefined): Promise<void> => {
      const id = operationId ?? '';
      operations.push(id);
      const ended = await this.waitForOperation(name, id, what);
      if (ended !== 'SUCCESSFUL') status = ended;
    };
    for (const { ds: d, key } of toAssociate) {
      const out = await this.send(`domain ${name}: associating DS ${d}`, (c) =>
        c.send(new AssociateDelegationSignerToDomainCommand({ DomainName: name, SigningAttributes: { Algorithm: key.algorithm, Flags: key.flags, PublicKey: key.publicKey.toString('base64') } })),
      );
      await track(`DS ${d} association`, out.OperationId);
    }
    for (const key of removing) {
      const out = await this.send(`domain ${name}: disassociating DS ${dsOfKey(key)}`, (c) => c.send(new DisassociateDelegationSignerFromDomainCommand({ DomainName: name, Id: key.Id ?? '' })));
      await track(`DS ${dsOfKey(key)} disassociation`, out.OperationId);
    }
    return { kind: 'submitted', ...base, operationId: operations.join(' '), status };
  }

  /** Poll GetOperationDetail with backoff until SUCCESSFUL; ERROR/FAILED throw; running out of time returns the last status. */
  private async waitForOperation(domain: string, operationId: string, what = 'nameserver update'): Promise<string> {
    const deadline = Date.now() + (this.options.operationTimeoutMs ?? 300_000);
    let wait = this.options.pollMs ?? 2000;
    for (;;) {
      const detail = await this.send(`domain ${domain}: reading operation ${operationId}`, (c) => c.send(new GetOperationDetailCommand({ OperationId: operationId })));
      const status = detail.Status ?? 'SUBMITTED';
      if (status === 'SUCCESSFUL') return status;
      if (status === 'ERROR' || status === 'FAILED') {
        throw new ProviderError(this.id, `domain ${domain}: ${what} ${operationId} ended ${status}${detail.Message ? `: ${detail.Message}` : ''}; ${what === 'nameserver update' ? 'the registrar still lists the old nameservers' : 'the registry\'s DS set is as GetDomainDetail shows it'}`);
      }
      if (Date.now() + wait > deadline) return status;
      await sleep(wait * (0.5 + Math.random() / 2));
      wait = Math.min(30_000, wait * 2);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
