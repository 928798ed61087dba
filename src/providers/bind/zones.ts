/**
 * What to add to named.conf for a zone BIND does not serve yet: zonesync writes zones over DNS
 * UPDATE and reads them by AXFR, but a zone itself is declared in named.conf, which it cannot write.
 * `key` is the TSIG key of the provider block, when it has one.
 */
export function namedConfSteps(zone: string, key: string | undefined): string[] {
  // named.conf names zones without the trailing dot (the root stays ".").
  const name = zone.length > 1 ? zone.replace(/\.$/, '') : zone;
  const who = key === undefined ? 'localhost; /* or the address zonesync sends from */' : `key "${key}";`;
  return [
    'BIND cannot create a zone over DNS: add it to named.conf,',
    `  zone "${name}" {`,
    '    type primary;',
    `    file "${name}.db";`,
    `    allow-update { ${who} };`,
    `    allow-transfer { ${who} };`,
    '  };',
    `with ${name}.db holding at least its SOA and apex NS, run \`rndc reconfig\`, then plan again.`,
  ];
}
