import { formatNameserver } from '../dns/nameserver.js';
import type { VerifyReport } from '../verify/report.js';
import { differenceText, dnssecLine, dnssecWarningLines, mismatchText, nameserverLabel, nameserverSummary, steeringRows, steeringUncheckedLine, unansweredText, zoneVerdict } from './verify.js';

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
tr.silent td:first-child, tr.unasked td:first-child { border-left: 6px solid #9a6700; }
tr.silent, tr.unasked { background: #fff8c5; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
ul { margin: .3rem 0; padding-left: 1.2rem; }
details summary { cursor: pointer; }
`;

const ROW = { ok: 'ok', BROKEN: 'broken', SILENT: 'silent' } as const;
const BADGE = { ok: ['good', 'OK'], BROKEN: ['bad', 'BROKEN'], SILENT: ['warn', 'DID NOT ANSWER'] } as const;

function zoneSection(report: VerifyReport, maxLines: number): string {
  const unasked = report.providers.filter((p) => p.nothingAsked).map((p) => `<tr class="unasked"><td><span class="badge warn">NOT VERIFIED</span></td>`
    + `<td>${escapeHtml(p.id)}</td><td>—</td><td>—</td><td>${escapeHtml(p.nothingAsked?.message ?? '')}</td></tr>`);
  const rows = report.providers.flatMap((provider) =>
    provider.nameservers.map((ns) => {
      const lines = [...ns.mismatches.map((m) => `<li><code>${escapeHtml(mismatchText(m))}</code> (${escapeHtml(m.problem)})</li>`), ...ns.unanswered.map((u) => `<li><code>${escapeHtml(unansweredText(u))}</code></li>`), ...dnssecWarningLines(ns).map((w) => `<li>warning: <code>${escapeHtml(w)}</code></li>`)];
      const counts = [ns.mismatches.length > 0 ? `${ns.mismatches.length} wrong` : '', ns.unanswered.length > 0 ? `${ns.unanswered.length} did not answer` : ''].filter(Boolean).join(', ');
      const details = lines.length === 0 ? '' : `<details><summary>${counts}</summary><ul>${lines.slice(0, maxLines).join('')}${lines.length > maxLines ? `<li>… and ${lines.length - maxLines} more</li>` : ''}</ul></details>`;
      const label = nameserverLabel(ns);
      const [badge, word] = BADGE[label];
      return `<tr class="${ROW[label]}"><td><span class="badge ${badge}">${word}</span></td>`
        + `<td>${escapeHtml(provider.id)}</td><td><code>${escapeHtml(formatNameserver(ns.nameserver))}</code></td>`
        + `<td>${ns.serial ?? '—'}</td><td>${escapeHtml(nameserverSummary(ns))}${details}</td></tr>`;
    }),
  );
  const differences = report.crossProvider.length === 0 ? '' : `<h3>Providers answer differently</h3><ul>${report.crossProvider
    .slice(0, maxLines)
    .map((d) => `<li><span class="badge ${d.informational ? 'warn' : 'bad'}">${d.informational ? 'note' : 'differs'}</span> <code>${escapeHtml(differenceText(d))}</code></li>`)
    .join('')}</ul>`;
  const steeringRowsHtml = steeringRows(report).slice(0, maxLines).map(({ provider, ns, check }) => {
    const [row, badge, word] = check.result === 'ok' ? ['ok', 'good', 'OK'] : check.result === 'wrong-pool' ? ['broken', 'bad', 'WRONG POOL'] : check.result === 'unanswered' ? ['silent', 'warn', 'DID NOT ANSWER'] : check.result === 'fallback' ? ['silent', 'warn', 'FALLBACK'] : ['silent', 'warn', 'CANNOT CHECK'];
    const result = check.result === 'ok' ? check.got ?? '' : check.result === 'wrong-pool' || check.result === 'fallback' ? `got ${check.got ?? ''}, expected ${check.expected}${check.detail ? `; ${check.detail}` : ''}` : check.detail ?? '';
    return `<tr class="${row}"><td><span class="badge ${badge}">${word}</span></td><td><code>${escapeHtml(`${check.type} ${check.name}`)}</code></td><td>${escapeHtml(check.rule)}</td>`
      + `<td><code>${escapeHtml(check.subnet)}</code></td><td>${escapeHtml(provider)} <code>${escapeHtml(formatNameserver(ns.nameserver))}</code></td><td>${escapeHtml(result)}</td></tr>`;
  });
  const unchecked = steeringUncheckedLine(report);
  const steering = steeringRowsHtml.length === 0 ? '' : `<h3>Steering by client subnet</h3>${unchecked ? `<p>${escapeHtml(unchecked)}</p>` : ''}<table><thead><tr><th>status</th><th>record</th><th>rule</th><th>subnet</th><th>nameserver</th><th>result</th></tr></thead><tbody>${steeringRowsHtml.join('')}</tbody></table>`;
  const dnssec = dnssecLine(report);
  const dnssecNote = dnssec ? `<p>${escapeHtml(dnssec)}</p>` : '';
  const notCompared = report.notCompared.length === 0 ? '' : `<p>Not compared across providers (no healthy nameserver): ${escapeHtml(report.notCompared.join(', '))}</p>`;
  const verdict = zoneVerdict(report);
  return `<section><h2><span class="badge ${verdict === 'OK' ? 'good' : verdict === 'NOT VERIFIED' ? 'warn' : 'bad'}">${verdict}</span> <code>${escapeHtml(report.zone)}</code></h2>`
    + `<table><thead><tr><th>status</th><th>provider</th><th>nameserver</th><th>serial</th><th>result</th></tr></thead><tbody>${[...unasked, ...rows].join('')}</tbody></table>`
    + `${steering}${differences}${dnssecNote}${notCompared}</section>`;
}

/** The whole page; `now` is when the check ran (shown, not read from a clock here). */
export function renderVerifyHtml(reports: VerifyReport | VerifyReport[], now: Date, maxLines = 50, missing: string[] = []): string {
  const all = Array.isArray(reports) ? reports : [reports];
  // `missing`: what the page lacks (shards of a merge with no report); the page is not green then.
  const ok = all.length > 0 && all.every((r) => r.ok) && missing.length === 0;
  const nameservers = all.flatMap((r) => r.providers.flatMap((p) => p.nameservers));
  const wrong = nameservers.filter((ns) => ns.status === 'wrong-answers').length;
  const silent = nameservers.filter((ns) => ns.status === 'did-not-answer').length;
  const unasked = all.flatMap((r) => r.providers.filter((p) => p.nothingAsked).map((p) => `${r.zone} on ${p.id}`));
  const problems = [
    wrong > 0 ? `${wrong} nameserver${wrong === 1 ? '' : 's'} answer${wrong === 1 ? 's' : ''} wrong` : '',
    silent > 0 ? `${silent} nameserver${silent === 1 ? '' : 's'} did not answer` : '',
    unasked.length > 0 ? `not verified: nothing was asked for ${unasked.join(', ')}` : '',
    all.length === 0 ? 'not verified: nothing was asked' : '',
    ...all.flatMap((r) => {
      const line = steeringUncheckedLine(r);
      return line ? [`${r.zone}: ${line}`] : [];
    }),
    ...missing,
  ].filter(Boolean);
  const headline = ok ? 'Every nameserver answers as declared' : problems.length > 0 ? problems.join('; ') : 'Providers answer differently';
  const verdict = ok ? 'OK' : wrong === 0 && silent === 0 && all.every((r) => zoneVerdict(r) !== 'FAILED') ? 'NOT VERIFIED' : 'FAILED';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${verdict} — zonesync DNS status</title>
<style>${CSS}</style>
</head>
<body>
<h1><span class="badge ${ok ? 'good' : verdict === 'NOT VERIFIED' ? 'warn' : 'bad'}">${verdict}</span> ${escapeHtml(headline)}</h1>
<p class="when">Checked ${escapeHtml(now.toISOString())} by zonesync verify: ${all.length} zone${all.length === 1 ? '' : 's'}.</p>
${all.map((r) => zoneSection(r, maxLines)).join('\n')}
</body>
</html>
`;
}
