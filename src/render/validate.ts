import { formatProblem, moreProblems } from '../core/problem.js';
import type { ValidationReport } from '../engine/validate.js';
import { plain, type Style } from './style.js';

/** The problems and the summary line; `errorsOnly` (--quiet) leaves the warnings out, never the summary. */
export function renderValidationText(report: ValidationReport, style: Style = plain, errorsOnly = false): string {
  const out: string[] = [];
  for (const zone of report.zones) {
    for (const p of zone.problems) {
      if (p.severity === 'error') out.push(style.bad(formatProblem(p)));
      else if (!errorsOnly) out.push(style.warn(formatProblem(p)));
    }
  }
  if (report.omittedProblems > 0) out.push(`${moreProblems(report.omittedProblems)} (limits.problems)`);
  const zones = report.zones.map((z) => `${z.zone} (${z.rrsets} rrsets, ${z.file})`).join(', ');
  const verdict = report.errors > 0 ? style.bad(`${report.errors} error${report.errors === 1 ? '' : 's'}`) : style.good('no errors');
  out.push(`${report.zones.length} zone${report.zones.length === 1 ? '' : 's'} checked: ${verdict}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'} — ${zones || 'none'}`);
  return `${out.join('\n')}\n`;
}
