import { lookup } from 'node:dns/promises';
import { ProviderError } from '../../core/errors.js';
import { parseNameserverAddress, type Nameserver } from '../../dns/nameserver.js';

/**
 * The addresses `verify` and chunk verification ask for one provider: the `nameservers` of its
 * block when given, otherwise its delegation names resolved once per zone (the only lookup that
 * goes through the system resolver; DESIGN.md: nameservers have two faces).
 */
export class DelegationAddresses {
  private readonly configured: Nameserver[] | undefined;
  private readonly resolved = new Map<string, Promise<Nameserver[]>>();
  private readonly none: string | undefined;
  private readonly resolve: (host: string) => Promise<string[]>;

  constructor(
    private readonly providerId: string,
    configured: readonly string[] | undefined,
    /** The zone's delegation host names (absolute), read from the provider. */
    private readonly names: (zone: string) => Promise<string[]>,
    options: {
      /** What is missing when there are no names (`apex NS rrset`): an error then; without it, no names are no addresses. */
      none?: string;
      resolve?: (host: string) => Promise<string[]>;
    } = {},
  ) {
    this.none = options.none;
    this.resolve = options.resolve ?? resolveHost;
    this.configured = configured?.map((text, i) => parseNameserverAddress(text, `providers.${providerId}.nameservers[${i}]`));
  }

  /** A fresh copy each time, so a caller cannot change what the next one gets. */
  async of(zone: string): Promise<Nameserver[]> {
    if (this.configured) return this.configured.map((ns) => ({ ...ns }));
    let pending = this.resolved.get(zone);
    if (!pending) {
      pending = this.lookUp(zone);
      this.resolved.set(zone, pending);
      // A failure is not kept: the next call tries again.
      pending.catch(() => this.resolved.delete(zone));
    }
    return (await pending).map((ns) => ({ ...ns }));
  }

  private async lookUp(zone: string): Promise<Nameserver[]> {
    const hosts = await this.names(zone);
    if (hosts.length === 0 && this.none) throw new ProviderError(this.providerId, `zone ${zone} has no ${this.none}, so there is no nameserver to ask; set providers.${this.providerId}.nameservers`);
    const found = await Promise.all(
      hosts.map(async (host) => {
        try {
          return (await this.resolve(host)).map((address) => ({ name: host, address, port: 53 }));
        } catch (error) {
          const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
          throw new ProviderError(this.providerId, `zone ${zone}: nameserver ${host} does not resolve (${reason}); set providers.${this.providerId}.nameservers`, { cause: error });
        }
      }),
    );
    return found.flat();
  }
}

/** Every address of a host name (absolute or not) through the system resolver. */
async function resolveHost(host: string): Promise<string[]> {
  const bare = host.endsWith('.') && host !== '.' ? host.slice(0, -1) : host;
  return (await lookup(bare, { all: true })).map((a) => a.address);
}
