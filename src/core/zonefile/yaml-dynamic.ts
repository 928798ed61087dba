import { canonicalDynamic } from '../dynamic/canonical.js';
import { DYNAMIC_TYPES, type Dynamic, type DynamicPool, type DynamicRule, type DynamicStatus, type DynamicValue } from '../dynamic/model.js';
import { validateDynamic } from '../dynamic/validate.js';
import type { RecordType } from '../model.js';
import { octodnsValue, type ValueNote } from './yaml-values.js';
import { providerHealthchecks, readHealthcheck, type Report } from './yaml-dynamic-health.js';
import { entryOf, positionAt, type Position, type YEntry, type YNode } from './yaml-tree.js';

/**
 * A record's `dynamic:` block in octoDNS's format (pools, rules; health under `octodns.healthcheck`
 * and the provider blocks), read into canonical `RRset.dynamic`. Shapes and values are checked here
 * as they are read; octoDNS's own rules (core/dynamic/validate.ts) then run on the block as written,
 * and each finding is reported at the node it names.
 */

export interface DynamicNote {
  severity: 'error' | 'warning';
  rule: string;
  reason: string;
  pos: Position;
}

const DYNAMIC_KEYS = ['pools', 'rules'];
const POOL_KEYS = ['values', 'fallback'];
const VALUE_KEYS = ['value', 'weight', 'status'];
const RULE_KEYS = ['pool', 'geos', 'subnets'];
const STATUSES: ReadonlySet<string> = new Set(['up', 'down', 'obey']);

type MapNode = YNode & { kind: 'map' };

/**
 * `dynamic` of record `name`/`type`, canonical; undefined when the block has errors (each in
 * `notes`). `octodns` is the record's `octodns:` node, for the health-check settings; `lenient`
 * turns octoDNS's rules into warnings, as octoDNS's `lenient` does.
 */
export function readDynamic(name: string, type: RecordType, field: YEntry, octodns: YNode | undefined, origin: string, lenient: boolean, notes: DynamicNote[]): Dynamic | undefined {
  const error = (rule: string, reason: string, pos: Position): void => void notes.push({ severity: 'error', rule, reason, pos });
  const warn = (rule: string, reason: string, pos: Position): void => void notes.push({ severity: 'warning', rule, reason, pos });
  if (!DYNAMIC_TYPES.has(type)) {
    error('dynamic-type', `dynamic is for A, AAAA and CNAME records only (octoDNS), not ${type}`, field.keyPos);
    return undefined;
  }
  const node = field.value;
  if (node.kind !== 'map') {
    error('bad-structure', 'dynamic must be a map with pools and rules', node.pos);
    return undefined;
  }
  const before = notes.filter((n) => n.severity === 'error').length;
  unknownKeys(node, DYNAMIC_KEYS, 'dynamic', warn);
  const pools = readPools(type, entryOf(node, 'pools'), node, origin, error, warn);
  const rules = readRules(entryOf(node, 'rules'), node, error, warn);
  const healthcheck = readHealthcheck(name, octodns, error, warn);
  if (notes.filter((n) => n.severity === 'error').length > before || !pools || !rules || !healthcheck) return undefined;
  const written: Dynamic = { pools, rules, healthcheck };
  const providerHealthcheck = providerHealthchecks(octodns);
  if (providerHealthcheck) written.providerHealthcheck = providerHealthcheck;
  let failed = false;
  for (const issue of validateDynamic(written)) {
    const at = positionAt(node, issue.path);
    if (lenient) warn(issue.rule, `${issue.message} (lenient: kept as a warning)`, at);
    else {
      error(issue.rule, issue.message, at);
      failed = true;
    }
  }
  return failed ? undefined : canonicalDynamic(name, type, written, origin);
}

function unknownKeys(map: MapNode, known: readonly string[], where: string, warn: Report): void {
  for (const e of map.entries) if (!known.includes(e.key)) warn('unknown-key', `unknown key "${e.key}" in ${where} (expected ${known.join(', ')})`, e.keyPos);
}

function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

function readPools(type: RecordType, field: YEntry | undefined, parent: MapNode, origin: string, error: Report, warn: Report): Record<string, DynamicPool> | undefined {
  if (!field || isNull(field.value)) {
    error('dynamic-missing-pools', 'missing pools', field?.keyPos ?? parent.pos);
    return undefined;
  }
  if (field.value.kind !== 'map') {
    error('bad-structure', 'pools must be a map from pool name to pool', field.value.pos);
    return undefined;
  }
  const pools: Record<string, DynamicPool> = {};
  let ok = true;
  for (const p of field.value.entries) {
    const pool = readPool(type, p, origin, error, warn);
    if (pool) Object.defineProperty(pools, p.key, { value: pool, enumerable: true, writable: true, configurable: true });
    else ok = false;
  }
  return ok ? pools : undefined;
}

function readPool(type: RecordType, p: YEntry, origin: string, error: Report, warn: Report): DynamicPool | undefined {
  if (p.value.kind !== 'map') {
    error('bad-structure', `pool "${p.key}" must be a map with values`, p.value.pos);
    return undefined;
  }
  unknownKeys(p.value, POOL_KEYS, `pool "${p.key}"`, warn);
  const valuesField = entryOf(p.value, 'values');
  const items = valuesField?.value.kind === 'seq' ? valuesField.value.items : undefined;
  if (!items || items.length === 0) {
    error('dynamic-missing-values', `pool "${p.key}" is missing values`, valuesField?.value.pos ?? p.keyPos);
    return undefined;
  }
  const values: DynamicValue[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const value = readPoolValue(type, p.key, i + 1, item, origin, error, warn);
    if (value) values.push(value);
    else ok = false;
  });
  const fallbackField = entryOf(p.value, 'fallback');
  let fallback: string | undefined;
  if (fallbackField && !isNull(fallbackField.value)) {
    const node = fallbackField.value;
    if (node.kind === 'scalar' && typeof node.value === 'string') fallback = node.value;
    else {
      error('bad-structure', `fallback of pool "${p.key}" must be a pool name`, node.pos);
      ok = false;
    }
  }
  if (!ok) return undefined;
  return fallback === undefined ? { values } : { values, fallback };
}

function readPoolValue(type: RecordType, pool: string, n: number, item: YNode, origin: string, error: Report, warn: Report): DynamicValue | undefined {
  const where = `pool "${pool}" value ${n}`;
  if (item.kind !== 'map') {
    error('bad-structure', `${where} must be a map with value, weight and status`, item.pos);
    return undefined;
  }
  unknownKeys(item, VALUE_KEYS, where, warn);
  const valueField = entryOf(item, 'value');
  if (!valueField || isNull(valueField.value)) {
    error('missing-value', `missing value in ${where}`, valueField?.keyPos ?? item.pos);
    return undefined;
  }
  const notes: ValueNote[] = [];
  const value = octodnsValue(type, valueField.value, origin, notes);
  for (const note of notes) warn(note.rule, `${where}: ${note.reason}`, note.pos);
  if (!value.ok) {
    for (const bad of [value, ...(value.more ?? [])]) error('bad-value', `${where}: ${bad.reason}`, bad.pos);
    return undefined;
  }
  let weight = 1;
  const weightField = entryOf(item, 'weight');
  if (weightField) {
    const node = weightField.value;
    const text = node.kind === 'scalar' ? node.text : '';
    // octoDNS takes int(weight): a number or a string of digits.
    if (!/^-?\d+$/.test(text)) {
      error('dynamic-weight', `invalid weight "${text}" in ${where}`, node.pos);
      return undefined;
    }
    weight = Number(text);
  }
  let status: DynamicStatus = 'obey';
  const statusField = entryOf(item, 'status');
  if (statusField) {
    const node = statusField.value;
    const text = node.kind === 'scalar' ? node.text : '';
    if (!STATUSES.has(text)) {
      error('dynamic-status', `invalid status "${text}" in ${where} (expected up, down or obey)`, node.pos);
      return undefined;
    }
    status = text as DynamicStatus;
  }
  return { value: value.value, weight, status };
}

function stringList(field: YEntry | undefined, what: string, rule: number, error: Report): string[] | undefined | false {
  if (!field || isNull(field.value)) return undefined;
  const node = field.value;
  const items = node.kind === 'seq' ? node.items : undefined;
  if (!items) {
    error('bad-structure', `rule ${rule} ${what} must be a list`, node.pos);
    return false;
  }
  const out: string[] = [];
  for (const item of items) {
    if (item.kind !== 'scalar' || item.value === null || typeof item.value === 'boolean') {
      error('bad-structure', `rule ${rule} ${what} must be a list of strings`, item.pos);
      return false;
    }
    out.push(item.text);
  }
  return out;
}

function readRules(field: YEntry | undefined, parent: MapNode, error: Report, warn: Report): DynamicRule[] | undefined {
  if (!field || isNull(field.value)) {
    error('dynamic-missing-rules', 'missing rules', field?.keyPos ?? parent.pos);
    return undefined;
  }
  if (field.value.kind !== 'seq') {
    error('bad-structure', 'rules must be a list', field.value.pos);
    return undefined;
  }
  const rules: DynamicRule[] = [];
  let ok = true;
  field.value.items.forEach((item, i) => {
    const n = i + 1;
    if (item.kind !== 'map') {
      error('bad-structure', `rule ${n} must be a map with pool, geos and subnets`, item.pos);
      ok = false;
      return;
    }
    unknownKeys(item, RULE_KEYS, `rule ${n}`, warn);
    const poolField = entryOf(item, 'pool');
    const pool = poolField?.value;
    if (!pool || pool.kind !== 'scalar' || typeof pool.value !== 'string') {
      error(pool ? 'bad-structure' : 'dynamic-missing-pool', pool ? `rule ${n} invalid pool "${pool.kind === 'scalar' ? pool.text : ''}"` : `rule ${n} missing pool`, pool?.pos ?? item.pos);
      ok = false;
      return;
    }
    const geos = stringList(entryOf(item, 'geos'), 'geos', n, error);
    const subnets = stringList(entryOf(item, 'subnets'), 'subnets', n, error);
    if (geos === false || subnets === false) {
      ok = false;
      return;
    }
    const rule: DynamicRule = { pool: pool.value };
    if (geos && geos.length > 0) rule.geos = geos;
    if (subnets && subnets.length > 0) rule.subnets = subnets.map(withPrefix);
    rules.push(rule);
  });
  return ok ? rules : undefined;
}

/** octoDNS (Python's ip_network) reads an address alone as its one-address network. */
function withPrefix(subnet: string): string {
  if (subnet.includes('/')) return subnet;
  return subnet.includes(':') ? `${subnet}/128` : /^\d+\.\d+\.\d+\.\d+$/.test(subnet) ? `${subnet}/32` : subnet;
}
