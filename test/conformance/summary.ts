import type { PlannedTransition } from './plan.js';

export interface ProviderSkips {
  provider: string;
  skipped: PlannedTransition[];
}

/** Skips counted by rule and capability reason, one line per provider and reason. */
export function skipTable(rows: ProviderSkips[]): string {
  const lines: string[] = [];
  for (const { provider, skipped } of rows) {
    const counts = new Map<string, number>();
    for (const t of skipped) {
      const key = `${t.skip?.rule}: ${t.skip?.reason ?? 'NO CAPABILITY REASON'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [reason, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`  ${provider.padEnd(12)} ${String(n).padStart(3)} × ${reason}`);
    }
  }
  return lines.join('\n');
}
