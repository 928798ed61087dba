import { formatNameserver } from '../providers/nameserver.js';
import type { VerifyReport } from '../verify/report.js';
import { differenceText, mismatchText, nameserverSummary } from './verify.js';

/** `verify --html`: a self-contained status page (inline CSS, no scripts, no external assets). */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
.when { color: #59636e; margin-top: 0; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 600; font-size: .85rem; color: #fff; }
.good { background: #1a7f37; }
.bad { background: #cf222e; }
.warn { background: #9a6700; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d1d9e0; vertical-align: top; }
tr.ok td:first-child { border-left: 6px solid #1a7f37; }
tr.broken td:first-child { border-left: 6px solid #cf222e; }
tr.broken { background: #ffebe9; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
ul { margin: .3rem 0; padding-left: 1.2rem; }
details summary { cursor: pointer; }
`;

function zoneSection(report: VerifyReport, maxLines: number): string {
  const rows = report.providers.flatMap((provider) =>
    provider.nameservers.map((ns) => {
      const details = ns.mismatches.length === 0 ? '' : `<details><summary>${ns.mismatches.length} wrong</summary><ul>${ns.mismatches
        .slice(0, maxLines)
        .map((m) => `<li><code>${escapeHtml(mismatchText(m))}</code> (${escapeHtml(m.problem)})</li>`)
        .join('')}${ns.mismatches.length > maxLines ? `<li>… and ${ns.mismatches.length - maxLines} more</li>` : ''}</ul></details>`;
      return `<tr class="${ns.ok ? 'ok' : 'broken'}"><td><span class="badge ${ns.ok ? 'good' : 'bad'}">${ns.ok ? 'OK' : 'BROKEN'}</span></td>`
        + `<td>${escapeHtml(provider.id)}</td><td><code>${escapeHtml(formatNameserver(ns.nameserver))}</code></td>`
        + `<td>${ns.serial ?? '—'}</td><td>${escapeHtml(nameserverSummary(ns))}${details}</td></tr>`;
    }),
  );
  const differences = report.crossProvider.length === 0 ? '' : `<h3>Providers answer differently</h3><ul>${report.crossProvider
    .slice(0, maxLines)
    .map((d) => `<li><span class="badge ${d.informational ? 'warn' : 'bad'}">${d.informational ? 'note' : 'differs'}</span> <code>${escapeHtml(differenceText(d))}</code></li>`)
    .join('')}</ul>`;
  const notCompared = report.notCompared.length === 0 ? '' : `<p>Not compared across providers (no healthy nameserver): ${escapeHtml(report.notCompared.join(', '))}</p>`;
  return `<section><h2><span class="badge ${report.ok ? 'good' : 'bad'}">${report.ok ? 'OK' : 'FAILED'}</span> <code>${escapeHtml(report.zone)}</code></h2>`
    + `<table><thead><tr><th>status</th><th>provider</th><th>nameserver</th><th>serial</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    + `${differences}${notCompared}</section>`;
}

/** The whole page; `now` is when the check ran (shown, not read from a clock here). */
export function renderVerifyHtml(reports: VerifyReport | VerifyReport[], now: Date, maxLines = 50): string {
  const all = Array.isArray(reports) ? reports : [reports];
  const ok = all.every((r) => r.ok);
  const broken = all.flatMap((r) => r.providers.flatMap((p) => p.nameservers)).filter((ns) => !ns.ok).length;
  const headline = ok ? 'Every nameserver answers as declared' : `${broken} nameserver${broken === 1 ? '' : 's'} broken`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${ok ? 'OK' : 'FAILED'} — zonesync DNS status</title>
<style>${CSS}</style>
</head>
<body>
<h1><span class="badge ${ok ? 'good' : 'bad'}">${ok ? 'OK' : 'FAILED'}</span> ${escapeHtml(headline)}</h1>
<p class="when">Checked ${escapeHtml(now.toISOString())} by zonesync verify: ${all.length} zone${all.length === 1 ? '' : 's'}.</p>
${all.map((r) => zoneSection(r, maxLines)).join('\n')}
</body>
</html>
`;
}
