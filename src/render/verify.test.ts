import { describe, expect, it } from 'vitest';
import type { Mismatch, NameserverReport, VerifyReport } from '../verify/report.js';
import { renderVerifyHtml } from './verify-html.js';
import { renderVerifyJson, renderVerifyMarkdown, renderVerifyText } from './verify.js';

const aaaa = (name: string): Mismatch => ({ name, type: 'AAAA', edns: true, expected: 'NODATA', got: 'NXDOMAIN', problem: 'nxdomain-for-nodata' });
const healthy: NameserverReport = { nameserver: { name: 'ns1', address: '127.0.0.1', port: 5301 }, serial: 7, ok: true, status: 'ok', queries: 240, mismatches: [], unanswered: [], ttlWarnings: [], notAsked: 0 };
const broken: NameserverReport = {
  nameserver: { name: 'ns2', address: '127.0.0.1', port: 5302 },
  serial: 7,
  ok: false,
  status: 'wrong-answers',
  queries: 240,
  unanswered: [],
  mismatches: ['www', ...Array.from({ length: 11 }, (_, i) => `h${i}`)].map((h) => aaaa(`${h}.example.com.`)),
  ttlWarnings: [{ name: 'www.example.com.', type: 'A', expected: 300, got: 60 }],
  notAsked: 0,
};
const dead: NameserverReport = {
  nameserver: { address: '::1', port: 5303 },
  ok: false,
  status: 'did-not-answer',
  queries: 9,
  mismatches: [],
  unanswered: Array.from({ length: 8 }, () => ({ name: 'example.com.', type: 'A', edns: true, error: 'no answer over UDP after 2 attempts of 200 ms' })),
  ttlWarnings: [],
  unreachable: true,
  notAsked: 231,
};

const failing: VerifyReport = {
  zone: 'example.com.',
  providers: [{ id: 'pdns', nameservers: [healthy, broken] }, { id: 'bind', nameservers: [dead] }],
  crossProvider: [{ name: 'ns.sub.example.com.', type: 'A', edns: true, informational: false, answers: [{ provider: 'pdns', nameserver: healthy.nameserver, answer: 'NODATA' }, { provider: 'bind', nameserver: dead.nameserver, answer: 'A 192.0.2.53' }] }],
  notCompared: ['bind'],
  ok: false,
};
const passing: VerifyReport = { zone: 'example.org.', providers: [{ id: 'pdns', nameservers: [healthy] }], crossProvider: [], notCompared: [], ok: true };

describe('renderVerifyText', () => {
  const text = renderVerifyText(failing, undefined, 3);

  it('names a broken nameserver with how many answers are wrong and the first one', () => {
    expect(text).toContain('BROKEN ns2 127.0.0.1:5302 — 12 of 240 answers wrong: AAAA www.example.com. with EDNS: NXDOMAIN, expected NODATA');
  });

  it('lists further wrong answers up to a limit, then counts the rest', () => {
    expect(text).toContain('             AAAA h0.example.com. with EDNS: NXDOMAIN, expected NODATA');
    expect(text).toContain('… and 8 more');
  });

  it('shows healthy nameservers, unreachable ones, TTL warnings and provider differences', () => {
    expect(text).toContain('ok     ns1 127.0.0.1:5301 — 240 answers right, serial 7');
    expect(text).toContain('SILENT [::1]:5303 — did not answer (unreachable): 8 queries went unanswered, 231 not asked');
    expect(text).toContain('warning: A www.example.com. served with TTL 60, declared 300');
    expect(text).toContain('A ns.sub.example.com. with EDNS: pdns: NODATA; bind: A 192.0.2.53');
    expect(text.split('\n')[0]).toBe('example.com. FAILED: 2 providers, 3 nameservers');
  });

  it('says OK for a passing zone', () => {
    expect(renderVerifyText([passing])).toBe('example.org. OK: 1 provider, 1 nameserver\n  pdns\n    ok     ns1 127.0.0.1:5301 — 240 answers right, serial 7\n');
  });
});

describe('renderVerifyJson and renderVerifyMarkdown', () => {
  it('gives the report back as JSON', () => {
    expect(JSON.parse(renderVerifyJson(failing))).toEqual(failing);
    expect(JSON.parse(renderVerifyJson([failing, passing]))).toHaveLength(2);
  });

  it('tables every nameserver and details the broken ones, escaping pipes and HTML', () => {
    const weird: VerifyReport = { ...passing, ok: false, providers: [{ id: 'pdns', nameservers: [{ ...broken, mismatches: [broken.mismatches[0] as Mismatch, { name: 't.example.org.', type: 'TXT', edns: false, expected: '"a|b"', got: 'TXT "<b>x</b>"', problem: 'wrong-data' }] }] }] };
    const md = renderVerifyMarkdown([failing, weird]);
    expect(md).toContain('| ❌ | pdns | `ns2 127.0.0.1:5302` | 7 | 12 of 240 answers wrong: AAAA www.example.com. with EDNS: NXDOMAIN, expected NODATA |');
    expect(md).toContain('| ✅ | pdns | `ns1 127.0.0.1:5301` | 7 | 240 answers right, serial 7 |');
    expect(md).toContain('- TXT t.example.org. without EDNS: TXT "&lt;b&gt;x&lt;/b&gt;", expected "a\\|b" (wrong-data)');
    expect(md).not.toContain('<b>');
  });
});

describe('renderVerifyHtml', () => {
  const evil: VerifyReport = {
    ...passing,
    ok: false,
    providers: [{ id: 'pdns<i>', nameservers: [{ ...broken, mismatches: [{ name: 'x.example.org.', type: 'TXT', edns: true, expected: 'TXT "<script>alert(1)</script>"', got: 'NODATA', problem: 'missing-data' }] }] }],
  };
  const html = renderVerifyHtml([failing, evil, passing], new Date('2025-01-02T03:04:05Z'));

  it('escapes every value from a zone or a server', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('TXT &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(html).toContain('pdns&lt;i&gt;');
  });

  it('is self-contained: inline CSS, no scripts, no external assets', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('marks each nameserver green or red and says when it was checked', () => {
    expect(html).toContain('Checked 2025-01-02T03:04:05.000Z');
    expect(html.match(/<tr class="ok">/g)).toHaveLength(2);
    expect(html.match(/<tr class="broken">/g)).toHaveLength(2);
    expect(html.match(/<tr class="silent">/g)).toHaveLength(1);
    expect(html).toContain('<code>ns2 127.0.0.1:5302</code>');
    expect(html).toContain('2 nameservers answer wrong; 1 nameserver did not answer');
  });
});

describe('a provider nothing was asked of is never green', () => {
  const message = 'nothing was asked for example.net. on files: set providers.files.nameservers to the address:port of each server that answers for it (no nameserver addresses configured or found)';
  const unasked: VerifyReport = { zone: 'example.net.', providers: [{ id: 'files', nameservers: [], nothingAsked: { message, error: false } }], crossProvider: [], notCompared: [], ok: false };
  const half: VerifyReport = { ...unasked, providers: [{ id: 'pdns', nameservers: [healthy] }, ...unasked.providers] };

  it('text: NOT VERIFIED with the sentence, not OK', () => {
    expect(renderVerifyText(unasked)).toBe(`example.net. NOT VERIFIED: 1 provider, 0 nameservers\n  files\n    NOT VERIFIED — ${message}\n`);
    expect(renderVerifyText(half).split('\n')[0]).toBe('example.net. NOT VERIFIED: 2 providers, 1 nameserver');
  });

  it('JSON: ok false and the sentence on the provider', () => {
    expect(JSON.parse(renderVerifyJson([unasked]))[0]).toMatchObject({ ok: false, providers: [{ id: 'files', nameservers: [], nothingAsked: { message, error: false } }] });
  });

  it('markdown: a not-verified headline and row', () => {
    const md = renderVerifyMarkdown(half);
    expect(md).toContain('### ⚠️ `example.net.` — not verified: nothing was asked on files');
    expect(md).toContain(`| ⚠️ not verified | files | — | — | ${message} |`);
    expect(md).not.toContain('every nameserver answers as declared');
  });

  it('HTML: NOT VERIFIED in the title, the headline and the row', () => {
    const html = renderVerifyHtml([unasked], new Date('2025-01-02T03:04:05Z'));
    expect(html).toContain('<title>NOT VERIFIED — zonesync DNS status</title>');
    expect(html).toContain(`<h1><span class="badge warn">NOT VERIFIED</span> not verified: nothing was asked for example.net. on files</h1>`);
    expect(html).toContain(`<tr class="unasked"><td><span class="badge warn">NOT VERIFIED</span></td><td>files</td><td>—</td><td>—</td><td>${message}</td></tr>`);
    expect(html).not.toContain('Every nameserver answers as declared');
  });

  it('HTML of no zone at all is not OK either', () => {
    expect(renderVerifyHtml([], new Date(0))).toContain('<title>NOT VERIFIED — zonesync DNS status</title>');
  });
});

describe('a nameserver that did not answer is told apart from one that answered wrong', () => {
  const timeout = (name: string) => ({ name, type: 'A', edns: false, error: 'no answer over UDP after 2 attempts of 1000 ms' });
  const flaky: NameserverReport = { ...healthy, ok: false, status: 'did-not-answer', unanswered: [timeout('a.example.org.'), timeout('b.example.org.')] };
  const both: NameserverReport = { ...broken, mismatches: [aaaa('www.example.org.')], unanswered: [timeout('a.example.org.')], ttlWarnings: [] };
  const report: VerifyReport = { ...passing, ok: false, providers: [{ id: 'pdns', nameservers: [flaky, both] }] };

  it('text: SILENT and "did not answer", never "wrong"', () => {
    const text = renderVerifyText(report);
    expect(text).toContain('SILENT ns1 127.0.0.1:5301 — did not answer 2 of 240 queries: A a.example.org. without EDNS: did not answer (no answer over UDP after 2 attempts of 1000 ms)');
    expect(text).toContain('             A b.example.org. without EDNS: did not answer (no answer over UDP after 2 attempts of 1000 ms)');
    expect(text).toContain('BROKEN ns2 127.0.0.1:5302 — 1 of 240 answers wrong: AAAA www.example.org. with EDNS: NXDOMAIN, expected NODATA; 1 did not answer');
    expect(text).not.toMatch(/SILENT.*wrong/);
  });

  it('JSON: status did-not-answer, the timeouts in unanswered, none in mismatches', () => {
    const ns = JSON.parse(renderVerifyJson(report)).providers[0].nameservers;
    expect(ns[0]).toMatchObject({ status: 'did-not-answer', mismatches: [], unanswered: [timeout('a.example.org.'), timeout('b.example.org.')] });
    expect(ns[1]).toMatchObject({ status: 'wrong-answers' });
  });

  it('markdown: a did-not-answer row and details', () => {
    const md = renderVerifyMarkdown(report);
    expect(md).toContain('| 🔇 did not answer | pdns | `ns1 127.0.0.1:5301` | 7 | did not answer 2 of 240 queries: A a.example.org. without EDNS: did not answer (no answer over UDP after 2 attempts of 1000 ms) |');
    expect(md).toContain('<details><summary>pdns ns1 127.0.0.1:5301: 2 did not answer</summary>');
    expect(md).toContain('<details><summary>pdns ns2 127.0.0.1:5302: 1 wrong answer, 1 did not answer</summary>');
  });

  it('HTML: a DID NOT ANSWER badge and headline', () => {
    const html = renderVerifyHtml(report, new Date(0));
    expect(html).toContain('<tr class="silent"><td><span class="badge warn">DID NOT ANSWER</span></td>');
    expect(html).toContain('1 nameserver answers wrong; 1 nameserver did not answer');
  });
});
