import { signerTypeHint } from '../dnssec.js';
import { RECORD_TYPES, isRecordType, type OctodnsFlags, type RRset, type RecordType, type SourceLocation } from '../model.js';
import { canonicalName, isInZone, zoneName } from '../name.js';
import { formatLocation, type Problem } from '../problem.js';
import { NameTypeIndex } from '../rrset-index.js';
import type { Dynamic } from '../dynamic/model.js';
import { readDynamic, type DynamicNote } from './yaml-dynamic.js';
import { octodnsValue, type ValueNote, type ValueResult } from './yaml-values.js';
import { DEFAULT_TTL, MAX_TTL, ProblemCap, sortProblems, type ZoneFileResult } from './zone-file.js';
import { readYamlTree, toPlain, type Position, type ReadYamlOptions, type YamlPackageReader, type YamlRead, type YEntry, type YNode } from './yaml-tree.js';

/**
 * The octoDNS YAML zone format: a map from relative name (`''` for the apex) to one record or a
 * list of records, each `{ type, ttl?, value | values, octodns? }`. Every problem found is
 * reported, each with the line and column of the node it is about. The zone's rrsets keep the
 * order of the file; SOA and apex NS are the provider's and `delegate`'s (DESIGN.md), so they
 * are reported and left out.
 */
const RECORD_KEYS = ['type', 'ttl', 'value', 'values', 'octodns', 'dynamic'];

/**
 * octoDNS's deprecated `geo:` (octodns/record/geo.py): values per geo code, the most specific code
 * answering, `values` for everyone else. It has no exact `dynamic` form (a pool answers one of its
 * values per query, by weight, and health-checks them), and octoDNS serves only `values` where a
 * provider lacks geo support; zonesync refuses it rather than do either silently.
 */
const GEO_REFUSED =
  '"geo" (octoDNS\'s deprecated GeoDNS: values per geo code, "values" elsewhere) is neither served nor dropped; write it as "dynamic": ' +
  'a pool per code, rules from the most specific code to the least, a last rule without geos to a pool of "values" (a pool answers one value per query, health-checked unless status: up)';

type RecordFields = Partial<Record<'type' | 'ttl' | 'value' | 'values' | 'octodns' | 'dynamic', YEntry>>;

export interface YamlZoneOptions {
  /** limits.yamlAliases (the yaml package's default when left out). */
  maxAliases?: number;
  /** limits.problems: problems kept of each severity; the rest are counted. */
  maxProblems?: number;
}

/**
 * Read an octoDNS YAML zone through readYamlTree: a file the fast reader takes is read one name
 * at a time as it streams; one it declines is read from the `yaml` package's tree. Without
 * `yamlPackage` that package is loaded only then (a promise); with it, synchronously.
 */
export function readYamlZone(text: string, file: string, origin: string, options: YamlZoneOptions, yamlPackage: YamlPackageReader): ZoneFileResult;
export function readYamlZone(text: string, file: string, origin: string, options?: YamlZoneOptions): Promise<ZoneFileResult>;
export function readYamlZone(text: string, file: string, origin: string, options: YamlZoneOptions = {}, yamlPackage?: YamlPackageReader): ZoneFileResult | Promise<ZoneFileResult> {
  const zone = zoneName(origin);
  const streaming = zone.ok ? new YamlZoneReader(file, zone.name, [], options.maxProblems) : undefined;
  const treeOptions: ReadYamlOptions = { ...(options.maxAliases !== undefined ? { maxAliases: options.maxAliases } : {}), ...(streaming ? { onEntry: (entry: YEntry) => streaming.readEntry(entry) } : {}) };
  const finish = (read: YamlRead): ZoneFileResult => {
    if (streaming && read.streamed) return streaming.result();
    // Entries the fast reader streamed before it declined are dropped with `streaming`.
    const reader = new YamlZoneReader(file, zone.ok ? zone.name : origin, read.problems, options.maxProblems);
    if (!zone.ok) reader.problem('error', 'bad-name', `Invalid zone name "${origin}": ${zone.error}`, { line: 1, column: 1 });
    else if (read.root) reader.read(read.root);
    return reader.result();
  };
  return yamlPackage ? finish(readYamlTree(text, file, treeOptions, yamlPackage)) : readYamlTree(text, file, treeOptions).then(finish);
}

export class YamlZoneReader {
  readonly rrsets: RRset[] = [];
  apexNameservers: RRset | undefined;
  /** Where each rrset was first declared. */
  private readonly seen = new NameTypeIndex<{ name: string; type: RecordType; at: Position }>();
  private readonly cap: ProblemCap;

  constructor(
    private readonly file: string,
    private readonly origin: string,
    readonly problems: Problem[],
    maxProblems = Infinity,
  ) {
    this.cap = new ProblemCap(problems, maxProblems);
  }

  problem(severity: Problem['severity'], rule: string, message: string, pos: Position, record?: string): void {
    // A warning does not make the record invalid.
    const text = severity === 'warning' ? message.replace(/^Invalid record/, 'Record') : message;
    this.cap.add({ severity, rule, message: text, location: this.at(pos), ...(record ? { record } : {}) });
  }

  private at(pos: Position): SourceLocation {
    return { file: this.file, line: pos.line, column: pos.column };
  }

  result(): ZoneFileResult {
    const result: ZoneFileResult = { zone: { name: this.origin, rrsets: this.rrsets }, problems: sortProblems(this.problems) };
    if (this.apexNameservers) result.apexNameservers = this.apexNameservers;
    const omitted = this.cap.result();
    if (omitted) result.omitted = omitted;
    return result;
  }

  read(root: YNode): void {
    if (root.kind !== 'map') {
      this.problem('error', 'bad-structure', 'a zone file must be a map from names to records', root.pos);
      return;
    }
    for (const entry of root.entries) this.readEntry(entry);
  }

  /** One name of the zone and its record(s). */
  readEntry(entry: YEntry): void {
    const name = this.name(entry);
    if (name === undefined) return;
    if (entry.value.kind === 'seq') {
      for (const item of entry.value.items) this.readRecord(name, item, entry.keyPos, item.pos);
    } else this.readRecord(name, entry.value, entry.keyPos, entry.keyPos);
  }

  private name(entry: YEntry): string | undefined {
    if (entry.key === '') return this.origin;
    const result = canonicalName(entry.key, this.origin);
    if (!result.ok) {
      this.problem('error', 'bad-name', `Invalid name "${entry.key}": ${result.error}`, entry.keyPos);
      return undefined;
    }
    if (!isInZone(result.name, this.origin)) {
      this.problem('error', 'bad-name', `Invalid name "${entry.key}": not inside ${this.origin}`, entry.keyPos);
      return undefined;
    }
    return result.name;
  }

  private readRecord(name: string, node: YNode, keyPos: Position, declaredAt: Position): void {
    if (node.kind !== 'map') {
      this.problem('error', 'bad-structure', `Invalid record "${name}": expected a map with type and value(s)`, node.pos);
      return;
    }
    const fields: RecordFields = {};
    let geo: YEntry | undefined;
    for (const field of node.entries) {
      if (RECORD_KEYS.includes(field.key)) fields[field.key as keyof RecordFields] = field;
      else if (field.key === 'geo') geo = field;
      else this.problem('warning', 'unknown-key', `Invalid record "${name}": unknown key "${field.key}" (expected ${RECORD_KEYS.join(', ')})`, field.keyPos);
    }
    const type = this.type(name, node, fields.type);
    if (type === undefined) return;
    const record = `${name} ${type}`;
    const label = `Invalid record "${name}" ${type}`;
    let failed = false;
    if (geo) {
      this.problem('error', 'octodns-geo', `${label}: ${GEO_REFUSED}`, geo.keyPos, record);
      failed = true;
    }
    const ttl = this.ttl(label, record, fields.ttl);
    if (ttl === undefined) failed = true;
    const values = this.values(label, record, type, node, fields);
    if (values === undefined) failed = true;
    const flags = fields.octodns ? this.octodnsFlags(label, record, fields.octodns) : undefined;
    const dynamic = fields.dynamic ? this.dynamic(name, type, label, record, fields.dynamic, fields.octodns, flags?.lenient === true) : undefined;
    if (dynamic === null) failed = true;
    // A steered record's health settings belong to its `dynamic`, not to the provider settings the diff compares.
    const providerSettings = this.providerSettings(label, record, fields.octodns, fields.dynamic !== undefined);

    const first = this.seen.add({ name, type, at: declaredAt });
    if (first) {
      this.problem('error', 'duplicate-rrset', `${label}: defined twice (first at ${formatLocation(this.at(first.at))})`, declaredAt, record);
      return;
    }
    if (failed || values === undefined || ttl === undefined) return;
    const rrset: RRset = { name, type, ttl, values, source: this.at(keyPos) };
    if (providerSettings) rrset.providerSettings = providerSettings;
    if (flags) rrset.octodns = flags;
    if (dynamic) rrset.dynamic = dynamic;
    if (type === 'NS' && name === this.origin) this.apexNameservers = rrset;
    else this.rrsets.push(rrset);
  }

  private type(name: string, record: YNode, field: YEntry | undefined): RecordType | undefined {
    if (!field) {
      this.problem('error', 'missing-type', `Invalid record "${name}": missing type`, record.pos);
      return undefined;
    }
    const node = field.value;
    const text = node.kind === 'scalar' ? node.text.toUpperCase() : '';
    if (text === 'SOA') {
      this.problem('warning', 'soa-ignored', `Invalid record "${name}" SOA: SOA belongs to the provider, ignored`, node.pos, `${name} SOA`);
      return undefined;
    }
    if (!isRecordType(text)) {
      const hint = signerTypeHint(text) ? `: ${signerTypeHint(text)}` : ` (supported: ${RECORD_TYPES.join(', ')} and RFC 3597 TYPEnnn)`;
      this.problem('error', 'unknown-type', `Invalid record "${name}": unknown type "${node.kind === 'scalar' ? node.text : ''}"${hint}`, node.pos);
      return undefined;
    }
    // The same two placement rules the master-file reader applies (BIND refuses both).
    if (text === 'DS' && name === this.origin) {
      this.problem('error', 'bad-name', `Invalid record "${name}" DS: a DS rrset at the zone apex belongs in the parent zone`, node.pos, `${name} DS`);
      return undefined;
    }
    if (text === 'NS' && name.startsWith('*.')) {
      this.problem('error', 'bad-name', `Invalid record "${name}" NS: an NS rrset may not be owned by a wildcard (RFC 4592 §4.2)`, node.pos, `${name} NS`);
      return undefined;
    }
    if (text === 'NS' && name === this.origin) {
      this.problem('warning', 'apex-ns-ignored', `Invalid record "${name}" NS: apex NS is handled by "delegate", ignored`, node.pos, `${name} NS`);
    }
    return text;
  }

  private ttl(label: string, record: string, field: YEntry | undefined): number | undefined {
    if (!field) return DEFAULT_TTL;
    const node = field.value;
    const text = node.kind === 'scalar' ? node.text : '';
    const ttl = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(ttl <= MAX_TTL)) {
      this.problem('error', 'bad-ttl', `${label}: ttl "${text}" is not an integer from 0 to ${MAX_TTL}`, node.pos, record);
      return undefined;
    }
    return ttl;
  }

  private values(label: string, record: string, type: RecordType, node: YNode, fields: RecordFields): string[] | undefined {
    const value = fields.value;
    const values = fields.values;
    if (value && values) {
      this.problem('error', 'bad-structure', `${label}: give "value" or "values", not both`, values.keyPos, record);
      return undefined;
    }
    const given = (value ?? values)?.value;
    const items = given === undefined ? [] : given.kind === 'seq' ? given.items : given.kind === 'scalar' && given.value === null ? [] : [given];
    if (items.length === 0) {
      this.problem('error', 'missing-value', `${label}: missing value(s)`, (value ?? values)?.keyPos ?? node.pos, record);
      return undefined;
    }
    const notes: ValueNote[] = [];
    if (items.length === 1) {
      // One value (most rrsets): no set, no sort.
      const item = items[0] as YNode;
      const result = octodnsValue(type, item, this.origin, notes);
      if (!result.ok) this.badValue(label, record, result);
      for (const note of notes) this.problem('warning', note.rule, `${label}: ${note.reason}`, note.pos, record);
      return result.ok ? [result.value] : undefined;
    }
    const out = new Set<string>();
    let failed = false;
    for (const item of items) {
      const result = octodnsValue(type, item, this.origin, notes);
      if (!result.ok) {
        this.badValue(label, record, result);
        failed = true;
      } else if (out.has(result.value)) {
        this.problem('warning', 'duplicate-value', `${label}: value ${result.value} is given twice, kept once`, item.pos, record);
      } else out.add(result.value);
    }
    for (const note of notes) this.problem('warning', note.rule, `${label}: ${note.reason}`, note.pos, record);
    return failed ? undefined : [...out].sort();
  }

  /** A value's problems: each bad field at its own node. */
  private badValue(label: string, record: string, result: ValueResult & { ok: false }): void {
    for (const bad of [result, ...(result.more ?? [])]) this.problem('error', 'bad-value', `${label}: ${bad.reason}`, bad.pos, record);
  }

  /** The record's `dynamic`, canonical; null when the block has errors (reported). */
  private dynamic(name: string, type: RecordType, label: string, record: string, field: YEntry, octodns: YEntry | undefined, lenient: boolean): Dynamic | null {
    const notes: DynamicNote[] = [];
    const dynamic = readDynamic(name, type, field, octodns?.value, this.origin, lenient, notes);
    for (const note of notes) this.problem(note.severity, note.rule, `${label}: ${note.reason}`, note.pos, record);
    return dynamic ?? null;
  }

  private providerSettings(label: string, record: string, field: YEntry | undefined, steered: boolean): RRset['providerSettings'] {
    if (!field) return undefined;
    if (field.value.kind !== 'map') {
      this.problem('error', 'bad-structure', `${label}: "octodns" must be a map of provider settings`, field.value.pos, record);
      return undefined;
    }
    const settings: Record<string, Record<string, unknown>> = {};
    for (const entry of field.value.entries) {
      if (OCTODNS_FLAGS.has(entry.key) || (steered && entry.key === 'healthcheck')) continue;
      if (entry.value.kind === 'map') {
        const block = toPlain(entry.value) as Record<string, unknown>;
        if (steered) delete block.healthcheck;
        if (!steered || Object.keys(block).length > 0) settings[entry.key] = block;
      }
      else this.problem('warning', 'unknown-key', `${label}: octodns.${entry.key} is not supported by zonesync, ignored`, entry.keyPos, record);
    }
    return Object.keys(settings).length > 0 ? settings : undefined;
  }

  /** `ignored`, `lenient` (booleans) and `excluded`, `included` (lists of provider ids), as octoDNS reads them. */
  private octodnsFlags(label: string, record: string, field: YEntry): OctodnsFlags | undefined {
    if (field.value.kind !== 'map') return undefined;
    const flags: OctodnsFlags = {};
    for (const entry of field.value.entries) {
      const node = entry.value;
      if (entry.key === 'ignored' || entry.key === 'lenient') {
        if (node.kind === 'scalar' && typeof node.value === 'boolean') flags[entry.key] = node.value;
        else this.problem('error', 'bad-value', `${label}: octodns.${entry.key} must be true or false`, node.pos, record);
      } else if (entry.key === 'excluded' || entry.key === 'included') {
        const ids = node.kind === 'seq' ? node.items.map((item) => (item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined)) : [undefined];
        if (ids.every((id): id is string => id !== undefined)) flags[entry.key] = ids;
        else this.problem('error', 'bad-value', `${label}: octodns.${entry.key} must be a list of provider ids`, node.pos, record);
      }
    }
    return Object.keys(flags).length > 0 ? flags : undefined;
  }
}

const OCTODNS_FLAGS: ReadonlySet<string> = new Set(['ignored', 'excluded', 'included', 'lenient']);
