/** What `zonesync init` writes into an empty repository: a config on the file provider and one example zone, in `zonesync fmt`'s canonical form. */
export const SCAFFOLD: Readonly<Record<string, string>> = {
  'zonesync.yaml': [
    '# zonesync configuration (see the zonesync README). This start needs no credentials: it keeps',
    '# example.com in sync with RFC 1035 zone files under .zonesync/served (the `file` provider).',
    'providers:',
    '  local:',
    '    type: file',
    '    directory: .zonesync/served',
    '    delegation: [ns1.example.net., ns2.example.net.]',
    '',
    'zones:',
    '  example.com:',
    '    file: zones/example.com.yaml',
    '    targets: [local]',
    '',
    'defaults:',
    '  chunkSize: 100',
    '  safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }',
    '',
  ].join('\n'),
  'zones/example.com.yaml': [
    "# example.com in the octoDNS YAML record format: relative names ('' is the apex) to records.",
    "'':",
    '  - ttl: 300',
    '    type: A',
    '    values:',
    '      - 192.0.2.10',
    '      - 192.0.2.11',
    '  - type: MX',
    '    value:',
    '      exchange: mx1.example.com.',
    '      preference: 10',
    'mx1:',
    '  type: A',
    '  value: 192.0.2.25',
    'www:',
    '  type: CNAME',
    '  value: example.com.',
    '',
  ].join('\n'),
};

/** Where `zonesync init`'s workflow takes the Action from (action.yml at the root of zonesync's repository). */
export const ACTION_REPOSITORY = 'zonesync/zonesync';

/**
 * `.github/workflows/dns.yml` for a repository of zones, using the zonesync Action pinned to
 * `version` (the zonesync that wrote it): plan what a pull request changed, apply on main, and
 * verify and look for drift on a schedule in shards merged into one status page.
 */
export function scaffoldWorkflow(version: string): string {
  const uses = `${ACTION_REPOSITORY}@v${version}`;
  return `# DNS from git with zonesync (see the zonesync README, "GitHub Action" and "CI recipe"):
#   pull request → plan the zones it changed (job summary, plan kept as an artifact)
#   push to main → apply the zones the push changed
#   schedule     → verify every nameserver and look for drift, in shards, merged into one status page
#                  (off until your targets have nameservers: see on.schedule below)
# Provider credentials go in secrets and reach zonesync only through env: (the file provider of
# zonesync.yaml needs none), e.g.  env: { CLOUDFLARE_API_TOKEN: \${{ secrets.CLOUDFLARE_API_TOKEN }} }
name: dns

on:
  pull_request:
    paths: ['zones/**', 'zonesync.yaml']
  push:
    branches: [main]
    paths: ['zones/**', 'zonesync.yaml']
  # Turn the schedule on once zonesync.yaml gives each target its nameservers: verify asks them,
  # and with none to ask (the file provider of a new repository) it exits 3, "not verified".
  # schedule:
  #   - cron: '17 * * * *'

permissions:
  contents: read

jobs:
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the base commit, for --changed-since
          persist-credentials: false
      - id: plan
        uses: ${uses}
        with:
          command: plan
          changed-since: \${{ github.event.pull_request.base.sha }}
          format: markdown
          summary: 'true'
          plan-path: plan.json
          ok-exit-codes: '0'
      - uses: actions/upload-artifact@v4
        with:
          name: plan-\${{ github.event.pull_request.head.sha }}
          path: plan.json

  apply:
    if: github.event_name == 'push'
    runs-on: ubuntu-24.04
    timeout-minutes: 60
    concurrency:
      group: zonesync-apply
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the commit before the push, for --changed-since
      - uses: ${uses}
        with:
          command: apply
          changed-since: \${{ github.event.before }}
          args: --yes
          ok-exit-codes: '0'

  watch:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    strategy:
      fail-fast: false
      matrix:
        shard: [1, 2]
    steps:
      - uses: actions/checkout@v4
      - id: verify
        uses: ${uses}
        with:
          command: verify
          shard: \${{ matrix.shard }}/\${{ strategy.job-total }}
          report-path: verify-report.json
          ok-exit-codes: any
      - id: drift
        uses: ${uses}
        with:
          command: plan
          args: --detailed-exitcode
          shard: \${{ matrix.shard }}/\${{ strategy.job-total }}
          report-path: drift-report.json
          ok-exit-codes: any
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: reports-\${{ github.run_id }}-\${{ matrix.shard }}
          path: |
            verify-report.json
            drift-report.json
      - name: Fail on broken nameservers or drift
        if: steps.verify.outputs.exit-code != '0' || steps.drift.outputs.exit-code != '0'
        env:
          VERIFY_CODE: \${{ steps.verify.outputs.exit-code }}
          DRIFT_CODE: \${{ steps.drift.outputs.exit-code }}
        run: |
          echo "::error::verify exited $VERIFY_CODE (3: a nameserver is wrong), plan exited $DRIFT_CODE (2: drift)"
          exit 1

  status:
    needs: watch
    if: github.event_name == 'schedule' && !cancelled()
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: reports-\${{ github.run_id }}-*
          path: reports
      - uses: ${uses}
        with:
          command: report merge
          args: reports/*/verify-report.json --html status.html
          format: markdown
          summary: 'true'
          ok-exit-codes: any
      - uses: ${uses}
        with:
          command: report merge
          args: reports/*/drift-report.json
          format: markdown
          summary: 'true'
          ok-exit-codes: any
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: status-\${{ github.run_id }}
          path: status.html
`;
}
