import type { RRset, Zone } from '../model.js';

/**
 * Whether a target can serve a steered rrset, from its capabilities as data (the provider's
 * `Capabilities`, read structurally so core needs nothing from providers): `dynamic` says whether
 * it steers at all; `dynamicGeos` / `dynamicSubnets`, when given, whether it can serve rules of
 * that kind (PowerDNS without a GeoIP database: no geos).
 */
export interface SteeringSupport {
  dynamic: { supported: boolean; reason?: string };
  dynamicGeos?: { supported: boolean; reason?: string };
  dynamicSubnets?: { supported: boolean; reason?: string };
}

/** Why `caps` cannot serve `rrset`'s steering; undefined when it can, or the rrset is not steered. */
export function steeringRefusal(rrset: RRset, caps: SteeringSupport): string | undefined {
  const dynamic = rrset.dynamic;
  if (!dynamic) return undefined;
  if (!caps.dynamic.supported) return caps.dynamic.reason ?? 'it does not serve traffic steering';
  const geos = dynamic.rules.some((r) => (r.geos ?? []).length > 0);
  if (geos && caps.dynamicGeos?.supported === false) return `geo rules: ${caps.dynamicGeos.reason ?? 'not served'}`;
  const subnets = dynamic.rules.some((r) => (r.subnets ?? []).length > 0);
  if (subnets && caps.dynamicSubnets?.supported === false) return `subnet rules: ${caps.dynamicSubnets.reason ?? 'not served'}`;
  return undefined;
}

export interface SteeredRRset {
  name: string;
  type: string;
  reason: string;
}

export interface SteeringAtTarget {
  /** The zone as the target is to serve it: steered rrsets it cannot steer without their `dynamic` when `fallback` allows it. */
  zone: Zone;
  /** Steered rrsets the target cannot steer, when the config does not allow their fallback there: the plan refuses. */
  refused: SteeredRRset[];
  /** Steered rrsets the target serves as their plain fallback values (`dynamic: fallback`). */
  fallback: SteeredRRset[];
}

/** The desired zone for one target: what it cannot steer is refused, or served as its fallback values when `fallback` is true. */
export function steeringAtTarget(zone: Zone, caps: SteeringSupport, fallback: boolean): SteeringAtTarget {
  const refused: SteeredRRset[] = [];
  const served: SteeredRRset[] = [];
  let changed = false;
  const rrsets = zone.rrsets.map((rrset) => {
    const reason = steeringRefusal(rrset, caps);
    if (reason === undefined) return rrset;
    const entry = { name: rrset.name, type: rrset.type, reason };
    if (!fallback) {
      refused.push(entry);
      return rrset;
    }
    served.push(entry);
    changed = true;
    return withoutDynamic(rrset);
  });
  return { zone: changed ? { ...zone, rrsets } : zone, refused, fallback: served };
}

/** The rrset with its plain values only: what a target that cannot steer serves. */
export function withoutDynamic(rrset: RRset): RRset {
  const { dynamic, ...plain } = rrset;
  void dynamic;
  return plain;
}

