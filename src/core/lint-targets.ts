import type { RRset, Zone } from './model.js';
import { isInZone, parentName } from './name.js';
import type { NameTypeIndex } from './rrset-index.js';
import type { Problem } from './problem.js';
import { pointedName, problem, type LintRule } from './lint-rule.js';

/**
 * Names this zone points at that it does not hold. For MX, SRV and NS, the checks of
 * named-checkzone's check-integrity (on by default for a primary zone), which the differential
 * test in test/zonefile/lint-targets.test.ts compares with: an in-zone target with no A or AAAA
 * ("has no address records"), a target that is a CNAME (RFC 2181 §10.3, "is a CNAME
 * (illegal)"), and a delegation whose nameserver lies inside it with no glue ("has no REQUIRED
 * GLUE address records"). For CNAME and ALIAS, one named does not make: an in-zone target that
 * does not exist (resolvers get NXDOMAIN) or holds no records (NODATA).
 *
 * A name answered by a wildcard exists (RFC 4592: the closest encloser's `*` child). Names at or
 * below a delegation other than the record's own, and below a DNAME, are another zone's to
 * answer and are not judged; neither are targets outside this zone. A null MX or SRV target
 * (".", RFC 7505 and RFC 2782) points nowhere on purpose.
 */

type Kind = 'host' | 'alias';

interface Pointer {
  kind: Kind;
  /** How the message names the target: "the mail exchange", "the nameserver", … */
  role: string;
}

const POINTERS: Partial<Record<RRset['type'], Pointer>> = {
  MX: { kind: 'host', role: 'the mail exchange' },
  SRV: { kind: 'host', role: 'the SRV target' },
  NS: { kind: 'host', role: 'the nameserver' },
  CNAME: { kind: 'alias', role: 'the target' },
  ALIAS: { kind: 'alias', role: 'the target' },
};

/**
 * The zone's owner names, and (built on first need) the empty non-terminals above them (RFC 4592
 * §2.2.2). A read-only view over the lint index: core/name-tree.ts keeps the same facts up to date
 * rrset by rrset, which costs an ancestor walk per owner that a lint pass over 100,000 rrsets
 * does not need (179 ms against about 10 ms).
 */
class Names {
  private empty: Set<string> | undefined;

  constructor(
    private readonly apex: string,
    private readonly owners: NameTypeIndex<RRset>,
  ) {}

  has(name: string): boolean {
    return this.owners.hasName(name);
  }

  isEmptyNonTerminal(name: string): boolean {
    if (this.owners.hasName(name)) return false;
    if (!this.empty) {
      this.empty = new Set();
      for (const owner of this.owners.names()) {
        // Stop at the first ancestor already seen: everything above it was added with it.
        for (let at = parentName(owner); at !== this.apex && at !== '.' && !this.empty.has(at); at = parentName(at)) this.empty.add(at);
      }
    }
    return this.empty.has(name);
  }
}

/** Where the zone's own authority stops: delegation points (NS below the apex) and DNAME owners. */
function cutsOf(zone: Zone): { delegations: Set<string>; dnames: Set<string> } {
  const delegations = new Set<string>();
  const dnames = new Set<string>();
  for (const rrset of zone.rrsets) {
    if (rrset.type === 'NS' && rrset.name !== zone.name) delegations.add(rrset.name);
    if (rrset.type === 'DNAME') dnames.add(rrset.name);
  }
  return { delegations, dnames };
}

/** The delegation or DNAME at or above `name` (below the apex), nearest first; undefined when the zone answers `name` itself. */
function cutAbove(name: string, apex: string, cuts: Set<string>, strictly: boolean): string | undefined {
  for (let at = strictly ? parentName(name) : name; at !== apex && at !== '.' && isInZone(at, apex); at = parentName(at)) {
    if (cuts.has(at)) return at;
  }
  return undefined;
}

/** The rrsets that answer `name`: its own, or a wildcard's when the name does not exist (RFC 4592 §3.3.1). */
function answering(name: string, apex: string, tree: Names): { at: string; exists: 'owner' | 'empty' | 'wildcard' | 'none' } {
  if (tree.has(name)) return { at: name, exists: 'owner' };
  if (tree.isEmptyNonTerminal(name)) return { at: name, exists: 'empty' };
  // The closest encloser: the nearest ancestor that exists (the apex always does).
  let encloser = parentName(name);
  while (encloser !== apex && !tree.has(encloser) && !tree.isEmptyNonTerminal(encloser)) encloser = parentName(encloser);
  const wildcard = `*.${encloser}`;
  return tree.has(wildcard) ? { at: wildcard, exists: 'wildcard' } : { at: name, exists: 'none' };
}

function hostProblem(rrset: RRset, role: string, target: string, apex: string, tree: Names, index: NameTypeIndex<RRset>): string | undefined {
  const found = answering(target, apex, tree);
  if (found.exists !== 'none' && index.get(found.at, 'CNAME')) {
    return `${role} ${target} is a CNAME: RFC 2181 §10.3 allows no alias there (named-checkzone: "is a CNAME (illegal)")`;
  }
  const addressed = index.get(found.at, 'A') || index.get(found.at, 'AAAA');
  if (addressed) return undefined;
  const what = rrset.type === 'MX' ? 'mail for it cannot be delivered there' : rrset.type === 'NS' ? 'resolvers cannot reach it' : 'clients cannot connect to it';
  return `${role} ${target} has no address record (A or AAAA) in this zone: ${what}`;
}

function aliasProblem(rrset: RRset, target: string, apex: string, tree: Names): string | undefined {
  const found = answering(target, apex, tree);
  if (found.exists === 'none') return `the target ${target} does not exist in this zone: resolvers following this ${rrset.type} get NXDOMAIN`;
  if (found.exists === 'empty') return `the target ${target} holds no records (only names below it do): resolvers following this ${rrset.type} get no data`;
  return undefined;
}

export const danglingTargets: LintRule = ({ zone, index }) => {
  const apex = zone.name;
  const { delegations, dnames } = cutsOf(zone);
  const tree = new Names(apex, index);
  const problems: Problem[] = [];
  for (const rrset of zone.rrsets) {
    const pointer = POINTERS[rrset.type];
    if (!pointer) continue;
    // Data below a delegation or a DNAME is not this zone's to serve (glue, occluded): not judged.
    if ((delegations.size > 0 && cutAbove(rrset.name, apex, delegations, rrset.type === 'NS')) || (dnames.size > 0 && cutAbove(rrset.name, apex, dnames, true))) continue;
    const seen = rrset.values.length > 1 ? new Set<string>() : undefined;
    for (const value of rrset.values) {
      const target = pointedName(rrset.type, value);
      if (target === '.' || seen?.has(target) || !isInZone(target, apex)) continue;
      seen?.add(target);
      if (dnames.size > 0 && cutAbove(target, apex, dnames, false)) continue;
      const cut = delegations.size > 0 ? cutAbove(target, apex, delegations, false) : undefined;
      let message: string | undefined;
      if (cut !== undefined) {
        // Only one case is this zone's: a delegation whose nameserver lies inside it needs glue here.
        const ownCut = rrset.type === 'NS' && rrset.name !== apex && cut === rrset.name;
        if (ownCut && !index.get(target, 'A') && !index.get(target, 'AAAA')) message = `${pointer.role} ${target} is at or inside the delegation ${cut} and needs glue: an A or AAAA record at ${target} in this zone (named-checkzone: "has no REQUIRED GLUE address records")`;
      } else {
        message = pointer.kind === 'host' ? hostProblem(rrset, pointer.role, target, apex, tree, index) : aliasProblem(rrset, target, apex, tree);
      }
      if (message) problems.push(problem('dangling-target', rrset, message));
    }
  }
  return problems;
};
