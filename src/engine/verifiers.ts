import { apiVerifier, noVerifier, type ChunkVerifier } from './chunk-verifier.js';

/** The chunk verifier for `--verify`. */
export function verifierFor(mode: 'dns' | 'api' | 'none'): ChunkVerifier {
  switch (mode) {
    case 'none':
      return noVerifier;
    case 'api':
      return apiVerifier;
    case 'dns':
      return apiVerifier;
  }
}
