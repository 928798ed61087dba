/** The JSON shapes of NS1 API v1 that zonesync reads and writes, and `providerSettings.ns1`. */

export type Ns1Meta = Record<string, unknown>;
export type Ns1Part = string | number;

export interface Ns1Answer {
  id?: string;
  answer: Ns1Part[];
  meta?: Ns1Meta;
  region?: string;
}

export interface Ns1Filter {
  filter: string;
  config?: Record<string, unknown>;
  disabled?: boolean;
}

/** A record as `GET /v1/zones/{zone}/{domain}/{type}` returns it. */
export interface Ns1Record {
  id?: string;
  zone: string;
  domain: string;
  type: string;
  ttl?: number;
  answers: Ns1Answer[];
  filters?: Ns1Filter[];
  meta?: Ns1Meta;
  regions?: Record<string, unknown>;
  use_client_subnet?: boolean;
  link?: string | null;
  tier?: number | string;
}

/** One entry of a zone's `records` list: a summary, without answer meta or filters. */
export interface Ns1RecordSummary {
  id?: string;
  domain: string;
  type: string;
  ttl?: number;
  short_answers?: string[];
  tier?: number | string;
  link?: string | null;
}

export interface Ns1Zone {
  zone: string;
  id?: string;
  ttl?: number;
  nx_ttl?: number;
  retry?: number;
  refresh?: number;
  expiry?: number;
  serial?: number;
  hostmaster?: string;
  primary_master?: string;
  dns_servers?: string[];
  /** True when NS1 signs the zone (GET /zones/{zone}/dnssec then has its keys). */
  dnssec?: boolean;
  records?: Ns1RecordSummary[];
}

/**
 * What a zone file may manage for NS1, under `providerSettings.ns1`. Keys are the API's own fields,
 * plus `answerMeta`: the `meta` of each answer, keyed by canonical value. A key the zone file does
 * not set is never sent, so a filter chain a person set up in the portal survives zonesync.
 */
export interface Ns1Settings {
  filters?: Ns1Filter[];
  meta?: Ns1Meta;
  regions?: Record<string, unknown>;
  use_client_subnet?: boolean;
  answerMeta?: Record<string, Ns1Meta>;
}

/** A data source (`/data/sources`); NS1's own monitors report through one of type `nsone_monitoring`. */
export interface Ns1Source {
  id: string;
  name: string;
  sourcetype: string;
}

/** A data feed of a source; a monitoring feed names its job in `config.jobid`. */
export interface Ns1Feed {
  id: string;
  name: string;
  config: Record<string, unknown>;
}

/** A notify list (`/lists`): a `datafeed` entry sends a job's status to a data source. */
export interface Ns1NotifyList {
  id: string;
  name: string;
  notify_list: Array<{ type: string; config: Record<string, unknown> }>;
}
