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

  it('finishes when every step is done or skipped; records of other strategies\' steps are ignored', () => {
    const steps = ['sign', 'keys-publish', 'ds-publish', 'ttl-wait', 'dnssec', 'apex-ns', 'registrar'];
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
  });
});
