/**
 * A zone file (octoDNS YAML) with one steered record: a weighted pool, a geo rule, a subnet rule
 * and a failover pool (eu falls back to us), health settings and a provider block; and one plain
 * record. `usWeight` is the weight of us's first value, for a change of one weight.
 */
export function steeredZone(usWeight = 3): string {
  return `www:
  type: A
  ttl: 60
  values:
    - 192.0.2.250
  dynamic:
    pools:
      us:
        values:
          - value: 192.0.2.1
            weight: ${usWeight}
          - value: 192.0.2.2
            weight: 1
            status: up
      eu:
        fallback: us
        values:
          - value: 198.51.100.1
      office:
        values:
          - value: 203.0.113.9
            status: down
    rules:
      - pool: office
        subnets:
          - 10.1.0.0/16
      - pool: eu
        geos:
          - EU-DE
          - EU-FR
      - pool: us
  octodns:
    healthcheck:
      path: /health
      port: 8443
    route53:
      healthcheck:
        measure_latency: false
mail:
  type: A
  value: 192.0.2.25
`;
}
