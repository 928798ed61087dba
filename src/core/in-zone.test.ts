import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { assertInZone } from './in-zone.js';

describe('assertInZone: a provider read holds only owners inside the zone', () => {
  it('apex and names below it pass', () => {
    expect(() => assertInZone('example.com.', [{ name: 'example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] }, { name: 'a.b.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] }], 'pdns')).not.toThrow();
  });

  it('an owner outside (even one that ends in the same letters) is an error naming owner and provider', () => {
    let caught: unknown;
    try {
      assertInZone('example.com.', [{ name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] }, { name: 'badexample.com.', type: 'TXT', ttl: 60, values: ['"x"'] }], 'pdns');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).message).toBe('pdns: zone example.com.: the provider returned an owner outside the zone (badexample.com.); nothing was planned or changed from this read');
    expect((caught as ProviderError).details).toEqual(['badexample.com. TXT is not in example.com.']);
  });
});
