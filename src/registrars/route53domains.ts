import { GetDomainDetailCommand, GetOperationDetailCommand, Route53DomainsClient, UpdateDomainNameserversCommand } from '@aws-sdk/client-route-53-domains';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ProviderError } from '../core/errors.js';
import { sleep } from '../io/sleep.js';
import { isRetryable, ROUTE53_BACKOFF, withBackoff, type BackoffOptions } from '../providers/shared/aws.js';
import { absoluteName, nameserverSet, type Registrar, type RegistrarChange } from './registrar.js';
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


/** Route 53 Domains: reads and replaces a registered domain's nameservers, then waits on the operation. */
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

  /** Poll GetOperationDetail with backoff until SUCCESSFUL; ERROR/FAILED throw; running out of time returns the last status. */
  private async waitForOperation(domain: string, operationId: string): Promise<string> {
    const deadline = Date.now() + (this.options.operationTimeoutMs ?? 300_000);
    let wait = this.options.pollMs ?? 2000;
    for (;;) {
      const detail = await this.send(`domain ${domain}: reading operation ${operationId}`, (c) => c.send(new GetOperationDetailCommand({ OperationId: operationId })));
      const status = detail.Status ?? 'SUBMITTED';
      if (status === 'SUCCESSFUL') return status;
      if (status === 'ERROR' || status === 'FAILED') {
        throw new ProviderError(this.id, `domain ${domain}: nameserver update ${operationId} ended ${status}${detail.Message ? `: ${detail.Message}` : ''}; the registrar still lists the old nameservers`);
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
