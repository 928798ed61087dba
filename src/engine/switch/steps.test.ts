import { describe, expect, it } from 'vitest';
import { nextStep, stepStates, strategyTimeline, waitOf, waitOver, type StepRecord, type StrategyTtls } from './steps.js';

const TTLS: StrategyTtls = { dsTtl: 3600, dsAssumed: false, dnskeyTtl: 7200, longestTtl: 300, delegationTtl: 86_400 };
const rec = (step: string, status: StepRecord['status'], at: string, until?: string): StepRecord => ({ step, status, at, detail: status, ...(until ? { until } : {}) });

describe('the --dnssec step machine', () => {
  it.each([
    ['nothing journaled', [], 'ds-remove'],
    ['a step started but not finished (a crash) is run again', [rec('ds-remove', 'started', 't1')], 'ds-remove'],
    ['a step waiting for the operator is run again', [rec('ds-remove', 'started', 't1'), rec('ds-remove', 'waiting', 't2')], 'ds-remove'],
    ['a done step is never run again', [rec('ds-remove', 'started', 't1'), rec('ds-remove', 'done', 't2')], 'ds-wait'],
    ['a skipped step counts as finished', [rec('ds-remove', 'done', 't1'), rec('ds-wait', 'done', 't2'), rec('dnssec', 'done', 't3'), rec('apex-ns', 'done', 't4'), rec('registrar', 'done', 't5'), rec('sign', 'skipped', 't6')], 'delegation-wait'],
    ['a failed step is where a resume goes on', [rec('ds-remove', 'done', 't1'), rec('ds-wait', 'done', 't2'), rec('dnssec', 'failed', 't3')], 'dnssec'],
  ] as const)('unsigned-first: %s', (_, records, next) => {
    expect(nextStep('unsigned-first', stepStates('unsigned-first', [...records]))).toBe(next);
  });

  it('multi-signer goes on to retire the old signer after the move', () => {
    const moved = ['sign', 'keys-publish', 'ds-publish', 'ttl-wait', 'dnssec', 'apex-ns', 'registrar'].map((s, i) => rec(s, 'done', `t${i}`));
    expect(nextStep('multi-signer', stepStates('multi-signer', moved))).toBe('old-ns-wait');
    // Crashed between ds-retire and keys-retire: the DS TTL wait, then the keys.
    const retired = [...moved, rec('old-ns-wait', 'done', 't8'), rec('ds-retire', 'started', 't9'), rec('ds-retire', 'done', 't10')];
    expect(nextStep('multi-signer', stepStates('multi-signer', retired))).toBe('ds-ttl-wait');
    expect(nextStep('multi-signer', stepStates('multi-signer', [...retired, rec('ds-ttl-wait', 'done', 't11'), rec('keys-retire', 'started', 't12')]))).toBe('keys-retire');
  });

  it('finishes when every step is done or skipped; records of other strategies\' steps are ignored', () => {
    const steps = ['sign', 'keys-publish', 'ds-publish', 'ttl-wait', 'dnssec', 'apex-ns', 'registrar', 'old-ns-wait', 'ds-retire', 'ds-ttl-wait', 'keys-retire'];
    const records = [rec('ds-remove', 'done', 't0'), ...steps.map((s, i) => rec(s, 'done', `t${i + 1}`))];
    expect(nextStep('multi-signer', stepStates('multi-signer', records))).toBeUndefined();
    expect(stepStates('multi-signer', records).has('ds-remove' as never)).toBe(false);
  });

  it('keeps the first end a wait was given, and its first start', () => {
    const states = stepStates('unsigned-first', [rec('ds-wait', 'started', '2026-01-01T00:00:00.000Z'), rec('ds-wait', 'waiting', 'x', '2026-01-01T03:05:00.000Z'), rec('ds-wait', 'waiting', 'y', '2026-01-09T00:00:00.000Z')]);
    const wait = states.get('ds-wait')!;
    expect(wait).toMatchObject({ status: 'waiting', startedAt: '2026-01-01T00:00:00.000Z', until: '2026-01-01T03:05:00.000Z' });
    expect(waitOver(wait, new Date('2026-01-01T03:04:59.999Z'))).toBe(false);
    expect(waitOver(wait, new Date('2026-01-01T03:05:00.000Z'))).toBe(true);
  });

  it.each([
    ['ds-wait', 3600 + 7200, 'DS TTL 1h + longest TTL 2h'],
    ['delegation-wait', 86_400, 'delegation TTL 1d'],
    ['ttl-wait', 7200, 'max(DS TTL 1h, DNSKEY TTL 2h)'],
    ['old-ns-wait', 86_400, 'delegation TTL 1d: no resolver still asks the old signer'],
    ['ds-ttl-wait', 3600, 'DS TTL 1h: no resolver holds the old signer\'s DS'],
  ] as const)('%s waits %i s (%s)', (step, seconds, why) => {
    const wait = waitOf(step, TTLS);
    expect(wait.seconds).toBe(seconds);
    expect(wait.why).toContain(why);
  });

  it('says when the DS TTL was assumed', () => {
    expect(waitOf('ds-wait', { ...TTLS, dsAssumed: true }).why).toContain('DS TTL 1h (assumed)');
  });

  it('lays out each strategy with its total wait', () => {
    const unsigned = strategyTimeline('unsigned-first', TTLS);
    expect(unsigned.seconds).toBe(3600 + 7200 + 86_400);
    expect(unsigned.lines[0]).toBe('1. ds-remove: remove the DS at the parent (the delegation goes insecure)');
    expect(unsigned.lines).toHaveLength(8);
    const multi = strategyTimeline('multi-signer', TTLS);
    expect(multi.seconds).toBe(7200);
    expect(multi.lines.slice(0, 4).map((l) => l.split(':')[0])).toEqual(['1. sign', '2. keys-publish', '3. ds-publish', '4. ttl-wait']);
    expect(multi.lines.slice(7)).toEqual(['old-ns-wait', 'ds-retire', 'ds-ttl-wait', 'keys-retire'].map((s, i) => `${i + 8}. ${s}: skipped (no --from: no signer leaves the zone)`));
  });

  it('lays out multi-signer with --from: the old signer is retired after the move, its waits counted', () => {
    const multi = strategyTimeline('multi-signer', TTLS, true);
    expect(multi.seconds).toBe(7200 + 86_400 + 3600);
    expect(multi.lines.slice(7)).toEqual([
      '8. old-ns-wait: wait 1d (delegation TTL 1d: no resolver still asks the old signer)',
      '9. ds-retire: remove the old signer\'s DS at the parent',
      '10. ds-ttl-wait: wait 1h (DS TTL 1h: no resolver holds the old signer\'s DS)',
      '11. keys-retire: remove the old signer\'s keys from the other signers\' DNSKEY sets',
    ]);
  });
});
