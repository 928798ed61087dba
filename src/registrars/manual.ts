import { absoluteName, nameserverSet, type Registrar, type RegistrarChange } from './registrar.js';

export { manualConfigSchema, type ManualConfig } from './config.js';

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
    const entries = hosts.map((h) => h.replace(/\.$/, '')).join('\n');
    const instructions = `At the registrar of ${zone.replace(/\.$/, '')}, replace the nameservers with exactly these ${hosts.length}, one per field:\n${entries}`;
    return { kind: 'manual', registrar: this.id, domain: zone, nameservers: hosts, entries, instructions };
  }
}
