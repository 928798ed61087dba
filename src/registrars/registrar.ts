/** Where a zone's delegation lives: the registrar that tells the parent zone which nameservers to list. */

/** What setNameservers did, or what an operator must do. Names are absolute with a trailing dot. */
export type RegistrarChange =
  | {
      kind: 'unchanged';
      registrar: string;
      domain: string;
      nameservers: string[];
    }
  | {
      kind: 'submitted';
      registrar: string;
      domain: string;
      nameservers: string[];
      /** The registrar's id for the operation, to look it up later. */
      operationId: string;
      /** SUCCESSFUL once done; IN_PROGRESS/SUBMITTED when waiting ran out (the change was accepted and goes on). */
      status: string;
    }
  | {
      kind: 'manual';
      registrar: string;
      domain: string;
      nameservers: string[];
      /** Exactly what to type at the registrar: every host name, one per line. */
      entries: string;
      /** A sentence saying where, then the entries. */
      instructions: string;
    };

export interface Registrar {
  /** The key in zonesync.yaml (`domains`…). */
  readonly id: string;
  /** The registrar type (`route53domains`, `manual`). */
  readonly type: string;
  /** Nameservers the registrar lists for the domain (absolute, trailing dot, sorted); [] when it cannot tell. */
  getNameservers(domain: string): Promise<string[]>;
  /** Make the registrar list exactly these nameservers. */
  setNameservers(domain: string, nameservers: string[]): Promise<RegistrarChange>;
  /**
   * The DS set the parent holds for the domain, as presentation rdata (`keytag alg digesttype
   * digest`, digest upper-case hex), sorted; undefined when this registrar cannot tell (then the
   * parent's nameservers are asked). Absent on a registrar with no DS notion at all.
   */
  getDs?(domain: string): Promise<string[] | undefined>;
  /**
   * Make the parent hold exactly this DS set ([] removes every DS: the delegation goes insecure).
   * `keys` are the DNSKEYs (`257 3 13 base64…`) the DS are made from: a registrar that takes the
   * key and computes the digest itself (Route 53 Domains) needs the one each new DS names.
   */
  setDs?(domain: string, ds: string[], keys?: string[]): Promise<DsChange>;
  close?(): Promise<void>;
}

/** What setDs did, or what an operator must do (`manual`: the exact DS records to enter). */
export type DsChange =
  | { kind: 'unchanged'; registrar: string; domain: string; ds: string[] }
  | { kind: 'submitted'; registrar: string; domain: string; ds: string[]; operationId: string; status: string }
  | { kind: 'manual'; registrar: string; domain: string; ds: string[]; entries: string; instructions: string };

/** `Example.COM` / `example.com.` → `example.com.`; host names the same way, sorted and unique. */
export function absoluteName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

export function nameserverSet(names: string[]): string[] {
  return [...new Set(names.map(absoluteName))].sort();
}
