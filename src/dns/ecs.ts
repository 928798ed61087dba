import { canonicalSubnet } from '../core/dynamic/canonical.js';
import type { PacketRecord } from './packet.js';

/**
 * EDNS Client Subnet (RFC 7871): the OPT option (code 8) a query carries to say which client
 * subnet it asks for — family (1 IPv4, 2 IPv6), source prefix, scope prefix 0, and the address cut
 * to the source prefix (only ceil(prefix/8) bytes travel, host bits zero, §6) — and the one a
 * response echoes with the scope prefix the answer holds for (§7.2.1).
 */

export const ECS_OPTION_CODE = 8;

export interface ClientSubnet {
  family: 1 | 2;
  /** The network address, host bits zero. */
  address: string;
  sourcePrefix: number;
  /** In a response: how much of the address the answer depends on; 0 in a query. */
  scopePrefix: number;
}

/** The option as dns-packet encodes and decodes it. */
export interface EcsPacketOption {
  code: number;
  family: number;
  sourcePrefixLength: number;
  scopePrefixLength: number;
  ip: string;
}

/** `192.0.2.7/24` → the subnet to ask from (host bits cleared); throws on anything that is not a subnet. */
export function clientSubnet(text: string): ClientSubnet {
  const network = canonicalSubnet(text);
  if (network === undefined) throw new Error(`"${text}" is not a client subnet (address/prefix)`);
  const slash = network.indexOf('/');
  const address = network.slice(0, slash);
  return { family: address.includes(':') ? 2 : 1, address, sourcePrefix: Number(network.slice(slash + 1)), scopePrefix: 0 };
}

/** `192.0.2.0/24` */
export function subnetText(subnet: Pick<ClientSubnet, 'address' | 'sourcePrefix'>): string {
  return `${subnet.address}/${subnet.sourcePrefix}`;
}

/** The OPT option for a query from `subnet`. */
export function ecsOption(subnet: ClientSubnet): EcsPacketOption {
  // dns-packet writes ceil(prefix/8) bytes of `ip` as given: the host bits are already zero (clientSubnet).
  return { code: ECS_OPTION_CODE, family: subnet.family, sourcePrefixLength: subnet.sourcePrefix, scopePrefixLength: 0, ip: subnet.address };
}

/** The ECS option of a decoded OPT record, or undefined when there is none. */
export function ecsFromOpt(opt: PacketRecord | undefined): ClientSubnet | undefined {
  const options = (opt as (PacketRecord & { options?: Array<Partial<EcsPacketOption>> }) | undefined)?.options ?? [];
  const ecs = options.find((o) => o.code === ECS_OPTION_CODE);
  if (!ecs || (ecs.family !== 1 && ecs.family !== 2)) return undefined;
  const source = ecs.sourcePrefixLength ?? 0;
  const network = canonicalSubnet(`${ecs.ip ?? ''}/${source}`);
  return { family: ecs.family, address: network ? network.slice(0, network.indexOf('/')) : String(ecs.ip), sourcePrefix: source, scopePrefix: ecs.scopePrefixLength ?? 0 };
}
