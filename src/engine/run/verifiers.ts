import { apiVerifier, noVerifier, type ChunkVerifier } from './chunk-verifier.js';
import { dnsVerifier } from './dns-verifier.js';
import { DEFAULT_VERIFY_RATE, nameserverPace } from './query-pace.js';

/**
 * The chunk verifier for `--verify`; `deadlineMs` bounds how long nameservers may take to catch up,
 * `ratePerSecond` how fast one nameserver is asked (`defaults.verifyRate`).
 */
export function verifierFor(mode: 'dns' | 'api' | 'none', deadlineMs = 30_000, ratePerSecond = DEFAULT_VERIFY_RATE): ChunkVerifier {
  switch (mode) {
    case 'none':
      return noVerifier;
    case 'api':
      return apiVerifier;
    case 'dns':
      return dnsVerifier(deadlineMs, nameserverPace(ratePerSecond));
  }
}
