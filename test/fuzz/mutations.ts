import fc from 'fast-check';
import { expect } from 'vitest';
import type { Problem } from '../../src/core/problem.js';

/**
 * Malformed input from valid files: a few edits, each one of deleting, duplicating, swapping or
 * replacing lines, splicing in a line from a pool of nasty fragments, random bytes, cutting the
 * file short, or a deep nest. The fragments differ per format; the edits are shared.
 */

export type Edit =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'splice'; at: number; offset: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'shuffle'; seed: number };

/** Random bytes, decoded as the parsers will see them (UTF-8 with replacement characters). */
export const randomBytes = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('utf8'));

export const hugeNumber = fc.oneof(
  fc.constantFrom('99999999999999999999999', '1e400', '-1', '-0', '0x7fffffff', '2147483648', '4294967296', 'NaN', '.inf', '-.inf', '1.5', '00010'),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);

export function deepNest(depth: number, open: string, close: string, leaf = 'x'): string {
  return `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
}

export function editArbitrary(fragments: fc.Arbitrary<string>): fc.Arbitrary<Edit[]> {
  const at = fc.nat({ max: 200 });
  const text = fc.oneof({ weight: 4, arbitrary: fragments }, { weight: 1, arbitrary: randomBytes }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at }),
    fc.record({ kind: fc.constant('duplicate' as const), at }),
    fc.record({ kind: fc.constant('swap' as const), at, with: at }),
    fc.record({ kind: fc.constant('insert' as const), at, text }),
    fc.record({ kind: fc.constant('replace' as const), at, text }),
    fc.record({ kind: fc.constant('splice' as const), at, offset: fc.nat({ max: 80 }), text }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: 5000 }) }),
    fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 5 });
}

export function applyEdits(base: string, edits: Edit[]): string {
  let lines = base.split('\n');
  for (const e of edits) {
    const i = lines.length === 0 ? 0 : ('at' in e ? e.at : 0) % lines.length;
    switch (e.kind) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 'swap': {
        const j = lines.length === 0 ? 0 : e.with % lines.length;
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 'insert':
        lines.splice(i, 0, ...e.text.split('\n'));
        break;
      case 'replace':
        lines.splice(i, 1, ...e.text.split('\n'));
        break;
      case 'splice': {
        const line = lines[i] ?? '';
        const o = line.length === 0 ? 0 : e.offset % (line.length + 1);
        lines[i] = line.slice(0, o) + e.text + line.slice(o);
        break;
      }
      case 'truncate': {
        const text = lines.join('\n');
        lines = text.slice(0, e.at % (text.length + 1)).split('\n');
        break;
      }
      case 'shuffle': {
        let seed = e.seed;
        for (let k = lines.length - 1; k > 0; k--) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          const j = seed % (k + 1);
          [lines[k], lines[j]] = [lines[j] ?? '', lines[k] ?? ''];
        }
        break;
      }
    }
  }
  return lines.join('\n');
}

/** Lines of a text the way any of the parsers may count them (\n, \r\n or a lone \r). */
export function lineCount(text: string): number {
  return Math.max(text.split('\n').length, text.split(/\r\n|\r|\n/).length);
}

/**
 * Every error has a location inside the file it names: line 1…line count, column ≥ 1. `texts`
 * maps each file name the parser may have read (the main file and any $INCLUDE) to its text.
 */
export function expectLocatedErrors(problems: Problem[], texts: Record<string, string>): void {
  for (const p of problems) {
    if (p.severity !== 'error') continue;
    expect(p.location, `error without a location: ${p.message}`).toBeDefined();
    const { file, line, column } = p.location!;
    const text = texts[file];
    expect(text, `error located in a file that was never read: ${file} (${p.message})`).toBeDefined();
    expect(Number.isInteger(line) && line >= 1 && line <= lineCount(text!), `line ${line} outside 1..${lineCount(text!)}: ${p.message}`).toBe(true);
    expect(Number.isInteger(column) && column >= 1, `column ${column} < 1: ${p.message}`).toBe(true);
  }
}

/** Split numRuns so the fuzz folder stays well under a minute on two cores. */
export const RUNS = {
  yaml: 1200,
  yamlShapes: 600,
  master: 7000,
  masterInclude: 1000,
  config: 1200,
  configEnv: 300,
};
