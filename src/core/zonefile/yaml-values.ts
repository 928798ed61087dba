import type { RecordType } from '../model.js';
import { canonicalRdata, txtFromText } from '../rdata.js';
import { urlfwdSettingProblem, urlfwdTextProblem } from '../urlfwd.js';
import type { Position, YNode } from './yaml-tree.js';

/** One octoDNS YAML value (a string, or a map of fields for MX, SRV, CAA, …) to canonical rdata. */
/** A value refused: its first problem, and `more` when several of its fields are bad (each at its own node). */
export type ValueResult = { ok: true; value: string } | { ok: false; reason: string; pos: Position; more?: Array<{ reason: string; pos: Position }> };

export interface ValueNote {
  rule: string;
  reason: string;
  pos: Position;
}

type FieldKind = 'uint' | 'name' | 'hex' | 'text' | 'word' | 'params' | 'decimal' | 'url' | 'setting';

interface Field {
  /** YAML keys that give it; the first one names it in messages. */
  keys: string[];
  kind: FieldKind;
  default?: string;
  optional?: boolean;
  /** Kind `setting`: which URLFWD setting (code, masking, query) it is. */
  setting?: 0 | 1 | 2;
}

const f = (keys: string | string[], kind: FieldKind, extra: Partial<Field> = {}): Field => ({ keys: typeof keys === 'string' ? [keys] : keys, kind, ...extra });

export const STRUCTURED_FIELDS: Partial<Record<RecordType, Field[]>> = {
  MX: [f(['preference', 'priority'], 'uint'), f(['exchange', 'value'], 'name')],
  SRV: [f('priority', 'uint'), f('weight', 'uint'), f('port', 'uint'), f('target', 'name')],
  CAA: [f('flags', 'uint', { default: '0' }), f('tag', 'word'), f('value', 'text')],
  SSHFP: [f('algorithm', 'uint'), f('fingerprint_type', 'uint'), f('fingerprint', 'hex')],
  TLSA: [f('certificate_usage', 'uint'), f('selector', 'uint'), f('matching_type', 'uint'), f('certificate_association_data', 'hex')],
  DS: [f('key_tag', 'uint'), f('algorithm', 'uint'), f('digest_type', 'uint'), f('digest', 'hex')],
  SVCB: [f('svcpriority', 'uint'), f('targetname', 'name'), f('svcparams', 'params', { optional: true })],
  HTTPS: [f('svcpriority', 'uint'), f('targetname', 'name'), f('svcparams', 'params', { optional: true })],
  // octoDNS's own field names (octodns/record/naptr.py, uri.py, loc.py).
  NAPTR: [f('order', 'uint'), f('preference', 'uint'), f('flags', 'text'), f('service', 'text'), f('regexp', 'text'), f('replacement', 'name')],
  URI: [f('priority', 'uint'), f('weight', 'uint'), f('target', 'text')],
  URLFWD: [f('path', 'url'), f('target', 'url'), f('code', 'setting', { setting: 0 }), f('masking', 'setting', { setting: 1 }), f('query', 'setting', { setting: 2 })],
  LOC: [
    f('lat_degrees', 'uint'), f('lat_minutes', 'uint', { default: '0' }), f('lat_seconds', 'decimal', { default: '0' }), f('lat_direction', 'word'),
    f('long_degrees', 'uint'), f('long_minutes', 'uint', { default: '0' }), f('long_seconds', 'decimal', { default: '0' }), f('long_direction', 'word'),
    f('altitude', 'decimal'), f('size', 'decimal', { default: '1' }), f('precision_horz', 'decimal', { default: '10000' }), f('precision_vert', 'decimal', { default: '10' }),
  ],
};

const NAME_TYPES = new Set<RecordType>(['ALIAS', 'CNAME', 'DNAME', 'NS', 'PTR']);

const bad = (reason: string, pos: Position): ValueResult => ({ ok: false, reason, pos });

function describe(node: YNode): string {
  return node.kind === 'map' ? 'a map' : node.kind === 'seq' ? 'a list' : 'a scalar';
}

function canonical(type: RecordType, text: string, origin: string, pos: Position): ValueResult {
  const result = canonicalRdata(type, text, origin);
  return result.ok ? result : bad(result.error, pos);
}

export function octodnsValue(type: RecordType, node: YNode, origin: string, notes: ValueNote[]): ValueResult {
  const fields = STRUCTURED_FIELDS[type];
  if (node.kind === 'map' && fields) return structuredValue(type, fields, node, origin, notes);
  if (node.kind !== 'scalar') return bad(`a value must be ${fields ? 'a map of fields or a string' : 'a string'}, got ${describe(node)}`, node.pos);
  if (node.value === null || node.text === '') return bad('missing value', node.pos);
  const text = node.text;
  if (type === 'TXT' || type === 'SPF') return txtValue(text, origin, node.pos, notes, type);
  if (NAME_TYPES.has(type) && !text.endsWith('.')) return bad(`"${text}" must be a fully qualified name ending in "."`, node.pos);
  return canonical(type, text, origin, node.pos);
}

/** octoDNS TXT: one string, `\;` for `;`, split into 255-byte strings; `"a" "b"` keeps its strings. */
export function txtValue(text: string, origin: string, pos: Position, notes: ValueNote[], type: 'TXT' | 'SPF' = 'TXT'): ValueResult {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return canonical(type, text, origin, pos);
  let unescaped = false;
  if (!text.includes('\\')) {
    if (text.includes(';')) notes.push({ rule: 'txt-unescaped-semicolon', reason: 'unescaped ";" in TXT value (octoDNS wants "\\;")', pos });
    return { ok: true, value: txtFromText(text) };
  }
  let quoted = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return bad('a backslash ends the text', pos);
      quoted += c + next;
      i++;
    } else if (c === '"') quoted += '\\"';
    else {
      if (c === ';') unescaped = true;
      quoted += c;
    }
  }
  if (unescaped) notes.push({ rule: 'txt-unescaped-semicolon', reason: 'unescaped ";" in TXT value (octoDNS wants "\\;")', pos });
  return canonical(type, `${quoted}"`, origin, pos);
}

/** For each structured type: YAML key → [index of its field, rank of the key among the field's keys]. */
const FIELD_OF_KEY = new Map<Field[], Map<string, [number, number]>>(
  Object.values(STRUCTURED_FIELDS).filter((fields) => fields !== undefined).map((fields) => [fields, new Map(fields.flatMap((field, index) => field.keys.map((key, rank) => [key, [index, rank] as [number, number]])))]),
);

function structuredValue(type: RecordType, fields: Field[], node: YNode & { kind: 'map' }, origin: string, notes: ValueNote[]): ValueResult {
  const fieldOf = FIELD_OF_KEY.get(fields) as Map<string, [number, number]>;
  // The value of each field, from the first of its keys that is given (preference before priority).
  const given: Array<YNode | undefined> = new Array<YNode | undefined>(fields.length);
  const rankOf: number[] = [];
  for (const entry of node.entries) {
    const slot = fieldOf.get(entry.key);
    if (!slot) {
      notes.push({ rule: 'unknown-key', reason: `unknown field "${entry.key}" (expected ${fields.map((x) => x.keys[0]).join(', ')})`, pos: entry.keyPos });
      continue;
    }
    const [index, rank] = slot;
    // A key given twice keeps its last value, as a YAML map does.
    if (given[index] === undefined || rank <= (rankOf[index] as number)) {
      given[index] = entry.value;
      rankOf[index] = rank;
    }
  }
  const parts: string[] = [];
  // Every bad field is reported, each at its own node.
  const problems: Array<{ reason: string; pos: Position }> = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as Field;
    const name = field.keys[0] as string;
    const value = given[i];
    if (value === undefined || (value.kind === 'scalar' && value.value === null)) {
      if (field.default !== undefined) parts.push(field.default);
      else if (!field.optional) problems.push({ reason: `missing ${name.replace(/_/g, ' ')}`, pos: value?.pos ?? node.pos });
      continue;
    }
    const part = field.kind === 'params' ? svcParams(value) : fieldText(field, name, value);
    if (typeof part !== 'string') {
      if (!part.ok) problems.push({ reason: part.reason, pos: part.pos });
      continue;
    }
    if (part !== '') parts.push(part);
  }
  const [first, ...more] = problems;
  if (first) return more.length > 0 ? { ok: false, ...first, more } : { ok: false, ...first };
  return canonical(type, parts.join(' '), origin, node.pos);
}

function fieldText(field: Field, name: string, node: YNode): string | ValueResult {
  if (node.kind !== 'scalar') return bad(`${name} must be a scalar, got ${describe(node)}`, node.pos);
  const text = node.text;
  switch (field.kind) {
    case 'uint':
      return /^\d+$/.test(text) ? text : bad(`${name.replace(/_/g, ' ')} "${text}" is not a number`, node.pos);
    case 'name':
      if (!text.endsWith('.')) return bad(`${name} "${text}" must be a fully qualified name ending in "."`, node.pos);
      // A DNS name may hold any octet: spaces and the like go to the canonicaliser escaped.
      return text.replace(/[\s";()]/g, (c) => `\\${String(c.charCodeAt(0)).padStart(3, '0')}`);
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(text) ? text : bad(`${name.replace(/_/g, ' ')} "${text}" is not a number`, node.pos);
    case 'url': {
      const problem = urlfwdTextProblem(name as 'path' | 'target', text);
      return problem ? bad(problem, node.pos) : `"${text.replace(/(["\\])/g, '\\$1')}"`;
    }
    case 'setting': {
      const problem = urlfwdSettingProblem(field.setting as 0 | 1 | 2, text);
      return problem ? bad(problem, node.pos) : String(Number(text));
    }
    case 'hex':
    case 'word':
      return text !== '' && !/[\s"\\;()]/.test(text) ? text : bad(`${name} "${text}" is not valid`, node.pos);
    default:
      return `"${text.replace(/(["\\])/g, '\\$1')}"`;
  }
}

function svcParams(node: YNode): string | ValueResult {
  if (node.kind !== 'map') return bad(`svcparams must be a map, got ${describe(node)}`, node.pos);
  const params: string[] = [];
  for (const entry of node.entries) {
    const value = entry.value;
    let text: string;
    if (value.kind === 'map') return bad(`svcparam ${entry.key} must be a string or a list`, value.pos);
    if (value.kind === 'seq') {
      const items: string[] = [];
      for (const item of value.items) {
        if (item.kind !== 'scalar') return bad(`svcparam ${entry.key} must be a list of strings`, item.pos);
        items.push(item.text);
      }
      text = items.join(',');
    } else if (value.value === null) {
      params.push(entry.key);
      continue;
    } else text = value.text;
    params.push(`${entry.key}=${text.replace(/([\s"\\;()])/g, '\\$1')}`);
  }
  return params.join(' ');
}
