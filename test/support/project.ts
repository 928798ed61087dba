/**
 * The unit project (vitest.config.ts) runs without a build and without servers. Everything that
 * needs one of them calls this first, so a test placed in unit fails loudly instead of passing
 * on whatever dist/ or server happens to be on the machine.
 */
export function needsIntegration(what: string): void {
  if (process.env.ZONESYNC_TEST_PROJECT !== 'unit') return;
  throw new Error(`${what} is not available to the unit project: put "// test-project: integration" in this test file (see vitest.config.ts)`);
}
