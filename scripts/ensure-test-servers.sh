#!/usr/bin/env bash
# Installs the real DNS servers and zone checkers the tests use (PowerDNS with SQLite, BIND, Knot and
# its kzonecheck) when missing.
# Idempotent and quiet when everything is present; run by `npm test` as a pretest step.
set -euo pipefail

PDNS_SCHEMA=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql

find_missing() {
  missing=()
  for tool in pdns_server named named-checkzone named-compilezone knotd kzonecheck sqlite3 dig; do
    # PATH may lack /usr/sbin for non-root users, where pdns_server and named live.
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then missing+=("$tool"); fi
  done
  [ -f "$PDNS_SCHEMA" ] || missing+=("$PDNS_SCHEMA")
}

find_missing

if [ "${#missing[@]}" -gt 0 ]; then
  echo "ensure-test-servers: missing ${missing[*]}; installing with apt-get" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-test-servers: must run as root to install packages (or install them yourself:" >&2
    echo "  apt-get install pdns-server pdns-backend-sqlite3 bind9 bind9-utils dnsutils knot knot-dnsutils knot-dnssecutils sqlite3)" >&2
    exit 1
  fi
  # Exit 101 tells invoke-rc.d not to start services, so apt leaves port 53 and 8081 alone.
  if [ ! -f /usr/sbin/policy-rc.d ] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    pdns-server pdns-backend-sqlite3 bind9 bind9-utils dnsutils knot knot-dnsutils knot-dnssecutils sqlite3 >/dev/null
  find_missing
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "ensure-test-servers: still missing after apt-get install: ${missing[*]}" >&2
    exit 1
  fi
  echo "ensure-test-servers: installed PowerDNS, BIND, Knot (kzonecheck is in knot-dnssecutils) and sqlite3" >&2
fi

# moto is on the machine image; installing it is not this script's job.
if ! command -v moto_server >/dev/null 2>&1; then
  echo "ensure-test-servers: moto_server not found on PATH; the Route 53 tests need it (pip install 'moto[server]==5.2.1')" >&2
fi
