import { describe, expect, it } from 'vitest';
import type { Mismatch, NameserverReport, VerifyReport } from '../verify/report.js';
import { renderVerifyHtml } from './verify-html.js';
import { renderVerifyJson, renderVerifyMarkdown, renderVerifyText } from './verify.js';

const aaaa = (name: string): Mismatch => ({ name, type: 'AAAA', edns: true, expected: 'NODATA', got: 'NXDOMAIN', problem: 'nxdomain-for-nodata' });
const healthy: NameserverReport = { nameserver: { name: 'ns1', address: '127.0.0.1', port: 5301 }, serial: 7, ok: true, queries: 240, mismatches: [], ttlWarnings: [], notAsked: 0 };
const broken: NameserverReport = {
  nameserver: { name: 'ns2', address: '127.0.0.1', port: 5302 },
  serial: 7,
  ok: false,
  queries: 240,
  mismatches: ['www', ...Array.from({ length: 11 }, (_, i) => `h${i}`)].map((h) => aaaa(`${h}.example.com.`)),
  ttlWarnings: [{ name: 'www.example.com.', type: 'A', expected: 300, got: 60 }],
  notAsked: 0,
};
const dead: NameserverReport = {
  nameserver: { address: '::1', port: 5303 },
  ok: false,
  queries: 9,
  mismatches: Array.from({ length: 8 }, () => ({ name: 'example.com.', type: 'A', edns: true, expected: 'NODATA', got: 'no answer over UDP after 2 attempts of 200 ms', problem: 'timeout' as const })),
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
    expect(text).toContain('BROKEN [::1]:5303 — unreachable: 8 queries went unanswered, 231 not asked');
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
    expect(html.match(/<tr class="broken">/g)).toHaveLength(3);
    expect(html).toContain('<code>ns2 127.0.0.1:5302</code>');
    expect(html).toContain('3 nameservers broken');
  });
});
