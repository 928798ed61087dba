import type { Nameserver } from '../../src/dns/nameserver.js';

/** Provider blocks of zonesync.yaml as tests write them (lines under `providers:`), secrets through ${VAR}. */

const at = (ns: Nameserver) => `'${ns.address}:${ns.port}'`;

export function powerdnsBlock(id: string, options: { url: string; nameservers: Nameserver[]; names?: string[]; apiKeyVar?: string; timeoutMs?: number }): string[] {
  return [
    `  ${id}:`,
    '    type: powerdns',
    `    url: '${options.url}'`,
    `    apiKey: '\${${options.apiKeyVar ?? 'PDNS_API_KEY'}}'`,
    `    nameservers: [${options.nameservers.map(at).join(', ')}]`,
    ...(options.names ? [`    nameserverNames: [${options.names.map((n) => `'${n}'`).join(', ')}]`] : []),
    ...(options.timeoutMs ? [`    timeoutMs: ${options.timeoutMs}`] : []),
  ];
}

export function bindBlock(id: string, options: { dns: Nameserver; tsig: { name: string; algorithm: string }; secretVar?: string }): string[] {
  return [
    `  ${id}:`,
    '    type: bind',
    `    server: ${at(options.dns)}`,
    `    tsig: { name: ${options.tsig.name}, algorithm: ${options.tsig.algorithm}, secret: '\${${options.secretVar ?? 'TSIG_SECRET'}}' }`,
  ];
}

export function ns1Block(id: string, options: { baseUrl: string; dns: Nameserver; apiKeyVar?: string }): string[] {
  return [`  ${id}:`, '    type: ns1', `    apiKey: '\${${options.apiKeyVar ?? 'NS1_API_KEY'}}'`, `    endpoint: '${options.baseUrl}'`, `    nameservers: [${at(options.dns)}]`];
}

/** A registrar block (a line under `registrars:`) for Route 53 Domains at `endpoint` (moto). */
export function route53domainsBlock(id: string, endpoint: string): string[] {
  return [`  ${id}:`, '    type: route53domains', `    endpoint: '${endpoint}'`];
}

/** A zone's lines under `zones:`; its file is zones/<zone>.yaml, as makeWorkspace writes it. */
export function zoneBlock(zone: string, options: { targets: string[]; delegate?: string[]; registrar?: string; nsTtl?: number; parentNsTtl?: number }): string[] {
  return [
    `  ${zone}:`,
    `    file: zones/${zone}.yaml`,
    `    targets: [${options.targets.join(', ')}]`,
    ...(options.delegate ? [`    delegate: [${options.delegate.join(', ')}]`] : []),
    ...(options.registrar ? [`    registrar: ${options.registrar}`] : []),
    ...(options.nsTtl !== undefined ? [`    nsTtl: ${options.nsTtl}`] : []),
    ...(options.parentNsTtl !== undefined ? [`    parentNsTtl: ${options.parentNsTtl}`] : []),
  ];
}
