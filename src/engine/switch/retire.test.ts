import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dsFor, formatDs, type Dnskey } from '../../dns/dnssec/index.js';
import { dnskeyFromText, nameWire } from '../../dns/dnssec/wire.js';
import { dsAfterRetire, foreignAfterRetire, oldSignerKeys } from './retire.js';
import type { Signer } from './signers.js';

const ZONE = 'example.com.';
const key = (flags: number, fill: number): Dnskey => dnskeyFromText(`${flags} 3 13 ${Buffer.alloc(64, fill).toString('base64')}`);
const ds = (k: Dnskey, digestType = 2): string => formatDs(dsFor(ZONE, k, digestType));

// The old signer a: a KSK and a ZSK; the new signer b: a CSK; c: a KSK that is nobody's here.
const aKsk = key(257, 1);
const aZsk = key(256, 2);
const bCsk = key(257, 3);
const cKsk = key(257, 4);
const b: Signer = { id: 'b', keys: [bCsk], ds: [ds(bCsk)] };

describe('which keys are the old signer\'s', () => {
  it('takes the recorded and the live keys once each', () => {
    expect(oldSignerKeys([aKsk, aZsk], [aZsk], [bCsk])).toEqual([aKsk, aZsk]);
  });

  it('never counts a key a remaining signer holds as its own', () => {
    expect(oldSignerKeys([aKsk, bCsk], [], [bCsk])).toEqual([aKsk]);
  });

  it('is empty when nothing was recorded and the old signer names no key', () => {
    expect(oldSignerKeys([], [], [bCsk])).toEqual([]);
  });
});

describe('the DS set the parent keeps (ds-retire)', () => {
  it('removes every DS of the old signer\'s keys (SHA-256 and SHA-384) and keeps the others, a stranger\'s too', () => {
    const parent = [ds(aKsk), ds(aKsk, 4), ds(bCsk), ds(cKsk)];
    expect(dsAfterRetire(ZONE, parent, [aKsk, aZsk], [b])).toEqual({ keep: [ds(bCsk), ds(cKsk)], removed: [ds(aKsk), ds(aKsk, 4)] });
  });

  it('removes the old key\'s SHA-1 DS too (made from it: RFC 3658 digest), and keeps a SHA-1 DS that only shares its tag', () => {
    const sha1 = formatDs({ keyTag: aKsk.keyTag, algorithm: 13, digestType: 1, digest: createHash('sha1').update(nameWire(ZONE)).update(aKsk.rdata).digest() });
    const lookalike = `${aKsk.keyTag} 13 1 ${'AB'.repeat(20)}`;
    expect(dsAfterRetire(ZONE, [ds(aKsk), sha1, lookalike, ds(bCsk)], [aKsk], [b])).toEqual({ keep: [lookalike, ds(bCsk)], removed: [ds(aKsk), sha1] });
  });

  it('does not count a remaining signer\'s SHA-1 DS as one it can be validated with', () => {
    const bSha1 = formatDs({ keyTag: bCsk.keyTag, algorithm: 13, digestType: 1, digest: createHash('sha1').update(nameWire(ZONE)).update(bCsk.rdata).digest() });
    expect(dsAfterRetire(ZONE, [ds(aKsk), bSha1], [aKsk], [b])).toHaveProperty('refusal');
  });

  it('removes nothing when the parent holds none of the old signer\'s DS (a resume after the change)', () => {
    expect(dsAfterRetire(ZONE, [ds(bCsk)], [aKsk, aZsk], [b])).toEqual({ keep: [ds(bCsk)], removed: [] });
  });

  it('refuses when a delegated signer would be left without a DS', () => {
    const plan = dsAfterRetire(ZONE, [ds(aKsk), ds(cKsk)], [aKsk, aZsk], [b]);
    expect(plan).toEqual({ refusal: `refused: without the old signer's ${ds(aKsk)} the parent would hold no DS for the keys of b (${bCsk.keyTag}/13); nothing was changed` });
  });
});

describe('the foreign keys a remaining signer keeps (keys-retire)', () => {
  it('drops only the old signer\'s keys: its own and a third signer\'s stay', () => {
    expect(foreignAfterRetire([bCsk, aZsk, aKsk, cKsk], [bCsk], [aKsk, aZsk])).toEqual({ keep: [cKsk], removed: [aZsk, aKsk] });
  });

  it('has nothing to remove once the old keys are gone', () => {
    expect(foreignAfterRetire([bCsk], [bCsk], [aKsk, aZsk])).toEqual({ keep: [], removed: [] });
  });
});
