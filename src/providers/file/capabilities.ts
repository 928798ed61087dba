import type { Capabilities } from '../provider.js';

/** What an RFC 1035 master file holds, as named or NSD load it. */
const SUPPORTED = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NS', 'PTR', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT'] as const;

export const fileCapabilities: Capabilities = {
  types: {
    ...Object.fromEntries(SUPPORTED.map((t) => [t, { supported: true }])),
    ALIAS: { supported: false, reason: 'RFC 1035 master files have no ALIAS type; BIND cannot load it' },
  },
  // The whole zone file is rewritten per chunk, so a chunk of any size is one write.
  maxChangesPerBatch: 100_000,
  atomicBatch: true,
  alias: 'none',
  minTtl: 0,
  partialRead: 'the file it just wrote (parsed once, as written; re-read only when the file changed since)',
};
