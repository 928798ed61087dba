import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RRset } from '../../src/core/model.js';
import { axfr } from '../../src/dns/axfr.js';
import { DnsError, TsigError } from '../../src/dns/error.js';
import { sendUpdate, type UpdateOperation } from '../../src/dns/update.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';

const run = promisify(execFile);

describe('axfr from the test server', () => {
  let server: TestDnsServer;
  const Z = 'xfr.test.';
  const rrsets: RRset[] = [
    { name: Z, type: 'NS', ttl: 3600, values: [`ns1.${Z}`] },
    ...Array.from({ length: 25 }, (_, i): RRset => ({ name: `h${i}.${Z}`, type: 'A', ttl: 60, values: [`192.0.2.${i}`] })),
    { name: `txt.${Z}`, type: 'TXT', ttl: 60, values: ['"one" "two"'] },
  ];
  beforeAll(async () => {
    server = await startDnsServer({ axfrRecordsPerMessage: 4 });
    server.setZone({ name: Z, rrsets });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads a transfer spread over many messages, SOA apart', async () => {
    const transfer = await axfr({ address: server.address, port: server.port }, 'xfr.test');
    expect(transfer.soa).toMatchObject({ mname: `ns1.${Z}`, serial: 1 });
    expect(transfer.records).toHaveLength(27);
    expect(transfer.records).toContainEqual({ name: `txt.${Z}`, type: 'TXT', ttl: 60, value: '"one" "two"' });
    expect(transfer.records).toContainEqual({ name: `h24.${Z}`, type: 'A', ttl: 60, value: '192.0.2.24' });
  });

  it('says clearly when the server is not authoritative or refuses', async () => {
    await expect(axfr({ address: server.address, port: server.port }, 'other.test.')).rejects.toThrow(/other\.test\. AXFR: zone transfer answered NOTAUTH/);
    server.faults.refuse = true;
    try {
      await expect(axfr({ address: server.address, port: server.port }, Z)).rejects.toThrow(/zone transfer answered REFUSED: the server does not allow this transfer/);
    } finally {
      server.faults.refuse = false;
    }
  });

  it('fails when a TSIG key was given and the server does not sign', async () => {
    const error = await axfr({ address: server.address, port: server.port }, Z, { tsig: { name: 'k', algorithm: 'hmac-sha256', secret: 'c2VjcmV0c2VjcmV0' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TsigError);
    expect((error as TsigError).code).toBe('UNSIGNED');
    expect((error as Error).message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${server.port} xfr\\.test\\. AXFR: TSIG UNSIGNED`));
  });
});

describe('axfr from BIND with TSIG', () => {
  let bind: BindServer;
  const Z = 'big.test.';
  const chunks = 4;
  const perChunk = 250;
  beforeAll(async () => {
    bind = await startBind({ zones: [Z] });
    // ~200 kB of TXT, so named needs several messages for the transfer.
    for (let c = 0; c < chunks; c++) {
      const updates: UpdateOperation[] = Array.from({ length: perChunk }, (_, i) => ({ kind: 'add', name: `t${c}-${i}.${Z}`, type: 'TXT', ttl: 300, value: `"${'x'.repeat(180)}" "${c}-${i}"` }));
      const result = await sendUpdate(bind.dns, { zone: Z, prerequisites: [], updates }, { tsig: bind.tsig });
      expect(result.rcode).toBe('NOERROR');
    }
  });
  afterAll(async () => {
    await bind?.stop();
  });

  it('verifies every message of a multi-message signed transfer', async () => {
    const dig = await run('dig', ['-p', String(bind.dns.port), '@127.0.0.1', '-y', `${bind.tsig.algorithm}:${bind.tsig.name}:${bind.tsig.secret}`, Z, 'AXFR']);
    const messages = Number(/XFR size: \d+ records \(messages (\d+)/.exec(dig.stdout)?.[1]);
    expect(messages).toBeGreaterThan(1);
    const transfer = await axfr(bind.dns, Z, { tsig: bind.tsig });
    expect(transfer.soa).toMatchObject({ mname: `ns1.${Z}`, rname: `hostmaster.${Z}`, serial: 1 + chunks });
    const txt = transfer.records.filter((r) => r.type === 'TXT');
    expect(txt).toHaveLength(chunks * perChunk);
    expect(txt).toContainEqual({ name: `t3-249.${Z}`, type: 'TXT', ttl: 300, value: `"${'x'.repeat(180)}" "3-249"` });
    expect(transfer.records.filter((r) => r.type !== 'TXT')).toEqual([
      { name: Z, type: 'NS', ttl: 300, value: `ns1.${Z}` },
      { name: `ns1.${Z}`, type: 'A', ttl: 300, value: '127.0.0.1' },
    ]);
  });

  it('is refused without the key, and fails TSIG with a wrong one without showing the secret', async () => {
    await expect(axfr(bind.dns, Z)).rejects.toThrow(/big\.test\. AXFR: zone transfer answered (REFUSED|NOTAUTH)/);
    const wrong = { ...bind.tsig, secret: Buffer.alloc(32, 1).toString('base64') };
    const error = await axfr(bind.dns, Z, { tsig: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TsigError);
    expect((error as TsigError).code).toBe('BADSIG');
    expect((error as Error).message).not.toContain(wrong.secret);
    expect((error as Error).message).not.toContain(bind.tsig.secret);
    const unknownKey = await axfr(bind.dns, Z, { tsig: { ...bind.tsig, name: 'nobody' } }).catch((e: unknown) => e);
    expect(unknownKey).toBeInstanceOf(DnsError);
    expect((unknownKey as TsigError).code).toBe('BADKEY');
  });
});
