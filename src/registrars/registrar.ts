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
  close?(): Promise<void>;
}

/** `Example.COM` / `example.com.` → `example.com.`; host names the same way, sorted and unique. */
export function absoluteName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

export function nameserverSet(names: string[]): string[] {
  return [...new Set(names.map(absoluteName))].sort();
}
