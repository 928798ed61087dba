import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer fence of eslint.config.js (eslint-rules/layers.js), run through ESLint's Node API on
 * planted files: each violation is reported, each import the layer order allows is not.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });
});

/** The rule ids and messages reported for `code` as if it were the file at `file` (relative to the project). */
async function lint(file: string, code: string): Promise<Array<{ rule: string | null; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const FENCE = ['zonesync/layers', 'no-restricted-imports', 'no-restricted-properties', 'no-restricted-syntax', 'no-restricted-globals'];
const fenced = async (file: string, code: string) => (await lint(file, code)).filter((m) => m.rule !== null && FENCE.includes(m.rule));

describe('the layer fence reports a planted violation', () => {
  const violations: Array<[string, string, string]> = [
    // [file, code, what the message must name]
    ['src/core/planted.ts', "export { x } from '../engine/plan.js';", 'src/engine/plan.ts'],
    ['src/core/zonefile/planted.ts', "import { x } from '../../providers/registry.js';\nexport const y = x;", 'src/providers/registry.ts'],
    ['src/core/zonefile/deep/planted.ts', "import type { X } from '../../../config/load.js';\nexport type Y = X;", 'src/config/load.ts'],
    ['src/core/planted.ts', "export const load = () => import('../dns/client.js');", 'src/dns/client.ts'],
    ['src/core/planted.ts', "export type T = import('../engine/apply.js').ApplyReport;", 'src/engine/apply.ts'],
    ['src/core/planted.ts', "import { x } from '../io/sleep.js';\nexport const y = x;", 'src/io/sleep.ts'],
    ['src/lib/planted.ts', "import { x } from '../core/model.js';\nexport const y = x;", 'src/core/model.ts'],
    ['src/io/planted.ts', "import { x } from '../config/load.js';\nexport const y = x;", 'src/config/load.ts'],
    ['src/dns/planted.ts', "import { x } from '../verify/check.js';\nexport const y = x;", 'src/verify/check.ts'],
    ['src/dns/planted.ts', "import { x } from '../providers/registry.js';\nexport const y = x;", 'src/providers/registry.ts'],
    ['src/config/planted.ts', "import { x } from '../providers/registry.js';\nexport const y = x;", 'src/providers/registry.ts'],
    ['src/providers/planted.ts', "import { x } from '../engine/apply.js';\nexport const y = x;", 'src/engine/apply.ts'],
    ['src/providers/file/planted.ts', "import { x } from '../../verify/index.js';\nexport const y = x;", 'src/verify/index.ts'],
    ['src/providers/schemas.ts', "import { x } from './registry.js';\nexport const y = x;", 'src/providers/registry.ts'],
    ['src/providers/ns1/config.ts', "import { x } from '../../config/interpolate.js';\nexport const y = x;", 'src/config/interpolate.ts'],
    ['src/verify/planted.ts', "import { x } from '../engine/plan.js';\nexport const y = x;", 'src/engine/plan.ts'],
    ['src/verify/planted.ts', "import { x } from '../providers/route53/client.js';\nexport const y = x;", 'src/providers/route53/client.ts'],
    ['src/verify/planted.ts', "import { x } from '../registrars/index.js';\nexport const y = x;", 'src/registrars/index.ts'],
    ['src/registrars/planted.ts', "import { x } from '../providers/cloudflare/client.js';\nexport const y = x;", 'src/providers/cloudflare/client.ts'],
    ['src/registrars/planted.ts', "import { x } from '../verify/index.js';\nexport const y = x;", 'src/verify/index.ts'],
    ['src/registrars/planted.ts', "import { x } from '../providers/route53/throttle.js';\nexport const y = x;", 'src/providers/route53/throttle.ts'],
    // A descriptor reaches its provider class only lazily, and config not even so.
    ['src/providers/route53/index.ts', "import { Route53Provider } from './provider.js';\nexport const y = Route53Provider;", 'src/providers/route53/provider.ts only lazily'],
    ['src/providers/route53/index.ts', "export type P = import('./provider.js').Route53Provider;", 'src/providers/route53/provider.ts only lazily'],
    ['src/config/planted.ts', "export const load = () => import('../providers/route53/provider.js');", 'src/providers/route53/provider.ts'],
    ['src/engine/planted.ts', "import { x } from '../render/plan.js';\nexport const y = x;", 'src/render/plan.ts'],
    ['src/engine/switch/planted.ts', "import { x } from '../../cli/base.js';\nexport const y = x;", 'src/cli/base.ts'],
    ['src/render/planted.ts', "import { x } from '../io/atomic-write.js';\nexport const y = x;", 'src/io/atomic-write.ts'],
    ['src/render/planted.ts', "import { x } from '../cli/output.js';\nexport const y = x;", 'src/cli/output.ts'],
    ['src/cli/planted.ts', "import { x } from '../commands/plan.js';\nexport const y = x;", 'src/commands/plan.ts'],
    ['src/commands/planted.ts', "import { x } from '../../test/support/workspace.js';\nexport const y = x;", 'outside src/'],
  ];
  it.each(violations)('%s: %s', async (file, code, named) => {
    const found = await fenced(file, code);
    expect(found.map((m) => m.rule)).toContain('zonesync/layers');
    expect(found.map((m) => m.message).join('\n')).toContain(named);
  });

  it('a file in a folder the fence does not know is reported', async () => {
    const found = await fenced('src/newlayer/planted.ts', 'export const x = 1;');
    expect(found).toEqual([expect.objectContaining({ rule: 'zonesync/layers', message: expect.stringContaining('in no layer of the fence') })]);
  });
});

describe('src/core is pure: no clock, no randomness', () => {
  const impure: Array<[string, string]> = [
    ['new Date()', 'export const at = () => new Date();'],
    ['Date()', 'export const at = () => Date();'],
    ['Date.now()', 'export const at = () => Date.now();'],
    ['performance.now()', 'export const at = () => performance.now();'],
    ['Math.random()', 'export const pick = () => Math.random();'],
    ['crypto.randomUUID()', 'export const id = () => crypto.randomUUID();'],
    ['randomBytes', "import { randomBytes } from 'node:crypto';\nexport const id = () => randomBytes(8);"],
    ['randomInt', "import { randomInt } from 'crypto';\nexport const id = () => randomInt(8);"],
    ['a file read', "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');"],
  ];
  it.each(impure)('%s in src/core (nested too) is reported', async (_what, code) => {
    expect(await fenced('src/core/planted.ts', code)).not.toEqual([]);
    expect(await fenced('src/core/zonefile/planted.ts', code)).not.toEqual([]);
  });

  it('time given as an argument, hashes and HMACs are allowed', async () => {
    const code = "import { createHash, createHmac, timingSafeEqual } from 'node:crypto';\nexport const f = (ms: number) => [new Date(ms), createHash('sha256'), createHmac('sha256', 'k'), timingSafeEqual];";
    expect(await fenced('src/core/planted.ts', code)).toEqual([]);
  });

  it('outside src/core the clock is an ordinary call', async () => {
    expect(await fenced('src/engine/planted.ts', 'export const at = () => [new Date(), Date.now(), Math.random()];')).toEqual([]);
  });
});

describe('the layer fence allows what the layer order allows', () => {
  const allowed: Array<[string, string]> = [
    ['src/core/zonefile/planted.ts', "import { x } from '../model.js';\nimport { y } from './yaml-tree.js';\nexport const z = [x, y];"],
    ['src/io/planted.ts', "import { x } from '../core/model.js';\nimport { m } from '../lib/map-limit.js';\nexport const y = [x, m];"],
    ['src/dns/planted.ts', "import { x } from '../core/model.js';\nimport { s } from '../io/sleep.js';\nexport const y = [x, s];"],
    ['src/config/planted.ts', "import { x } from '../providers/schemas.js';\nimport { r } from '../registrars/config.js';\nexport const y = [x, r];"],
    ['src/providers/bind/planted.ts', "import { x } from '../../dns/update.js';\nimport { c } from '../../config/interpolate.js';\nimport { p } from '../provider.js';\nexport const y = [x, c, p];"],
    ['src/providers/schemas.ts', "import { x } from './bind/config.js';\nexport const y = x;"],
    ['src/verify/planted.ts', "import { x } from '../dns/session.js';\nimport { m } from '../lib/map-limit.js';\nimport type { N } from '../providers/provider.js';\nexport const y: N | typeof x | typeof m = x;"],
    ['src/registrars/planted.ts', "import { x } from '../providers/registry.js';\nexport const y = x;"],
    ['src/registrars/planted.ts', "import { withBackoff } from '../providers/shared/aws.js';\nexport const y = withBackoff;"],
    ['src/providers/route53/index.ts', "export const load = async () => (await import('./provider.js')).Route53Provider;"],
    ['src/engine/run/planted.ts', "import { x } from '../../verify/index.js';\nimport { r } from '../../registrars/index.js';\nexport const y = [x, r];"],
    ['src/render/planted.ts', "import type { A } from '../engine/apply.js';\nimport type { V } from '../verify/report.js';\nexport type Y = A | V;"],
    ['src/cli/planted.ts', "import { x } from '../render/style.js';\nimport { e } from '../engine/apply.js';\nexport const y = [x, e];"],
    ['src/commands/planted.ts', "import { x } from '../cli/base.js';\nimport { p } from 'node:path';\nimport { z } from 'zod';\nexport const y = [x, p, z];"],
  ];
  it.each(allowed)('%s', async (file, code) => {
    expect(await fenced(file, code)).toEqual([]);
  });

  it('the sources as they are pass the fence', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts']);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId !== null && FENCE.includes(m.ruleId)).map((m) => `${r.filePath}:${m.line}: ${m.message}`));
    expect(broken).toEqual([]);
  });
});
