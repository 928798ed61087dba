/** What `verify` and chunk verification call: ask every nameserver, compare with the zone, report. */
export { checkNameserver, DEFAULT_VERIFY_OPTIONS, verifyTargets, type VerifyOptions, type VerifyRunOptions, type VerifyTarget } from './check.js';
export { verifyUntil, type VerifyUntilOptions } from './retry.js';
export { nothingAskedFor, type CrossProviderDifference, type Mismatch, type NameserverReport, type NameserverStatus, type NothingAsked, type ProviderReport, type TtlWarning, type Unanswered, type VerifyProblem, type VerifyReport } from './report.js';
export { questionsFor, expectedAnswer, type Expected, type Question } from '../core/expect.js';
