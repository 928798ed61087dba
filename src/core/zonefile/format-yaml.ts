import { isCollection, isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isRecordType, type RecordType } from '../model.js';
import { canonicalRdata } from '../rdata.js';
import { STRUCTURED_FIELDS } from './yaml-values.js';
import { DEFAULT_TTL } from './zone-file.js';

/**
 * An octoDNS YAML zone file in canonical form, as octoDNS's YamlProvider writes one: every
 * mapping's keys in natural order (octoDNS's loader refuses others: `''` first, `2` before `12`),
 * a name's records by type, values sorted, one value under `value` and several under `values`,
 * the default TTL left out, types upper case, names lower case, addresses and host names in
 * canonical form, structured fields by their first name (MX `preference`, not `priority`), block
 * style throughout. Edits go through the `yaml` Document, so comments stay with their nodes.
 */
export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; reason: string };

/** octoDNS's natsort key: text and digit runs alternate, digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const x = a.split(/(\d+)/);
  const y = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    if (p === q) continue;
    if (i % 2 === 1) {
      const diff = BigInt(p) - BigInt(q);
      if (diff !== 0n) return diff < 0n ? -1 : 1;
      // Same number, different zero padding: the shorter first, as natsort keeps it stable.
      return p.length - q.length;
    }
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

const text = (node: unknown): string => (isScalar(node) ? String(node.value ?? '') : '');

function sortPairs(map: YAMLMap, key: (pair: Pair) => string = (pair) => text(pair.key)): void {
  const first = map.items[0];
  const header = first && isScalar(first.key) ? first.key.commentBefore : undefined;
  if (first && isScalar(first.key)) first.key.commentBefore = undefined;
  map.items.sort((a, b) => naturalCompare(key(a), key(b)));
  // A comment above the first key heads the file: it stays on top whichever key comes first.
  const now = map.items[0];
  if (header && now && isScalar(now.key)) now.key.commentBefore = now.key.commentBefore ? `${header}\n${now.key.commentBefore}` : header;
}

function sortDeep(node: unknown): void {
  if (isMap(node)) {
    sortPairs(node);
    for (const pair of node.items) sortDeep(pair.value);
  } else if (isSeq(node)) for (const item of node.items) sortDeep(item);
}

const ADDRESS_OR_NAME = new Set<RecordType>(['A', 'AAAA', 'ALIAS', 'CNAME', 'NS', 'PTR']);

/** What a value sorts by: the scalar, or a structured value's fields in rdata order. */
function valueKey(type: RecordType | undefined, node: unknown): string {
  if (!isMap(node)) return text(node);
  const fields = type ? STRUCTURED_FIELDS[type] : undefined;
  if (!fields) return JSON.stringify(node.toJSON());
  return fields.map((field) => field.keys.map((key) => node.get(key, true)).find((v) => v !== undefined)).map((v) => (v === undefined ? '' : isScalar(v) ? String(v.value) : JSON.stringify(v))).join(' ');
}

/** MX `priority`/`value` → `preference`/`exchange`: each field under its first key, unless that key is given too. */
function renameFields(type: RecordType | undefined, node: unknown): void {
  const fields = type ? STRUCTURED_FIELDS[type] : undefined;
  if (!fields || !isMap(node)) return;
  for (const field of fields) {
    const [first, ...others] = field.keys as [string, ...string[]];
    if (node.has(first)) continue;
    const pair = node.items.find((p) => others.includes(text(p.key)));
    if (pair && isScalar(pair.key)) pair.key.value = first;
  }
}

function normaliseValue(type: RecordType | undefined, node: unknown, origin: string): void {
  renameFields(type, node);
  if (!type || !ADDRESS_OR_NAME.has(type) || !isScalar(node) || typeof node.value !== 'string') return;
  const canonical = canonicalRdata(type, node.value, origin);
  if (canonical.ok && canonical.value !== node.value) node.value = canonical.value;
}

/** Move `from`'s comments onto `to` when `from` is replaced by it. */
function carryComments(from: Node, to: Node): void {
  if (from.commentBefore) to.commentBefore = to.commentBefore ? `${from.commentBefore}\n${to.commentBefore}` : from.commentBefore;
  if (from.comment) to.comment = to.comment ? `${to.comment}\n${from.comment}` : from.comment;
}

function formatRecord(record: YAMLMap, origin: string): void {
  const typeNode = record.get('type', true);
  if (isScalar(typeNode) && typeof typeNode.value === 'string') typeNode.value = typeNode.value.toUpperCase();
  const type = isScalar(typeNode) && typeof typeNode.value === 'string' && isRecordType(typeNode.value) ? typeNode.value : undefined;
  const ttl = record.get('ttl', true);
  if (isScalar(ttl) && /^\d+$/.test(String(ttl.value))) {
    if (Number(ttl.value) === DEFAULT_TTL) record.delete('ttl');
    else if (typeof ttl.value === 'string') ttl.value = Number(ttl.value);
  }
  // Only one of value / values (the reader refuses both): then one value under `value`, several under `values`.
  const valuePair = record.items.find((pair) => text(pair.key) === 'value' || text(pair.key) === 'values');
  if (valuePair && !(record.has('value') && record.has('values'))) {
    let given = valuePair.value as Node | null;
    if (isSeq(given) && given.items.length === 1) {
      const only = given.items[0] as Node;
      carryComments(given, only);
      given = only;
      valuePair.value = only;
    }
    if (isSeq(given)) {
      const seq = given as YAMLSeq;
      seq.items.sort((a, b) => naturalCompare(valueKey(type, a), valueKey(type, b)));
      for (const item of seq.items) normaliseValue(type, item, origin);
    } else normaliseValue(type, given, origin);
    const key = isSeq(given) ? 'values' : 'value';
    if (text(valuePair.key) !== key) valuePair.key = isScalar(valuePair.key) ? Object.assign(valuePair.key, { value: key }) : new Scalar(key);
  }
  formatDynamic(type, record.get('dynamic', true), origin);
  sortDeep(record);
}

/** `dynamic:` as octoDNS keeps it (octodns/record/dynamic.py): pool values canonical and sorted by value, each rule's geos and subnets sorted; the rules keep their order. */
function formatDynamic(type: RecordType | undefined, node: unknown, origin: string): void {
  if (!isMap(node)) return;
  const pools = node.get('pools', true);
  if (isMap(pools)) {
    for (const pair of pools.items) {
      const values = isMap(pair.value) ? pair.value.get('values', true) : undefined;
      if (!isSeq(values)) continue;
      for (const item of values.items) if (isMap(item)) normaliseValue(type, item.get('value', true), origin);
      values.items.sort((a, b) => naturalCompare(text(isMap(a) ? a.get('value', true) : a), text(isMap(b) ? b.get('value', true) : b)));
    }
  }
  const rules = node.get('rules', true);
  if (!isSeq(rules)) return;
  for (const rule of rules.items) {
    if (!isMap(rule)) continue;
    for (const key of ['geos', 'subnets']) {
      const list = rule.get(key, true);
      if (isSeq(list)) list.items.sort((a, b) => naturalCompare(text(a), text(b)));
    }
  }
}

function formatName(pair: Pair, origin: string): void {
  if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value !== pair.key.value.toLowerCase()) pair.key.value = pair.key.value.toLowerCase();
  const value = pair.value;
  if (isMap(value)) formatRecord(value, origin);
  else if (isSeq(value)) {
    for (const item of value.items) if (isMap(item)) formatRecord(item, origin);
    value.items.sort((a, b) => naturalCompare(text(isMap(a) ? a.get('type', true) : undefined), text(isMap(b) ? b.get('type', true) : undefined)));
    // One record at a name is written without the list, as octoDNS does.
    if (value.items.length === 1 && isMap(value.items[0])) {
      const only = value.items[0] as YAMLMap;
      carryComments(value, only);
      pair.value = only;
    }
  }
}

/** `text` (an octoDNS YAML zone file of `origin`) in canonical form; refused when it is not well-formed YAML with a map at the top. */
export function formatYamlZone(input: string, origin: string): FormatResult {
  const doc: Document = parseDocument(input, { uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, reason: (doc.errors[0] as Error).message.split('\n')[0] as string };
  if (doc.contents === null) return { ok: true, text: input, changed: false };
  if (!isMap(doc.contents)) return { ok: false, reason: 'a zone file must be a map from names to records' };
  const root = doc.contents;
  for (const pair of root.items) formatName(pair, origin);
  sortPairs(root);
  // octoDNS writes block style only.
  visit(doc, (_key, node) => {
    if (isCollection(node)) node.flow = false;
  });
  const out = doc.toString({ lineWidth: 0 });
  return { ok: true, text: out, changed: out !== input };
}
