import type { Change } from '../core/change.js';
import { delegationChange, delegationValues, dsPresentation, isBelow } from '../core/delegation.js';
import { ProviderError } from '../core/errors.js';
import type { RRset } from '../core/model.js';
import { zoneName } from '../core/name.js';
import type { ZoneRegistrarConfig } from './config.js';
import { absoluteName, nameserverSet, type DsChange, type Registrar, type RegistrarChange } from './registrar.js';

export { zoneRegistrarConfigSchema, type ZoneRegistrarConfig } from './config.js';

/**
 * How a `type: zone` registrar reaches its parent zone; the engine gives it (engine/registrar.ts),
 * so writes go through the same run machinery as apply: planned, chunked, verified, journaled.
 */
export interface ParentZoneAccess {
  /** The parent's rrsets at these names and types (absent ones are left out); throws when the provider lacks the zone. */
  read(parent: string, keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]>;
  /** Apply these changes to the parent zone as one run; returns its id, or throws naming what failed. */
  write(parent: string, changes: Change[]): Promise<{ runId: string }>;
}

const DEFAULT_TTL = 3600;

/** A parent zone zonesync manages: the child's NS and DS rrsets there are the delegation, and the only rrsets it touches. */
export class ZoneRegistrar implements Registrar {
  readonly type = 'zone';
  readonly parent: string;
  private readonly ttl: number;

  constructor(
    readonly id: string,
    config: ZoneRegistrarConfig,
    private readonly access: ParentZoneAccess,
  ) {
    const parent = zoneName(config.zone);
    if (!parent.ok) throw new ProviderError(id, `registrars.${id}.zone: ${parent.error}`);
    this.parent = parent.name;
    this.ttl = config.ttl ?? DEFAULT_TTL;
  }

  /** The child's name in the parent, refused unless strictly below it (the parent's own apex is never written). */
  private child(domain: string): string {
    const name = zoneName(domain);
    if (!name.ok) throw new ProviderError(this.id, `${domain}: ${name.error}`);
    if (!isBelow(name.name, this.parent)) throw new ProviderError(this.id, `${name.name} is not below ${this.parent}: this registrar holds only delegations in ${this.parent}`);
    return name.name;
  }

  private async live(child: string, type: 'NS' | 'DS'): Promise<RRset | undefined> {
    const rrsets = await this.access.read(this.parent, [{ name: child, type }]);
    return rrsets.find((r) => r.name === child && r.type === type);
  }

  async getNameservers(domain: string): Promise<string[]> {
    const child = this.child(domain);
    return nameserverSet((await this.live(child, 'NS'))?.values ?? []);
  }

  async getDs(domain: string): Promise<string[]> {
    const child = this.child(domain);
    return ((await this.live(child, 'DS'))?.values ?? []).map(dsPresentation).sort();
  }

  private values(type: 'NS' | 'DS', values: string[]): string[] {
    try {
      return delegationValues(type, values, this.parent);
    } catch (error) {
      throw new ProviderError(this.id, (error as Error).message);
    }
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<RegistrarChange> {
    const child = this.child(domain);
    const wanted = this.values('NS', nameserverSet(nameservers));
    if (wanted.length === 0) throw new ProviderError(this.id, `${child}: refusing to set an empty nameserver list (the delegation would go)`);
    const base = { registrar: this.id, domain: child, nameservers: wanted };
    const change = delegationChange(child, 'NS', await this.live(child, 'NS'), wanted, this.ttl);
    if (!change) return { kind: 'unchanged', ...base };
    const { runId } = await this.access.write(this.parent, [change]);
    return { kind: 'submitted', ...base, operationId: runId, status: 'SUCCESSFUL' };
  }

  async setDs(domain: string, ds: string[]): Promise<DsChange> {
    const child = this.child(domain);
    const wanted = this.values('DS', ds);
    const base = { registrar: this.id, domain: absoluteName(child), ds: wanted.map(dsPresentation) };
    // A DS without the NS beside it is no delegation: the parent would answer for the child itself.
    if (wanted.length > 0 && !(await this.live(child, 'NS'))) throw new ProviderError(this.id, `${child}: ${this.parent} has no NS rrset at ${child}, so a DS there would not be a delegation; set the nameservers first`);
    const change = delegationChange(child, 'DS', await this.live(child, 'DS'), wanted, this.ttl);
    if (!change) return { kind: 'unchanged', ...base };
    const { runId } = await this.access.write(this.parent, [change]);
    return { kind: 'submitted', ...base, operationId: runId, status: 'SUCCESSFUL' };
  }
}
