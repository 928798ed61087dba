import { delegationValues, dsPresentation } from '../core/delegation.js';
import { ProviderError } from '../core/errors.js';
import { absoluteName, nameserverSet, type DsChange, type Registrar, type RegistrarChange } from './registrar.js';

export { manualConfigSchema, type ManualConfig } from './config.js';

const bare = (name: string): string => name.replace(/\.$/, '');

/** A registrar zonesync cannot drive: it says exactly what an operator must enter, and changes nothing. */
export class ManualRegistrar implements Registrar {
  readonly type = 'manual';

  constructor(readonly id: string) {}

  /** Unknown: a manual registrar has no API to ask (the parent zone's NS would be a DNS question, not a registrar one). */
  async getNameservers(_domain: string): Promise<string[]> {
    return [];
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<RegistrarChange> {
    const hosts = nameserverSet(nameservers);
    const zone = absoluteName(domain);
    const entries = hosts.map(bare).join('\n');
    const instructions = `At the registrar of ${bare(zone)}, replace the nameservers with exactly these ${hosts.length}, one per field:\n${entries}`;
    return { kind: 'manual', registrar: this.id, domain: zone, nameservers: hosts, entries, instructions };
  }

  /** Unknown here: verify then asks the parent's nameservers. */
  async getDs(_domain: string): Promise<string[] | undefined> {
    return undefined;
  }

  /** The exact DS records to enter, one per line in presentation form, and the four fields a registrar's form asks for. */
  async setDs(domain: string, ds: string[]): Promise<DsChange> {
    const zone = absoluteName(domain);
    let values: string[];
    try {
      values = delegationValues('DS', ds, zone).map(dsPresentation);
    } catch (error) {
      throw new ProviderError(this.id, `${zone}: ${(error as Error).message}`);
    }
    const entries = values.map((v) => `${zone} IN DS ${v}`).join('\n');
    const instructions =
      values.length === 0
        ? `At the registrar of ${bare(zone)}, remove every DS record (DNSSEC: delete the delegation signer records); the zone's delegation goes insecure`
        : `At the registrar of ${bare(zone)}, make the DS records (DNSSEC delegation signer) exactly these ${values.length}, removing any other; each is key tag, algorithm, digest type, digest:\n${entries}`;
    return { kind: 'manual', registrar: this.id, domain: zone, ds: values, entries, instructions };
  }
}
