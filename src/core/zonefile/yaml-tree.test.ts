import { describe, expect, it, vi } from 'vitest';
import { parseFastYaml } from './yaml-fast.js';
import { readWithYamlPackage } from './yaml-package.js';
import { readYamlZone } from './yaml-reader.js';
import { readYamlTree, type YEntry } from './yaml-tree.js';

const FILE = 'zones/example.com.yaml';
// The block style zone files and zonesync.yaml are written in: the fast reader takes it.
const PLAIN = "a: 1\nb:\n  c: \"x\"\n  d: [1, 'two']\n";
// An anchor and an alias: the fast reader declines, the yaml package reads it.
const ANCHORED = 'a: 1\nb: &x 2\nc: *x\n';

describe('readYamlTree', () => {
  it('reads a file the fast reader takes with the fast reader, lazily and synchronously alike', async () => {
    expect(parseFastYaml(PLAIN).ok).toBe(true);
    const lazy = await readYamlTree(PLAIN, FILE);
    expect(lazy).toEqual({ root: readWithYamlPackage(PLAIN, FILE).root, problems: [], streamed: false });
    expect(readYamlTree(PLAIN, FILE, {}, readWithYamlPackage)).toEqual(lazy);
  });

  it('reads a file the fast reader declines with the yaml package', async () => {
    expect(parseFastYaml(ANCHORED).ok).toBe(false);
    const lazy = await readYamlTree(ANCHORED, FILE);
    expect(lazy).toEqual({ ...readWithYamlPackage(ANCHORED, FILE), streamed: false });
    expect(lazy.root?.kind === 'map' && lazy.root.entries.map((e) => [e.key, e.value.kind === 'scalar' && e.value.value])).toEqual([['a', 1], ['b', 2], ['c', 2]]);
    expect(readYamlTree(ANCHORED, FILE, {}, readWithYamlPackage)).toEqual(lazy);
  });

  it("reports the yaml package's error with its line and column", async () => {
    const { root, problems } = await readYamlTree('a: 1\nb:\n  c: 1\n d: 2\n', FILE);
    expect(root).toBeUndefined();
    expect(problems).toEqual([{ severity: 'error', rule: 'yaml-syntax', message: 'All mapping items must start at the same column', location: { file: FILE, line: 4, column: 1 } }]);
  });

  it('loads the yaml package only for a file the fast reader declines', async () => {
    let loaded = 0;
    vi.resetModules();
    vi.doMock('./yaml-package.js', async (original) => {
      loaded++;
      return original();
    });
    try {
      const fresh = (await import('./yaml-tree.js')).readYamlTree;
      await fresh(PLAIN, FILE);
      // An import started on the side would have settled by now.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(loaded).toBe(0);
      await fresh(ANCHORED, FILE);
      expect(loaded).toBe(1);
    } finally {
      vi.doUnmock('./yaml-package.js');
    }
  });

  it('passes maxAliases to the yaml package', async () => {
    const { problems } = await readYamlTree('a: &x 1\nb: *x\nc: *x\n', FILE, { maxAliases: 1 });
    expect(problems).toEqual([{ severity: 'error', rule: 'yaml-limit', message: 'more than 1 aliases (limits.yamlAliases)', location: { file: FILE, line: 3, column: 4 } }]);
  });

  it('streams the top-level entries from the fast reader, and says when the root holds them instead', async () => {
    const seen: string[] = [];
    const onEntry = (entry: YEntry) => seen.push(entry.key);
    const fast = await readYamlTree(PLAIN, FILE, { onEntry });
    expect(seen).toEqual(['a', 'b']);
    expect(fast).toMatchObject({ streamed: true, root: { kind: 'map', entries: [] } });
    // Declined after `a` was streamed: the root has every entry and `streamed` says to drop what came before.
    seen.length = 0;
    const slow = await readYamlTree(ANCHORED, FILE, { onEntry });
    expect(slow.streamed).toBe(false);
    expect(slow.root?.kind === 'map' && slow.root.entries.map((e) => e.key)).toEqual(['a', 'b', 'c']);
  });
});

describe('readYamlZone', () => {
  const ZONE = "www:\n  type: A\n  value: 192.0.2.1\nmail:\n  type: A\n  value: 192.0.2.2\n";
  // The fast reader streams `www` and `mail`, then declines at the anchor.
  const LATE_ANCHOR = `${ZONE}api:\n  type: A\n  ttl: &t 300\n  value: 192.0.2.3\nftp:\n  type: A\n  ttl: *t\n  value: 192.0.2.4\n`;

  it('reads each name once when the fast reader declines part-way', async () => {
    const { zone, problems } = await readYamlZone(LATE_ANCHOR, FILE, 'example.com.');
    expect(problems).toEqual([]);
    expect(zone.rrsets.map((r) => [r.name, r.ttl, r.values])).toEqual([
      ['www.example.com.', 3600, ['192.0.2.1']],
      ['mail.example.com.', 3600, ['192.0.2.2']],
      ['api.example.com.', 300, ['192.0.2.3']],
      ['ftp.example.com.', 300, ['192.0.2.4']],
    ]);
    expect(readYamlZone(LATE_ANCHOR, FILE, 'example.com.', {}, readWithYamlPackage)).toEqual(await readYamlZone(LATE_ANCHOR, FILE, 'example.com.'));
  });

  it('gives the same zone on both paths', async () => {
    const fast = await readYamlZone(ZONE, FILE, 'example.com.');
    const slow = await readYamlZone(`${ZONE}x: &a\n  type: A\n  value: 192.0.2.9\n`, FILE, 'example.com.');
    expect(slow.zone.rrsets.slice(0, 2)).toEqual(fast.zone.rrsets);
  });

  it('keeps maxProblems on both paths and reports a bad origin', async () => {
    const bad = 'a:\n  type: A\n  value: x\nb:\n  type: A\n  value: y\n';
    expect((await readYamlZone(bad, FILE, 'example.com.', { maxProblems: 1 })).omitted).toEqual({ errors: 1, warnings: 0 });
    expect((await readYamlZone(`${bad}c: &q\n  type: A\n  value: z\n`, FILE, 'example.com.', { maxProblems: 1 })).omitted).toEqual({ errors: 2, warnings: 0 });
    const origin = await readYamlZone(ZONE, FILE, 'bad..name.');
    expect(origin.problems.map((p) => [p.rule, p.location?.line, p.location?.column])).toEqual([['bad-name', 1, 1]]);
  });

  it('reports a YAML error in a zone with its line and column', async () => {
    const { problems } = await readYamlZone('www:\n  type: A\n  value: [192.0.2.1\n', FILE, 'example.com.');
    expect(problems.map((p) => [p.rule, p.location?.line, p.location?.column])).toEqual([['yaml-syntax', 4, 1]]);
  });
});
