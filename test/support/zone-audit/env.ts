/** The variables that carry the zone-file audit (global-setup.ts) into a CLI process a test starts with its own env. */
export function zoneAuditEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['ZONESYNC_ZONE_AUDIT_DIR', 'NODE_OPTIONS']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}
