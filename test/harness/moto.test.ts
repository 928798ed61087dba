import { describe, expect, it } from 'vitest';
import { startMoto } from './moto.js';

describe('startMoto', () => {
  it('starts moto_server on loopback, resets it and stops it', async () => {
    const moto = await startMoto();
    try {
      expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // moto picks the service from the signing scope
      const headers = { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0' };
      const created = await fetch(`${moto.endpoint}/2013-04-01/hostedzone`, {
        method: 'POST',
        headers,
        body: '<CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Name>harness.com.</Name><CallerReference>x</CallerReference></CreateHostedZoneRequest>',
      });
      expect(created.status).toBe(201);
      const listed = async () => (await (await fetch(`${moto.endpoint}/2013-04-01/hostedzone`, { headers })).text()).includes('harness.com.');
      expect(await listed()).toBe(true);
      await moto.reset();
      expect(await listed()).toBe(false);
    } finally {
      await moto.stop();
    }
    await expect(fetch(`${moto.endpoint}/moto-api/data.json`)).rejects.toThrow();
  });
});
