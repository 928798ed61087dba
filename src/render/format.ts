import type { FormatReport } from '../format/zone-files.js';

/** `zonesync fmt` in words: what changed (or would) on stdout, refusals on stderr, then a count. */
export function renderFormatText(report: FormatReport, quiet: boolean): { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  for (const file of report.files) {
    if (file.status === 'would-change') out.push(`would reformat ${file.file}`);
    else if (file.status === 'formatted') out.push(`formatted ${file.file}`);
    else if (file.status === 'refused') err.push(`error: ${file.file}: not formatted: ${file.reason ?? ''}`);
    else if (file.status === 'skipped' && !quiet) err.push(`note: ${file.file}: skipped: ${file.reason ?? ''}`);
  }
  const count = (status: string) => report.files.filter((f) => f.status === status).length;
  const changed = count(report.check ? 'would-change' : 'formatted');
  const files = report.files.length;
  const summary = `${files} file${files === 1 ? '' : 's'}: ${changed} ${report.check ? 'would be reformatted' : 'reformatted'}, ${count('unchanged')} already canonical${count('refused') ? `, ${count('refused')} refused` : ''}${count('skipped') ? `, ${count('skipped')} skipped` : ''}`;
  if (!quiet || report.exitCode !== 0) out.push(summary);
  return { stdout: out.join('\n'), stderr: err.join('\n') };
}
