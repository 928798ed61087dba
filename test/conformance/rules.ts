import { isGenericType, isRecordType } from '../../src/core/model.js';
import { canonicalRdata, isSplitOfOneText } from '../../src/core/rdata.js';
import type { Capabilities } from '../../src/providers/provider.js';
import { CONFORMANCE_ZONE, type DeclaredRecord } from './scenario.js';

/**
 * Why a provider cannot hold a state, from its capability data alone: the suite skips a transition
 * by these rules, never by a list of provider names. `reason` is the capability data's own words;
 * a rule that fires without one is a gap in the capability table (the coverage test fails on it).
 */
export interface Skip {
  rule: string;
  reason: string | undefined;
}

function recordSkip(capabilities: Capabilities, record: DeclaredRecord): Skip | undefined {
  if (!isRecordType(record.type)) return { rule: `${record.type} unknown to the model`, reason: undefined };
  const support = isGenericType(record.type) ? capabilities.genericTypes : capabilities.types[record.type];
  if (!support?.supported) return { rule: `no ${record.type}`, reason: support?.reason };
  if (record.ttl < capabilities.minTtl) {
    return { rule: `TTL below ${capabilities.minTtl}`, reason: `the smallest TTL it accepts is ${capabilities.minTtl} s (capabilities.minTtl)` };
  }
  if (record.type === 'TXT' && capabilities.txtMultipleStrings === false) {
    const split = record.values.every((v) => {
      const c = canonicalRdata('TXT', v, CONFORMANCE_ZONE);
      return c.ok && isSplitOfOneText(c.value);
    });
    if (!split) return { rule: 'TXT of several character-strings', reason: support.reason };
  }
  // A flattened CNAME stands in for ALIAS only where a CNAME cannot go: the apex.
  if (record.type === 'ALIAS' && record.name !== '' && capabilities.alias === 'flattened-cname') {
    return { rule: 'ALIAS below the apex', reason: support.reason };
  }
  return undefined;
}

/** The first reason the provider cannot hold these records, or undefined when it can. */
export function stateSkip(capabilities: Capabilities, records: DeclaredRecord[]): Skip | undefined {
  for (const record of records) {
    const skip = recordSkip(capabilities, record);
    if (skip) return skip;
  }
  return undefined;
}

/** True when `n` entries end a page, fill one exactly, or start the next. */
export function onPageBoundary(n: number, pageSize: number): boolean {
  const r = n % pageSize;
  return n >= pageSize - 1 && (r === 0 || r === 1 || r === pageSize - 1);
}

/**
 * Zone sizes are the expensive transitions: each runs only where it sits on the provider's read
 * page boundary (what breaks there is pagination), and nowhere for a provider that reads a zone whole.
 */
export function sizeSkip(capabilities: Capabilities, size: number): Skip | undefined {
  const page = capabilities.readPageSize;
  if (page === undefined) return { rule: 'no read pages', reason: 'capabilities.readPageSize absent: it reads a zone in one response, or in pages whose size zonesync does not set' };
  if (size > 0 && !onPageBoundary(size, page)) return { rule: `not a boundary of ${page}`, reason: `reads in pages of ${page} (capabilities.readPageSize): the size is not on a page boundary` };
  return undefined;
}
