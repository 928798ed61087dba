/** What every case gets from the runner. */
export interface BenchContext {
  quick: boolean;
  /** `--runs N` overrides each case's default. */
  runs?: number;
  log(line: string): void;
}
