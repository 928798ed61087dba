import { describe, expect, it } from 'vitest';
import { dsFor, formatDs } from '../../dns/dnssec/index.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';
import { route53ConfigSchema } from './config.js';
import { route53DnssecStatus } from './dnssec.js';

const DNSKEY = '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';
const key = dnskeyFromText(DNSKEY);
const DS = formatDs(dsFor('example.com.', key));

describe('route53DnssecStatus', () => {
  it('lists the ACTIVE key-signing keys of a signing zone, with the DS computed from the DNSKEYRecord', () => {
    const status = route53DnssecStatus('example.com.', { ServeSignature: 'SIGNING' }, [
      { Name: 'a', Status: 'ACTIVE', DNSKEYRecord: DNSKEY, KeyTag: key.keyTag, DSRecord: DS.toLowerCase() },
      { Name: 'b', Status: 'INACTIVE', DNSKEYRecord: DNSKEY },
    ]);
    expect(status).toEqual({ signed: true, keys: [{ keyTag: key.keyTag, algorithm: 13, role: 'KSK', ds: [DS] }], source: 'Route 53 GetDNSSEC: SIGNING; its ZSK is not listed' });
  });

  it('NOT_SIGNING is unsigned whatever KSKs exist; DELETING still signs', () => {
    expect(route53DnssecStatus('example.com.', { ServeSignature: 'NOT_SIGNING' }, [{ Name: 'a', Status: 'ACTIVE', DNSKEYRecord: DNSKEY }]).signed).toBe(false);
    expect(route53DnssecStatus('example.com.', undefined, []).signed).toBe(false);
    expect(route53DnssecStatus('example.com.', { ServeSignature: 'DELETING' }, [{ Name: 'a', Status: 'ACTIVE', DNSKEYRecord: DNSKEY }]).source).toContain('DELETING');
  });

  it('refuses ACTION_NEEDED, a KeyTag or DSRecord that is not its key\'s, and a KSK without DNSKEYRecord', () => {
    expect(() => route53DnssecStatus('example.com.', { ServeSignature: 'ACTION_NEEDED', StatusMessage: 'KMS key disabled' }, [])).toThrow(/ACTION_NEEDED: KMS key disabled/);
    expect(() => route53DnssecStatus('example.com.', { ServeSignature: 'SIGNING' }, [{ Name: 'a', Status: 'ACTIVE', DNSKEYRecord: DNSKEY, KeyTag: (key.keyTag + 1) % 65536 }])).toThrow(/KeyTag .* is not the tag/);
    expect(() => route53DnssecStatus('example.com.', { ServeSignature: 'SIGNING' }, [{ Name: 'a', Status: 'ACTIVE', DNSKEYRecord: DNSKEY, DSRecord: `${key.keyTag} 13 2 ${'00'.repeat(32)}` }])).toThrow(/DSRecord .* is not the DS/);
    expect(() => route53DnssecStatus('example.com.', { ServeSignature: 'SIGNING' }, [{ Name: 'a', Status: 'ACTIVE' }])).toThrow(/no DNSKEYRecord/);
  });
});

describe('dnssecKmsKeyArn', () => {
  it('takes a KMS key ARN in us-east-1 and refuses other regions and services', () => {
    const parse = (arn: string) => route53ConfigSchema.safeParse({ type: 'route53', dnssecKmsKeyArn: arn });
    expect(parse('arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666').success).toBe(true);
    const wrong = parse('arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666');
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toContain('in us-east-1');
    expect(parse('arn:aws:s3:::bucket').success).toBe(false);
  });
});
