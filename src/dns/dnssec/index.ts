/** DNSSEC on the wire: parsing, signature and DS checks, denial proofs. Pure but for node:crypto. */
export { ALGORITHMS, dsDigest, dsFor, dsMatches, dsOfKey, nsec3Hash, base32hex, sigDate, sigTime, signatureValid, signedData, timeBefore, publicKeyOf } from './crypto.js';
export { denialProblem, isCompactNxdomain, type Denial } from './denial.js';
export { checkAnswer, checkDnskeySet, checkRrset, type AnswerToCheck, type DnssecFinding, type ValidationContext } from './validate.js';
export { compareNames, dnskeyText, formatDs, isKsk, keyTag, parseDnskey, parseDsRdata, parseDsValue, parseNsec, parseNsec3, parseRrsig, rdataOf, type Dnskey, type Ds, type Nsec, type Nsec3, type Rrsig } from './wire.js';
