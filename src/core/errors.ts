/** Exit codes that scripts depend on (DESIGN.md). */
export const ExitCode = {
  ok: 0,
  error: 1,
  changes: 2,
  verificationFailed: 3,
  refusedBySafety: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on: its message says what, where and what was expected, and the
 * top-level handler prints it without a stack and exits with `exitCode`. Anything else is a bug.
 */
export class ZonesyncError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Extra lines: every reason when there are several. */
  readonly details: string[];

  constructor(message: string, options: { exitCode?: ExitCodeValue; details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZonesyncError';
    this.exitCode = options.exitCode ?? ExitCode.error;
    this.details = options.details ?? [];
  }
}

/** A provider's API or server failed; names the provider, and the zone and record when known. */
export class ProviderError extends ZonesyncError {
  readonly provider: string;
  /** True when retrying the same call may succeed (timeouts, 429, 5xx). */
  readonly transient: boolean;

  constructor(provider: string, message: string, options: { transient?: boolean; details?: string[]; cause?: unknown } = {}) {
    super(`${provider}: ${message}`, { exitCode: ExitCode.error, details: options.details ?? [], cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.transient = options.transient ?? false;
  }
}
