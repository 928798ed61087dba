import type { DsReport } from '../engine/ds.js';
import { plain, type Style } from './style.js';

/** `zonesync ds` as text and JSON: the registrar's DS, the targets' keys, what was or would be set. */

const list = (ds: string[] | undefined): string => (ds === undefined ? 'unknown (it cannot tell)' : ds.length === 0 ? 'none' : ds.join(', '));

export function renderDsText(report: DsReport, style: Style = plain): string {
  const out: string[] = [style.heading(`DS of ${report.zone} at registrar ${report.registrar} (${report.registrarType})`)];
  out.push(`  registrar holds: ${list(report.current)}`);
  for (const t of report.targets) out.push(`  ${t.target}: ${t.error ? style.bad(`keys not read: ${t.error}`) : t.ds.length === 0 ? 'serves no KSK (unsigned)' : `KSK DS ${t.ds.join(', ')} (${t.source})`}`);
  if (report.wanted !== undefined) {
    const same = report.current !== undefined && report.current.join(' ') === report.wanted.join(' ');
    if (report.dryRun) out.push(same ? style.good(`  already holds ${list(report.wanted)}: nothing to do`) : style.changed(`  would set the DS to: ${list(report.wanted)} (dry run: run again with --yes)`));
  }
  const change = report.change;
  if (change?.kind === 'unchanged') out.push(style.good(`  already holds ${list(change.ds)}`));
  else if (change?.kind === 'submitted') out.push(style.good(`  set to ${list(change.ds)} (${change.status === 'SUCCESSFUL' ? '' : `still ${change.status}, `}operation ${change.operationId})`));
  else if (change?.kind === 'manual') out.push(style.changed(`  by hand: ${change.instructions}`));
  if (report.error) out.push(style.bad(`  FAILED: ${report.error}`));
  return `${out.join('\n')}\n`;
}

export function renderDsJson(report: DsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
