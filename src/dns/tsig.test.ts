import { describe, expect, it } from 'vitest';
import { TsigError } from './error.js';
import { decodePacket, encodePacket, headerFlags } from './packet.js';
import { signRequest, splitTsig, tsigSize, TsigSigner, TsigVerifier, type TsigKey } from './tsig.js';

const key: TsigKey = { name: 'zonesync-test.', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 0x2a).toString('base64') };
const NOW = 1_700_000_000;

function message(id: number, response: boolean, answers = 0): Buffer {
  return encodePacket({
    id, type: response ? 'response' : 'query', flags: headerFlags({ aa: response }),
    questions: [{ name: 'example.com', type: 'AXFR', class: 'IN' }],
    answers: Array.from({ length: answers }, (_, i) => ({ name: `r${i}.example.com`, type: 'A', class: 'IN', ttl: 60, data: `192.0.2.${i}` })),
    authorities: [], additionals: [],
  });
}

/** Collects the TsigError a call throws, so tests can assert on code and message. */
function failure(run: () => void): TsigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TsigError);
    return error as TsigError;
  }
  throw new Error('expected a TsigError');
}

const thrown: TsigError[] = [];
function expectTsig(run: () => void, code: TsigError['code']): TsigError {
  const error = failure(run);
  thrown.push(error);
  expect(error.code).toBe(code);
  return error;
}

describe('TSIG known answers from BIND 9.18 dig -y', () => {
  // Captured from `dig -y ALG:NAME:SECRET` (BIND 9.18.49): the whole signed query, byte for byte.
  const vectors = [
    {
      key: { name: 'zonesync-test.', algorithm: 'hmac-sha256', secret: Buffer.from('zonesync known-answer test secret, not a real key').toString('base64') } as TsigKey,
      hex: 'ffe80120000100000000000103777777076578616d706c6503636f6d00000100010d7a6f6e6573796e632d746573740000fa00ff00000000003d0b686d61632d7368613235360000006b025a41012c0020f8f5260f2af55c9a98f46f8af31c0cfb4280add86356cdaf1b24e8efcbec2437ffe800000000',
    },
    {
      key: { name: 'k512', algorithm: 'hmac-sha512', secret: Buffer.alloc(64, 7).toString('base64') } as TsigKey,
      hex: 'db1101200001000000000002076578616d706c6503636f6d000006000100002904d0000000000000046b3531320000fa00ff00000000005d0b686d61632d7368613531320000006b025a42012c0040fab0eb88c34756b648d9264cc5db5fa0841e1da8c165ff549fe5d2b1207134a2c9f34f6213329cff0dc873539b1cfca951853b976c0384f4422094b1fec4efb5db1100000000',
    },
  ];

  it.each(vectors)('$key.algorithm: signing the same query at the same time gives the same bytes', ({ key: k, hex }) => {
    const signed = Buffer.from(hex, 'hex');
    const split = splitTsig(signed);
    if (!split) throw new Error('vector has no TSIG');
    expect(signRequest(split.unsigned, k, { now: split.record.timeSigned }).message.toString('hex')).toBe(hex);
    expect(() => new TsigVerifier(k, undefined).verify(signed, split.record.timeSigned)).not.toThrow();
    expect(signed.length - split.unsigned.length).toBe(tsigSize(k));
  });
});

describe('TSIG', () => {
  it('verifies a response signed over the request MAC', () => {
    const request = signRequest(message(77, false), key, { now: NOW });
    expect(decodePacket(request.message).additionals.map((r) => r.type)).toEqual(['TSIG']);
    const response = new TsigSigner(key, request.mac).sign(message(77, true, 3), { now: NOW + 1 });
    expect(() => new TsigVerifier(key, request.mac).verify(response, NOW + 2)).not.toThrow();
  });

  it('rejects a tampered response as BADSIG', () => {
    const request = signRequest(message(1, false), key, { now: NOW });
    const response = new TsigSigner(key, request.mac).sign(message(1, true, 1), { now: NOW });
    const tampered = Buffer.from(response);
    const at = tampered.indexOf(Buffer.from([192, 0, 2, 0]));
    tampered[at + 3] = 99;
    expectTsig(() => new TsigVerifier(key, request.mac).verify(tampered, NOW), 'BADSIG');
  });

  it('rejects a response to another request as BADSIG', () => {
    const request = signRequest(message(1, false), key, { now: NOW });
    const other = signRequest(message(2, false), key, { now: NOW });
    const response = new TsigSigner(key, other.mac).sign(message(1, true, 1), { now: NOW });
    expectTsig(() => new TsigVerifier(key, request.mac).verify(response, NOW), 'BADSIG');
  });

  it('rejects a signature made with another secret as BADSIG and another key name as BADKEY', () => {
    const request = signRequest(message(1, false), key, { now: NOW });
    const wrongSecret: TsigKey = { ...key, secret: Buffer.alloc(32, 0x2b).toString('base64') };
    const bySecret = new TsigSigner(wrongSecret, request.mac).sign(message(1, true), { now: NOW });
    expectTsig(() => new TsigVerifier(key, request.mac).verify(bySecret, NOW), 'BADSIG');
    const byName = new TsigSigner({ ...key, name: 'someone-else' }, request.mac).sign(message(1, true), { now: NOW });
    expectTsig(() => new TsigVerifier(key, request.mac).verify(byName, NOW), 'BADKEY');
    const byAlgorithm = new TsigSigner({ ...key, algorithm: 'hmac-sha512' }, request.mac).sign(message(1, true), { now: NOW });
    expectTsig(() => new TsigVerifier(key, request.mac).verify(byAlgorithm, NOW), 'BADKEY');
  });

  it('rejects a response signed outside the fudge as BADTIME', () => {
    const request = signRequest(message(1, false), key, { now: NOW });
    const response = new TsigSigner(key, request.mac).sign(message(1, true), { now: NOW, fudge: 300 });
    expect(() => new TsigVerifier(key, request.mac).verify(response, NOW + 300)).not.toThrow();
    expect(expectTsig(() => new TsigVerifier(key, request.mac).verify(response, NOW + 301), 'BADTIME').message).toMatch(/301 s from our clock/);
  });

  it('rejects a missing signature and names the error a server put in its TSIG', () => {
    const request = signRequest(message(1, false), key, { now: NOW });
    expectTsig(() => new TsigVerifier(key, request.mac).verify(message(1, true), NOW), 'UNSIGNED');
    for (const [error, code] of [[16, 'BADSIG'], [17, 'BADKEY'], [18, 'BADTIME']] as const) {
      const refused = new TsigSigner(key, request.mac).sign(message(1, true), { now: NOW, error });
      expect(expectTsig(() => new TsigVerifier(key, request.mac).verify(refused, NOW), code).message).toMatch(/server rejected our signature/);
    }
  });

  it('verifies a multi-message stream, each message over the prior MAC, with unsigned messages between', () => {
    const request = signRequest(message(5, false), key, { now: NOW });
    const signer = new TsigSigner(key, request.mac);
    const stream = [signer.sign(message(5, true, 2), { now: NOW }), signer.skip(message(5, true, 3)), signer.sign(message(5, true, 4), { now: NOW + 1 }), signer.sign(message(5, true, 1), { now: NOW + 1 })];
    const verifier = new TsigVerifier(key, request.mac);
    for (const m of stream) verifier.verify(m, NOW + 1);
    expect(() => verifier.finish()).not.toThrow();
  });

  it('fails a stream whose messages are reordered, or that ends unsigned', () => {
    const request = signRequest(message(5, false), key, { now: NOW });
    const signer = new TsigSigner(key, request.mac);
    const [first, second, third] = [1, 2, 3].map((n) => signer.sign(message(5, true, n), { now: NOW })) as [Buffer, Buffer, Buffer];
    const verifier = new TsigVerifier(key, request.mac);
    verifier.verify(first, NOW);
    expectTsig(() => verifier.verify(third, NOW), 'BADSIG');
    void second;
    const open = new TsigVerifier(key, request.mac);
    open.verify(first, NOW);
    open.verify(message(5, true, 9), NOW);
    expectTsig(() => open.finish(), 'UNSIGNED');
  });

  it('refuses an unusable key without echoing its secret', () => {
    expectTsig(() => signRequest(message(1, false), { ...key, secret: '' }), 'BADKEY');
    expectTsig(() => signRequest(message(1, false), { ...key, algorithm: 'hmac-md5' as never }), 'BADKEY');
  });

  it('never puts the secret in an error message', () => {
    expect(thrown.length).toBeGreaterThan(10);
    const secretBytes = Buffer.from(key.secret, 'base64');
    for (const error of thrown) {
      expect(error.message).not.toContain(key.secret);
      expect(error.message).not.toContain(secretBytes.toString('hex'));
      expect(error.message).not.toContain(secretBytes.toString('latin1'));
    }
  });
});
