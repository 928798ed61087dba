/**
 * The named.conf stanza for a zone BIND does not serve yet: zonesync writes zones by DNS UPDATE
 * and reads them by AXFR, but a zone itself is declared in named.conf, which it cannot write.
 * `key` is the TSIG key of the provider block, when it has one.
 */
export function namedConfStanza(zone: string, key: string | undefined): string {
  // named.conf names zones without the trailing dot (the root stays ".").
  const name = zone.length > 1 ? zone.replace(/\.$/, '') : zone;
  const who = key === undefined ? 'localhost; /* or the address zonesync sends from */' : `key "${key}";`;
  return `zone "${name}" { type primary; file "${name}.zone"; allow-update { ${who} }; allow-transfer { ${who} }; };`;
}

/** What the plan prints for such a zone: the stanza, and what else named needs before it loads it. */
export function namedConfSteps(zone: string, key: string | undefined): string[] {
  const file = `${zone.length > 1 ? zone.replace(/\.$/, '') : zone}.zone`;
  return [
    'BIND cannot create a zone over DNS: add it to named.conf,',
    `  ${namedConfStanza(zone, key)}`,
    `with ${file} holding at least its SOA and apex NS, run \`rndc reconfig\`, then plan again.`,
  ];
}
