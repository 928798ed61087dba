import { signerTypeHint } from '../dnssec.js';
import { RECORD_TYPES, isNotData, isRecordType, typeFromText, type RRset, type RecordType, type Soa, type SourceLocation } from '../model.js';
import { canonicalName, isInZone, zoneName } from '../name.js';
import { formatLocation, type Problem } from '../problem.js';
import { MAX_CHARACTER_STRING, canonicalTokens } from '../rdata.js';
import { rdataToken, type RdataToken } from '../rdata-text.js';
import { NameTypeIndex } from '../rrset-index.js';
import { lexMasterFile, looksLikeTtl, parseTtl, type Entry, type Token } from './rfc1035-tokens.js';
import { parseRange, rangeCount, substitute } from './generate.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { MAX_TTL, ProblemCap, sortProblems, type ZoneFileResult } from './zone-file.js';

/**
 * RFC 1035 master files: $ORIGIN, $TTL, $INCLUDE (files come through `include`, so this stays
 * pure), parentheses, comments, `@`, relative and blank owners, TTL and class in either order.
 * The SOA becomes `zone.soa`; the apex NS rrset is reported (apex NS is `delegate`'s) and kept
 * apart in `apexNameservers`, so the file provider can read back the files it serves.
 * Records of one rrset with different TTLs get the lowest (RFC 2181 §5.2) and a warning.
 */
export type IncludeFile = (path: string, fromFile: string) => IncludedFile | IncludeRefused | undefined;

/** An included file's text; `file` names it in messages, `key` (its real path, when known) tells files apart for cycles. */
export interface IncludedFile {
  text: string;
  file: string;
  key?: string;
}

/** The reader would not read the file (outside the repository, not a regular file, too big…): why, and where in it when the reason has a place. */
export interface IncludeRefused {
  refused: string;
  rule?: string;
  location?: SourceLocation;
}

export interface MasterFileOptions {
  /** How deep $INCLUDEs may nest and how many one zone may read (defaults: DEFAULT_LIMITS). */
  includeDepth?: number;
  includes?: number;
  /** The zone file's key for cycle detection (its real path); `file` when not given. */
  key?: string;
  /** Problems kept of each severity; the rest are counted in `omitted`. */
  maxProblems?: number;
  /** Records all $GENERATE lines together may make (default: DEFAULT_LIMITS). */
  generated?: number;
}

interface FileState {
  file: string;
  key: string;
  origin: string;
  owner: string | undefined;
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS', 'ANY', 'NONE']);

export function parseMasterFile(text: string, file: string, origin: string, include: IncludeFile, options: MasterFileOptions = {}): ZoneFileResult {
  const zone = zoneName(origin);
  const apex = zone.ok ? zone.name : origin;
  const reader = new MasterFileReader(apex, include, options.includeDepth ?? DEFAULT_LIMITS.includeDepth, options.includes ?? DEFAULT_LIMITS.includes, options.maxProblems ?? Infinity);
  reader.maxGenerated = options.generated ?? DEFAULT_LIMITS.generated;
  const key = options.key ?? file;
  if (!zone.ok) reader.problems.push({ severity: 'error', rule: 'bad-name', message: `Invalid zone name "${origin}": ${zone.error}`, location: { file, line: 1, column: 1 } });
  else reader.readFile(text, { file, key, origin: apex, owner: undefined }, [{ file, key }]);
  return reader.result();
}

class MasterFileReader {
  readonly problems: Problem[] = [];
  /** The rrsets read, in the order first seen, and the same by name and type. */
  private readonly rrsets: RRset[] = [];
  private readonly index = new NameTypeIndex<RRset>();
  /** The values of each rrset that has more than one, as a set; made when it gets its second value. */
  private readonly valueSets = new Map<RRset, Set<string>>();
  /** Rrsets whose records disagree on the TTL, already warned about. */
  private readonly ttlWarned = new Set<RRset>();
  private soa: Soa | undefined;
  private defaultTtl: number | undefined;
  private lastTtl: number | undefined;
  /** $INCLUDEs read so far, all files together. */
  private included = 0;
  /** Records $GENERATE made so far, and the most it may make. */
  private generated = 0;
  maxGenerated: number = DEFAULT_LIMITS.generated;
  private readonly cap: ProblemCap;

  constructor(
    private readonly zone: string,
    private readonly include: IncludeFile,
    private readonly maxDepth: number,
    private readonly maxIncludes: number,
    maxProblems: number,
  ) {
    this.cap = new ProblemCap(this.problems, maxProblems);
  }

  result(): ZoneFileResult {
    const rrsets: RRset[] = [];
    let apexNameservers: RRset | undefined;
    for (const rrset of this.rrsets) {
      rrset.values.sort();
      if (rrset.type === 'NS' && rrset.name === this.zone) {
        apexNameservers = rrset;
        this.warn('apex-ns-ignored', `Record "${rrset.name}" NS: apex NS is handled by "delegate", ignored`, rrset.source as SourceLocation, `${rrset.name} NS`);
      } else rrsets.push(rrset);
    }
    const result: ZoneFileResult = { zone: { name: this.zone, rrsets, ...(this.soa ? { soa: this.soa } : {}) }, problems: sortProblems(this.problems) };
    if (apexNameservers) result.apexNameservers = apexNameservers;
    const omitted = this.cap.result();
    if (omitted) result.omitted = omitted;
    return result;
  }

  private error(rule: string, message: string, location: SourceLocation, record?: string): void {
    this.cap.add({ severity: 'error', rule, message, location, ...(record ? { record } : {}) });
  }

  private warn(rule: string, message: string, location: SourceLocation, record?: string): void {
    this.cap.add({ severity: 'warning', rule, message, location, ...(record ? { record } : {}) });
  }

  readFile(text: string, state: FileState, stack: Array<{ file: string; key: string }>): void {
    const problems = lexMasterFile(text, (entry) => {
      const first = entry.tokens[0] as Token;
      if (!entry.blankOwner && !first.quoted && first.text.startsWith('$')) this.directive(entry, state, stack);
      else this.record(entry, state);
    });
    for (const p of problems) this.error('syntax', p.message, { file: state.file, line: p.line, column: p.column });
  }

  private at(state: FileState, token: Token): SourceLocation {
    return { file: state.file, line: token.line, column: token.column };
  }

  private name(text: string, state: FileState, token: Token): string | undefined {
    const result = canonicalName(text, state.origin);
    if (!result.ok) {
      this.error('bad-name', `Invalid name "${text}": ${result.error}`, this.at(state, token));
      return undefined;
    }
    return result.name;
  }

  private directive(entry: Entry, state: FileState, stack: Array<{ file: string; key: string }>): void {
    const [keyword, argument, extra] = entry.tokens as [Token, Token | undefined, Token | undefined];
    const what = keyword.text.toUpperCase();
    if (what === '$GENERATE') return this.generate(entry, state);
    if (what !== '$ORIGIN' && what !== '$TTL' && what !== '$INCLUDE') {
      this.error('bad-directive', `unknown directive "${keyword.text}" (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE)`, this.at(state, keyword));
      return;
    }
    if (!argument) {
      this.error('bad-directive', `${what} needs an argument`, this.at(state, keyword));
      return;
    }
    if (what === '$ORIGIN') {
      const origin = this.name(argument.text, state, argument);
      if (origin) state.origin = origin;
    } else if (what === '$TTL') {
      const ttl = this.ttl(argument, state);
      if (ttl !== undefined) this.defaultTtl = ttl;
    } else {
      // Checked before the file is asked for, so a refused include reads nothing.
      if (stack.length > this.maxDepth) {
        this.error('include-limit', `$INCLUDE "${argument.text}" nests deeper than ${this.maxDepth} files (limits.includeDepth)`, this.at(state, argument));
        return;
      }
      if (this.included >= this.maxIncludes) {
        this.error('include-limit', `$INCLUDE "${argument.text}": the zone already read ${this.maxIncludes} included files (limits.includes)`, this.at(state, argument));
        return;
      }
      this.included++;
      const included = this.include(argument.text, state.key);
      if (!included) {
        this.error('include-missing', `cannot read included file "${argument.text}"`, this.at(state, argument));
        return;
      }
      if ('refused' in included) {
        this.error(included.rule ?? 'include-refused', `$INCLUDE "${argument.text}" refused: ${included.refused}`, included.location ?? this.at(state, argument));
        return;
      }
      const key = included.key ?? included.file;
      if (stack.some((s) => s.key === key)) {
        this.error('include-cycle', `include cycle: ${[...stack.map((s) => s.file), included.file].join(' → ')}`, this.at(state, argument));
        return;
      }
      const origin = extra ? this.name(extra.text, state, extra) : state.origin;
      if (origin === undefined) return;
      // RFC 1035 §5.1: an included file never changes the parent's origin or current owner.
      this.readFile(included.text, { file: included.file, key, origin, owner: state.owner }, [...stack, { file: included.file, key }]);
    }
  }

  /** `$GENERATE range lhs [ttl] [class] type rhs`: each counter value becomes one record line (generate.ts). */
  private generate(entry: Entry, state: FileState): void {
    const [keyword, rangeToken, lhs, ...rest] = entry.tokens as [Token, Token | undefined, Token | undefined, ...Token[]];
    const rhs = rest[rest.length - 1];
    if (!rangeToken || !lhs || !rhs || rest.length < 2) {
      this.error('bad-directive', '$GENERATE needs "range lhs [ttl] [class] type rhs"', this.at(state, keyword));
      return;
    }
    const range = parseRange(rangeToken.text);
    if (!range.ok) return this.error('bad-directive', `$GENERATE ${range.error}`, this.at(state, rangeToken));
    const count = rangeCount(range);
    if (this.generated + count > this.maxGenerated) {
      this.error('generate-limit', `$GENERATE ${rangeToken.text} would make more than ${this.maxGenerated} records in the zone (limits.generated)`, this.at(state, rangeToken));
      return;
    }
    this.generated += count;
    const owner = state.owner;
    for (let value = range.start; value <= range.stop; value += range.step) {
      const name = substitute(lhs.text, value);
      const data = substitute(rhs.text, value);
      if (!name.ok || !data.ok) return this.error('bad-directive', `$GENERATE: ${name.ok ? (data as { error: string }).error : name.error}`, this.at(state, name.ok ? rhs : lhs));
      const tokens = [{ ...lhs, text: name.text }, ...rest.slice(0, -1), { ...rhs, text: data.text }];
      if (!this.record({ tokens, blankOwner: false }, state)) return;
    }
    // BIND: $GENERATE leaves the current owner as it was.
    state.owner = owner;
  }

  private ttl(token: Token, state: FileState): number | undefined {
    const ttl = parseTtl(token.text);
    if (ttl === undefined || ttl > MAX_TTL) {
      this.error('bad-ttl', `TTL "${token.text}" is not a number of seconds from 0 to ${MAX_TTL}`, this.at(state, token));
      return undefined;
    }
    return ttl;
  }

  /** Read one record line; false when it was refused. */
  private record(entry: Entry, state: FileState): boolean {
    const tokens = entry.tokens;
    let index = 0;
    let owner: string | undefined;
    const first = tokens[0] as Token;
    if (entry.blankOwner) {
      owner = state.owner;
      if (owner === undefined) {
        this.error('syntax', 'a record with no owner name before any owner was given', this.at(state, first));
        return false;
      }
    } else {
      index = 1;
      owner = first.text === '@' ? state.origin : this.name(first.text, state, first);
      if (owner === undefined) return false;
      state.owner = owner;
      if (!isInZone(owner, this.zone)) {
        this.error('bad-name', `Invalid name "${first.text}": ${owner} is outside the zone ${this.zone}`, this.at(state, first));
        return false;
      }
    }
    let ttl: number | undefined;
    let failed = false;
    for (let k = 0; k < 2 && index < tokens.length; k++) {
      const token = tokens[index] as Token;
      if (token.quoted) break;
      const c = token.text.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        // A TTL starts with a digit; a class never does.
        if (!looksLikeTtl(token.text)) break;
        ttl = this.ttl(token, state);
        if (ttl === undefined) failed = true;
        else this.lastTtl = ttl;
      } else {
        const upper = token.text === 'IN' ? 'IN' : token.text.toUpperCase();
        if (!CLASSES.has(upper) && !/^CLASS\d+$/.test(upper)) break;
        // RFC 3597 §5: CLASS1 is IN.
        if (upper !== 'IN' && upper !== 'CLASS1') {
          this.error('bad-class', `class ${token.text} is not supported (only IN)`, this.at(state, token));
          failed = true;
        }
      }
      index++;
    }
    const typeToken = tokens[index];
    if (!typeToken) {
      this.error('syntax', `Invalid record "${owner}": missing type`, this.at(state, tokens[tokens.length - 1] as Token));
      return false;
    }
    const type = typeFromText(typeToken.text);
    const rdata = tokens.slice(index + 1);
    if (type === 'SOA') {
      if (!failed) this.readSoa(owner, ttl, rdata, state, typeToken);
      return !failed;
    }
    if (type === 'URLFWD') {
      this.error('unknown-type', `Invalid record "${owner}": URLFWD is an HTTP redirect a provider serves (octoDNS, NS1), not a DNS record type, and has no master-file form; declare it in an octoDNS YAML zone file`, this.at(state, typeToken));
      return false;
    }
    if (type === undefined || !isRecordType(type)) {
      const why = type === undefined ? `unknown type "${typeToken.text}" (supported: ${RECORD_TYPES.filter((t) => t !== 'URLFWD').join(', ')} and RFC 3597 TYPEnnn)` : (signerTypeHint(type) ?? (isNotData(type) ? `type ${type} is not zone data zonesync manages` : `unknown type "${typeToken.text}"`));
      this.error('unknown-type', `Invalid record "${owner}": ${why}`, this.at(state, typeToken));
      return false;
    }
    // The lexer's tokens go to the canonicaliser as they are: no joining into text and lexing again.
    const fields: RdataToken[] = [];
    for (const t of rdata) {
      const token = rdataToken(t.text, t.quoted);
      if (!token.ok) {
        this.error('bad-value', `Invalid record "${owner}" ${type}: ${token.error}`, this.at(state, t), `${owner} ${type}`);
        return false;
      }
      fields.push(token.token);
    }
    // RFC 4035 §2.4: DS belongs to the parent side of a cut, never at the apex of this zone; BIND refuses it there.
    if (type === 'DS' && owner === this.zone) {
      this.error('bad-name', `Invalid record "${owner}" DS: a DS rrset at the zone apex belongs in the parent zone`, this.at(state, typeToken), `${owner} ${type}`);
      return false;
    }
    // RFC 4592 §4.2: NS at a wildcard owner is not a delegation; BIND refuses it.
    if (type === 'NS' && owner.startsWith('*.')) {
      this.error('bad-name', `Invalid record "${owner}" NS: an NS rrset may not be owned by a wildcard (RFC 4592 §4.2)`, this.at(state, entry.blankOwner ? typeToken : first), `${owner} ${type}`);
      return false;
    }
    // BIND refuses a TXT or SPF character-string longer than 255 bytes; the canonicaliser would cut it.
    const long = type === 'TXT' || type === 'SPF' ? fields.findIndex((f) => f.bytes.length > MAX_CHARACTER_STRING) : -1;
    if (long >= 0) {
      const bytes = (fields[long] as RdataToken).bytes.length;
      this.error('bad-value', `Invalid record "${owner}" ${type}: a character-string of ${bytes} bytes is longer than ${MAX_CHARACTER_STRING} (RFC 1035 §3.3); write it as several quoted strings`, this.at(state, rdata[long] as Token), `${owner} ${type}`);
      return false;
    }
    const value = canonicalTokens(type, fields, state.origin);
    if (!value.ok) {
      this.error('bad-value', `Invalid record "${owner}" ${type}: ${value.error}`, this.at(state, rdata[value.at ?? 0] ?? rdata[0] ?? typeToken), `${owner} ${type}`);
      return false;
    }
    const effective = ttl ?? this.defaultTtl ?? this.lastTtl ?? this.soa?.minimum;
    if (effective === undefined) {
      this.error('bad-ttl', `Invalid record "${owner}" ${type}: no TTL, no $TTL and no SOA before it`, this.at(state, typeToken), `${owner} ${type}`);
      return false;
    }
    if (!failed) this.add(owner, type, effective, value.value, entry.blankOwner ? typeToken : first, rdata[0] ?? typeToken, state);
    return !failed;
  }

  private add(name: string, type: RecordType, ttl: number, value: string, sourceToken: Token, valueToken: Token, state: FileState): void {
    const created: RRset = { name, type, ttl, values: [value], source: this.at(state, sourceToken) };
    const rrset = this.index.add(created);
    if (!rrset) {
      this.rrsets.push(created);
      return;
    }
    if (ttl !== rrset.ttl && !this.ttlWarned.has(rrset)) {
      this.ttlWarned.add(rrset);
      this.warn('ttl-mismatch', `Record "${name}" ${type}: TTL ${ttl} differs from the TTL ${rrset.ttl} of the same rrset at ${formatLocation(rrset.source)}; the lowest is used (RFC 2181)`, this.at(state, sourceToken), `${name} ${type}`);
    }
    if (ttl < rrset.ttl) rrset.ttl = ttl;
    let seen = this.valueSets.get(rrset);
    if (!seen) {
      seen = new Set(rrset.values);
      this.valueSets.set(rrset, seen);
    }
    if (seen.has(value)) {
      this.warn('duplicate-value', `Record "${name}" ${type}: value ${value} is given twice, kept once`, this.at(state, valueToken), `${name} ${type}`);
      return;
    }
    seen.add(value);
    rrset.values.push(value);
  }

  private readSoa(owner: string, ttl: number | undefined, rdata: Token[], state: FileState, typeToken: Token): void {
    const where = this.at(state, rdata[0] ?? typeToken);
    const fail = (message: string, at = where): void => this.error('bad-value', `Invalid record "${owner}" SOA: ${message}`, at, `${owner} SOA`);
    if (owner !== this.zone) return fail(`SOA belongs at the apex ${this.zone}`, this.at(state, typeToken));
    if (this.soa) return fail('a second SOA', this.at(state, typeToken));
    if (rdata.length !== 7) return fail(`expected "mname rname serial refresh retry expire minimum", got ${rdata.length} fields`);
    const [mnameToken, rnameToken, ...numbers] = rdata as [Token, Token, ...Token[]];
    const mname = this.name(mnameToken.text, state, mnameToken);
    const rname = canonicalName(rnameToken.text, state.origin);
    // A mailbox may have an escaped dot in its local part (john\.doe.example.com.): keep it as written.
    const rnameText = rname.ok ? rname.name : rnameToken.text.includes('\\.') ? rnameToken.text.toLowerCase() : undefined;
    if (rnameText === undefined) return fail(`rname "${rnameToken.text}" is not a mailbox name`, this.at(state, rnameToken));
    const fields: number[] = [];
    for (const [i, token] of numbers.entries()) {
      const n = i === 0 ? (/^\d+$/.test(token.text) ? Number(token.text) : undefined) : parseTtl(token.text);
      if (n === undefined || n > 4294967295) return fail(`${['serial', 'refresh', 'retry', 'expire', 'minimum'][i]} "${token.text}" is not a number`, this.at(state, token));
      fields.push(n);
    }
    if (mname === undefined) return;
    const [serial, refresh, retry, expire, minimum] = fields as [number, number, number, number, number];
    this.soa = { mname, rname: rnameText, serial, refresh, retry, expire, minimum, ttl: ttl ?? this.defaultTtl ?? this.lastTtl ?? minimum };
  }
}
