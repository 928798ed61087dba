import type { Nameserver } from '../../src/providers/provider.js';

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
