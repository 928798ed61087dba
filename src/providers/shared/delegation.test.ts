import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import { DelegationAddresses } from './delegation.js';

describe('DelegationAddresses', () => {
  it('uses the configured addresses when the block lists some, and never asks for names', async () => {
    const addresses = new DelegationAddresses('p', ['127.0.0.1:5300', '[::1]'], async () => { throw new Error('not asked'); });
    expect(await addresses.of('example.com.')).toEqual([{ address: '127.0.0.1', port: 5300 }, { address: '::1', port: 53 }]);
  });

  it('resolves the delegation names once per zone, and tries again after a failure', async () => {
    let asked = 0;
    let fail = true;
    const resolve = async (host: string) => {
      if (fail) throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
      return host === 'ns1.example.net.' ? ['192.0.2.1', '2001:db8::1'] : ['192.0.2.2'];
    };
    const addresses = new DelegationAddresses('p', undefined, async () => { asked++; return ['ns1.example.net.', 'ns2.example.net.']; }, { resolve });
    const error = await addresses.of('example.com.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe('p: zone example.com.: nameserver ns1.example.net. does not resolve (ENOTFOUND); set providers.p.nameservers');
    fail = false;
    const found = await addresses.of('example.com.');
    expect(found).toEqual([
      { name: 'ns1.example.net.', address: '192.0.2.1', port: 53 },
      { name: 'ns1.example.net.', address: '2001:db8::1', port: 53 },
      { name: 'ns2.example.net.', address: '192.0.2.2', port: 53 },
    ]);
    found.pop();
    expect(await addresses.of('example.com.')).toHaveLength(3);
    expect(asked).toBe(2);
  });

  it('is an error without names only when the provider says what is missing', async () => {
    expect(await new DelegationAddresses('p', undefined, async () => []).of('example.com.')).toEqual([]);
    await expect(new DelegationAddresses('p', undefined, async () => [], { none: 'apex NS rrset' }).of('example.com.')).rejects.toThrow('p: zone example.com. has no apex NS rrset, so there is no nameserver to ask; set providers.p.nameservers');
  });
});
