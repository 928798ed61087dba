import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Three projects, picked by what a test needs (README, "What we test and how"):
//   unit         no build, no servers, no spawn of the built CLI (`npm run test:unit`)
//   integration  real servers (PowerDNS, BIND, Knot, moto), the simulators, the CLI through bin/run.js
//   slow         crash trials, fuzzing, big drills
// A file's place gives its project: src/** is unit; test/fuzz/** and test/drills/** are slow; the
// rest of test/** is integration. A line `// test-project: unit` (or integration, slow) anywhere in
// the file overrides its place. The unit project sets ZONESYNC_TEST_PROJECT=unit, and the CLI
// runner, the server harnesses and the simulators throw there, so a misplaced test fails loudly.
const PROJECTS = ['unit', 'integration', 'slow'] as const;
type Project = (typeof PROJECTS)[number];
const MARKER = /^\/\/ test-project: (\S+)\s*$/m;

function byPlace(file: string): Project {
  if (file.startsWith('src/')) return 'unit';
  if (/^test\/(fuzz|drills)\//.test(file)) return 'slow';
  return 'integration';
}

function projectOf(file: string): Project {
  const marked = MARKER.exec(readFileSync(file, 'utf8'))?.[1];
  if (marked === undefined) return byPlace(file);
  if (!(PROJECTS as readonly string[]).includes(marked)) throw new Error(`${file}: unknown "// test-project: ${marked}" (one of ${PROJECTS.join(', ')})`);
  return marked as Project;
}

const placed = ['src', 'test']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f).split('\\').join('/')))
  .filter((f) => f.endsWith('.test.ts'))
  .map((file) => ({ file, project: projectOf(file) }));
const filesOf = (project: Project) => placed.filter((p) => p.project === project).map((p) => p.file).sort();

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every zone file the file provider writes in the run must pass named-checkzone (test/support/zone-audit).
    globalSetup: ['test/support/zone-audit/global-setup.ts'],
    reporters: ['default'],
    projects: PROJECTS.map((name) => ({
      extends: true as const,
      test: { name, include: filesOf(name), env: { ZONESYNC_TEST_PROJECT: name } },
    })),
  },
});
