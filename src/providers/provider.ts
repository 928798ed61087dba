import type * as z from 'zod';
import type { Change } from '../core/change.js';
import type { RecordType, RRset, Zone } from '../core/model.js';
import type { Nameserver } from '../dns/nameserver.js';
import type { KeySummary } from '../core/dnssec.js';
import type { ProviderRepair } from '../core/plan.js';

/** Whether a record type can be served, and why not. One table drives validation, test skips and the docs. */
export interface TypeSupport {
  supported: boolean;
  reason?: string;
}

export interface Capabilities {
  types: Partial<Record<RecordType, TypeSupport>>;
  /** RFC 3597 `TYPEnnn` types without a mnemonic (kept as generic rdata); absent means not served. */
  genericTypes?: TypeSupport;
  /** Most changes one API call can carry (a chunk is cut to fit). */
  maxChangesPerBatch: number;
  /** True when a chunk is applied all-or-nothing by the provider. */
  atomicBatch: boolean;
  /** How ALIAS at the apex is served. */
  alias: 'native' | 'flattened-cname' | 'none';
  /** Smallest TTL the provider accepts. */
  minTtl: number;
  /**
   * False when a TXT value of several character-strings cannot be kept as written, only the 255-byte
   * split of one text (NS1 keeps one string per answer). Absent means it can.
   */
  txtMultipleStrings?: boolean;
  /**
   * Entries per page when a zone is read in pages (Route 53 rrsets, Cloudflare records); absent when
   * the whole zone comes back in one response (AXFR, one GET, one file).
   */
  readPageSize?: number;
  /** False when ALIAS records carry no TTL of their own (Route 53 alias records): the diff then ignores ALIAS TTLs. */
  aliasHasTtl?: boolean;
  /** Why the apex NS rrset cannot be written (the provider serves its own), when it cannot: `switch` leaves it alone. */
  fixedApexNs?: string;
  /**
   * True when the provider's delegation names are read from its apex NS rrset, which in a
   * multi-provider zone lists every provider's names, not only its own (PowerDNS, BIND).
   */
  delegationFromApexNs?: boolean;
  /**
   * How `readRRsets` reads just the rrsets a chunk touches (the cheapest path the API has), in
   * words for the README; absent when the provider has no partial read and a chunk is read back
   * with a whole `read`.
   */
  partialRead?: string;
  /**
   * Change kinds the API itself refuses, atomically, when the live rrset is not what the plan saw
   * (Route 53: a CREATE of an rrset that exists, a DELETE that does not match exactly). The
   * re-read before a chunk skips them: the write is its own check.
   */
  conditionalKinds?: ReadonlyArray<'create' | 'delete'>;
  /**
   * How the final drift check is made without a second whole read, in words for the README, when
   * the provider lists a zone in a fixed order (`listOrder`, `readRange`): the last phase is sent in
   * that order, each chunk's read-back reads the range up to the next chunk's first name, and the
   * union of those ranges (plus `recordSetCount` where the API has one) is compared with the expected
   * state. Absent: one whole read after the last chunk.
   */
  rangeDriftCheck?: string;
  /**
   * Whether apply can create a zone the provider does not have yet, always a line of the plan:
   * `account` a hosted zone in a (billed) account, which claims the name there: only with
   * `--create-zones` or a yes at the prompt; `server` a zone on the operator's own server or
   * folder, created as apply goes; false when it must be added by hand (BIND's named.conf), which
   * the plan spells out (`manualZoneSteps`). Absent means `server`.
   */
  createZone?: 'account' | 'server' | false;
  /**
   * `switch --dnssec multi-signer` (RFC 8901 model 2): true when the provider publishes other
   * signers' DNSKEYs next to its own (`publishForeignKeys`); else why it cannot. Absent: it cannot.
   */
  multiSigner?: true | string;
  /**
   * Whether the provider can serve traffic steering (an octoDNS `dynamic:` rrset: pools, rules,
   * health), and how or why not, in words for the README. Where it cannot, a steered rrset is refused
   * at plan time unless the zone's config says `dynamic: fallback` for the target (then it is served
   * as its plain fallback values, and the plan says so per rrset).
   */
  dynamic: TypeSupport;
  /** Where `dynamic` is supported but rules with `geos` are not (PowerDNS without a GeoIP database): why. Absent: as `dynamic`. */
  dynamicGeos?: TypeSupport;
  /** Where `dynamic` is supported but rules with `subnets` are not: why. Absent: as `dynamic`. */
  dynamicSubnets?: TypeSupport;
  /**
   * Whether the provider can serve the zone signed (DNSSEC), and how or why not. `lint` warns
   * when a zone holding DS records at its delegations has a target that cannot: the chain of trust
   * to those children breaks there. Absent means unknown (no warning).
   */
  signing?: TypeSupport;
}

/** What a provider says about a zone it just created: the nameservers a delegation should list. */
export interface CreatedZone {
  nameservers: string[];
}

/** Something the provider holds in the zone that stops the plan: an rrset it cannot change, named. */
export interface AuditFinding {
  name: string;
  type: string;
  reason: string;
}

/**
 * Something the provider keeps in the zone that zonesync neither writes nor deletes: a Route 53
 * routing-policy rrset, or an NS1 record's filter chain (zonesync manages that record's answers).
 * The plan lists it as left alone, reason `provider-routing`; it is not in the digest or the safety counts.
 */
export interface KeptRecord {
  name: string;
  type: string;
  detail: string;
}

/** A provider's signing of one zone, as the plan shows it and `switch` checks it. */
export interface DnssecStatus {
  signed: boolean;
  keys: KeySummary[];
  /** `cryptokeys API`, `DNSKEY at 192.0.2.1:53`. */
  source: string;
}

/** What the provider said when a chunk went in: an id to wait on, and how many API calls it took. */
export interface ChunkReceipt {
  changeId?: string;
  apiCalls: number;
}

/**
 * How a chunk's rrsets were read back, as the journal records it: `partial` the provider's filtered
 * read (`readRRsets`), `range` the range of the provider's list order the chunk covers
 * (`readRange`), `whole` a read of the whole zone, `written` from what the provider itself just
 * wrote (the file provider's file); `calls` the provider calls it took, where the provider counts them.
 */
export interface ReadBack {
  method: 'partial' | 'range' | 'whole' | 'written';
  calls?: number;
}

/** Told how a read was made (a provider whose `readRRsets` may fall back to a whole read says so through it). */
export type ReadBackTold = (how: ReadBack) => void;

/**
 * A provider is a small interface: read a zone, apply one chunk of changes, name its nameservers.
 * Providers are built lazily: constructing one must not touch the network.
 */
export interface Provider {
  /** The key in zonesync.yaml (`pdns`, `r53`…). */
  readonly id: string;
  /** The provider type (`powerdns`, `route53`…). */
  readonly type: string;
  readonly capabilities: Capabilities;
  /**
   * Live state of the zone, or undefined when the provider does not have it.
   * SOA and apex NS are included as read (the diff leaves them to the provider and `delegate`).
   */
  read(zone: string): Promise<Zone | undefined>;
  /**
   * Live state of just these rrsets (by name and type), absent ones left out; cheaper than `read`
   * where the API can filter. Used before each chunk to catch a second writer, and after it to
   * read the chunk back (`--verify api` and `dns`). Without it, `read`. `told` hears how the read
   * was made when that is not a plain partial read (a fallback to the whole zone), and its calls.
   */
  readRRsets?(zone: string, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]>;
  /**
   * The order the provider lists owner names in (negative: `a` first), when range reads of this
   * change set and expected zone are exact; undefined when they are not (Route 53: an in-zone ALIAS,
   * whose TTL comes from a target that may lie in another range). See `capabilities.rangeDriftCheck`.
   */
  listOrder?(zone: string, expected: Zone, changes: ReadonlyArray<Change>): ((a: string, b: string) => number) | undefined;
  /** Every rrset whose owner name lies in [from, to) of `listOrder` (from the zone's start / to its end when absent). */
  readRange?(zone: string, from: string | undefined, to: string | undefined, told?: ReadBackTold): Promise<RRset[]>;
  /** The cheap end-of-run signal: the record set count the API reports (undefined when it gives none), and the count `expected` should make. */
  recordSetCount?(zone: string, expected: Zone): Promise<{ live: number | undefined; expected: number }>;
  /** Create the zone when missing (a no-op when present). */
  ensureZone(zone: string): Promise<void>;
  /**
   * Create the zone the plan found missing (`ensureZone` when absent), saying which nameservers it
   * was given. Never deletes, and nothing in zonesync deletes a zone.
   */
  createZone?(zone: string): Promise<CreatedZone>;
  /** When `capabilities.createZone` is false: what to do by hand before apply can write the zone (the named.conf stanza). */
  manualZoneSteps?(zone: string): string[];
  /** Apply one chunk. Atomic providers apply all or nothing; the others stop at the first failure and throw. */
  apply(zone: string, changes: Change[]): Promise<ChunkReceipt>;
  /**
   * What share (0–1] of one API call a change takes, where the provider's limit is not a plain
   * count (Route 53: record values with UPSERT counted twice, and characters). Chunks are cut so
   * their shares add up to at most 1: one chunk, one all-or-nothing call.
   */
  batchShare?(change: Change): number;
  /** Wait until the provider reports the change live on its servers (Route 53 INSYNC). */
  waitInSync?(zone: string, receipt: ChunkReceipt, timeoutMs: number): Promise<void>;
  /** Nameserver host names a delegation should list for this zone (absolute, trailing dot). */
  delegationNameservers(zone: string): Promise<string[]>;
  /** Addresses that `verify` asks, from config or the delegation names resolved once. */
  nameservers(zone: string): Promise<Nameserver[]>;
  /**
   * At plan time, after `read`: rrsets of the desired zone the provider cannot write because of
   * what it holds there (Route 53 routing-policy rrsets). Each finding refuses the plan.
   */
  audit?(zone: string, live: Zone | undefined, desired: Zone): AuditFinding[];
  /** At plan time, after `read`: what the provider keeps there that zonesync does not manage (see KeptRecord). */
  kept?(zone: string, live: Zone | undefined, desired: Zone): KeptRecord[];
  /**
   * At plan time, after `read`: rrsets of the desired zone whose value the provider holds while what
   * it keeps for them does not follow (NS1: zonesync's monitor or feed of an `obey` value deleted or
   * edited), each with why. The plan writes each unchanged one again, and apply mends the rest.
   */
  repairs?(zone: string, live: Zone | undefined, desired: Zone): Promise<ProviderRepair[]>;
  /** Every zone the provider serves (for `import --all`). */
  listZones?(): Promise<string[]>;
  /**
   * True when nothing can observe the zone between two chunks (a file provider with no `reload`
   * and no `nameservers`): the engine then sends each phase as one chunk, one atomic write.
   */
  readonly unobservedBetweenChunks?: boolean;
  /**
   * Whether the provider signs the zone, and with which keys (PowerDNS: cryptokeys API; BIND: the
   * DNSKEY set its server serves). DNSSEC records themselves are never diffed or written.
   */
  dnssec?(zone: string): Promise<DnssecStatus>;
  /**
   * Turn signing on (`switch --dnssec unsigned-first`, after the delegation moved) and say what the
   * provider now signs with; a no-op returning the status when it already signs.
   */
  signZone?(zone: string): Promise<DnssecStatus>;
  /** Turn signing off (the old signer, once the parent holds no DS for it). */
  unsignZone?(zone: string): Promise<DnssecStatus>;
  /**
   * RFC 8901 model 2: make the provider's DNSKEY set also publish these keys of the other signers
   * (DNSKEY presentation rdata, `flags 3 alg base64`), exactly these and no others (PowerDNS:
   * `direct-dnskey`). Absent where the provider cannot publish foreign keys; its capabilities say why.
   */
  publishForeignKeys?(zone: string, dnskeys: string[]): Promise<void>;
  /**
   * A run is about to send about `chunks` chunks to the zone: the provider may put off work it
   * would do after each one (PowerDNS: the whole-zone rectify), until finishZone, which the engine
   * then always calls. Says what it did, for the journal; undefined when nothing.
   */
  startZone?(zone: string, chunks: number): Promise<string | undefined>;
  /**
   * The run on the zone has ended (done, failed, stopped or waiting): settle what the provider put
   * off during it (PowerDNS: the rectify it turned off for the chunks). Says what it did, for the
   * journal; undefined when there was nothing.
   */
  finishZone?(zone: string): Promise<string | undefined>;
  /** Release sockets, timers and clients. */
  close?(): Promise<void>;
}

/** What `create` gets besides the provider's own block. */
export interface ProviderContext {
  /** The folder of zonesync.yaml: relative paths in the block are read from it. */
  baseDir: string;
}

/**
 * A provider type, as the one table in `src/providers/table.ts` lists it. Light: the config
 * schema and capabilities load with the config; `create` imports the client (and its SDK) when a
 * run first uses a provider of this type.
 */
export interface ProviderModule<T extends string = string, S extends z.ZodType = z.ZodType> {
  /** The `type:` of a provider block in zonesync.yaml. */
  readonly type: T;
  /** Strict: an unknown key is an error with its path. */
  readonly configSchema: S;
  /** What the type serves, with its default settings (the README table is made from this). */
  readonly capabilities: Capabilities;
  /** Build a provider from its checked block; touches no network. */
  create(id: string, config: z.output<S>, context: ProviderContext): Promise<Provider>;
}
