/** Bounds on what one run reads from its (untrusted) input; zonesync.yaml `limits:` overrides them. */
export interface InputLimits {
  /** How deep $INCLUDEs may nest (the zone file is depth 0). */
  includeDepth: number;
  /** $INCLUDEs read for one zone, all files together. */
  includes: number;
  /** Largest zone or included file, in bytes. */
  fileBytes: number;
  /** Bytes read for one zone: its file and every file it includes. */
  totalBytes: number;
  /** Aliases (`*name`) in one YAML document. */
  yamlAliases: number;
  /** Problems shown by validate and plan; the rest are counted. */
  problems: number;
  /** Records all `$GENERATE` lines of one zone may make together. */
  generated: number;
}

export const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  includeDepth: 8,
  includes: 64,
  fileBytes: 16 * MiB,
  totalBytes: 64 * MiB,
  yamlAliases: 10_000,
  problems: 100,
  generated: 100_000,
});
