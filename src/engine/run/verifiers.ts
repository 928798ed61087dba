import { apiVerifier, noVerifier, type ChunkVerifier } from './chunk-verifier.js';
import { dnsVerifier } from './dns-verifier.js';

/** The chunk verifier for `--verify`; `deadlineMs` bounds how long nameservers may take to catch up. */
export function verifierFor(mode: 'dns' | 'api' | 'none', deadlineMs = 30_000): ChunkVerifier {
  switch (mode) {
    case 'none':
      return noVerifier;
    case 'api':
      return apiVerifier;
    case 'dns':
      return dnsVerifier(deadlineMs);
  }
}
