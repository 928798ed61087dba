/**
 * The issue #21 zone file the NS1 steering CLI tests share: a weighted pool (eu, falling back to
 * us), a geo rule, a subnet rule and a catch-all. `down` marks every eu value down (the failover).
 */
export function steerZone(weight: number, down = false): string {
  const status = down ? '\n          status: down' : '';
  return `www:
  type: A
  ttl: 60
  values:
  - 192.0.2.1
  dynamic:
    pools:
      eu:
        fallback: us
        values:
        - value: 192.0.2.10
          weight: ${weight}${status}
        - value: 192.0.2.11${status}
      lab:
        values:
        - value: 203.0.113.10
      us:
        values:
        - value: 198.51.100.10
    rules:
    - pool: lab
      subnets:
      - 10.1.0.0/16
    - pool: eu
      geos:
      - EU-DE
    - pool: us
`;
}
