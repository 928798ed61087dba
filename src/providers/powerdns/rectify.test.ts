import { describe, expect, it } from 'vitest';
import type { Change } from '../../core/change.js';
import type { RRset } from '../../core/model.js';
import type { PowerDnsClient } from './client.js';
import { DeferredRectify, RECTIFY_MARKER } from './rectify.js';

const Z = 'example.com.';
const a = (name: string): RRset => ({ name: `${name}.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.1'] });

/** A client that records its calls, with the zone's metadata and the server's default-api-rectify as given. */
function fakes(metadata: Record<string, readonly string[]>, serverDefault = 'yes', rectifyFailures = 0) {
  let failures = rectifyFailures;
  const calls: string[] = [];
  const client = {
    metadataList: async () => (calls.push('metadata'), Object.entries(metadata).map(([kind, values]) => ({ kind, metadata: values }))),
    setMetadata: async (_z: string, kind: string, values: string[]) => void calls.push(`set ${kind}=${values.join(',')}`),
    deleteMetadata: async (_z: string, kind: string) => void calls.push(`delete ${kind}`),
    putZone: async (_z: string, body: Record<string, unknown>) => void calls.push(`put api_rectify=${String(body.api_rectify)}`),
    rectify: async () => {
      calls.push('rectify');
      if (failures-- > 0) throw new Error('HTTP 500: boom');
    },
  } as unknown as PowerDnsClient;
  const rectify = new DeferredRectify({ client, settings: async () => (calls.push('config'), [{ name: 'default-api-rectify', value: serverDefault }]), signed: () => false, call: (run) => run() });
  rectify.readWhole(Z, [a('www')], []);
  return { calls, rectify };
}

describe('DeferredRectify', () => {
  it('off for a run of enough chunks, a rectify only after the chunk that makes an empty non-terminal, back on at the end', async () => {
    const { calls, rectify } = fakes({ 'SOA-EDIT-API': ['DEFAULT'] });
    expect(await rectify.start(Z, 3)).toContain('api_rectify off for the run');
    expect(calls).toEqual(['metadata', 'config', `set ${RECTIFY_MARKER}=absent`, 'put api_rectify=false']);
    calls.length = 0;
    const plain: Change[] = [{ kind: 'update', before: a('www'), after: { ...a('www'), ttl: 30 } }, { kind: 'create', after: a('mail') }];
    expect(await rectify.after(Z, plain)).toBe(0);
    expect(await rectify.after(Z, [{ kind: 'create', after: a('x.ent') }])).toBe(1);
    expect(await rectify.after(Z, [{ kind: 'create', after: { name: `sub.${Z}`, type: 'NS', ttl: 60, values: ['ns.elsewhere.'] } }])).toBe(1);
    expect(await rectify.after(Z, [{ kind: 'delete', before: a('x.ent') }])).toBe(1);
    expect(calls).toEqual(['rectify', 'rectify', 'rectify']);
    calls.length = 0;
    expect(await rectify.finish(Z)).toMatch(/rectified once at the end \(and after 3 of its 4 chunk\(s\)/);
    expect(calls).toEqual(['rectify', 'put api_rectify=true', `delete ${RECTIFY_MARKER}`]);
    expect(await rectify.finish(Z)).toBeUndefined();
  });

  it('a failed rectify after a chunk does not fail the chunk (its PATCH is in); the end of the run says so', async () => {
    const { rectify } = fakes({ 'API-RECTIFY': ['1'] }, 'yes', 1);
    await rectify.start(Z, 5);
    expect(await rectify.after(Z, [{ kind: 'create', after: a('x.ent') }])).toBe(1);
    expect(await rectify.finish(Z)).toMatch(/the rectify after a chunk failed \(chunk 1: HTTP 500: boom\)/);
    // The end's own rectify failing fails the settling (the engine then fails the zone, saying a rerun does it).
    const worse = fakes({ 'API-RECTIFY': ['1'] }, 'yes', 2);
    await worse.rectify.start(Z, 5);
    await worse.rectify.after(Z, [{ kind: 'create', after: a('x.ent') }]);
    await expect(worse.rectify.finish(Z)).rejects.toThrow('boom');
  });

  it('left as it is: too few chunks, an operator\'s API-RECTIFY 0, a server default of no, a presigned zone', async () => {
    for (const [metadata, serverDefault, chunks] of [[{}, 'yes', 2], [{ 'API-RECTIFY': ['0'] }, 'yes', 9], [{}, 'no', 9], [{ PRESIGNED: ['1'] }, 'yes', 9]] as const) {
      const { calls, rectify } = fakes(metadata, serverDefault);
      expect(await rectify.start(Z, chunks)).toBeUndefined();
      expect(calls.filter((c) => c !== 'metadata' && c !== 'config')).toEqual([]);
      expect(await rectify.finish(Z)).toBeUndefined();
    }
  });

  it('what an interrupted run left is put right at once when this run does not defer, and taken over when it does', async () => {
    const short = fakes({ [RECTIFY_MARKER]: ['1'], 'API-RECTIFY': ['0'] });
    expect(await short.rectify.start(Z, 1)).toContain('an interrupted run had left api_rectify off');
    expect(short.calls).toEqual(['metadata', 'rectify', 'put api_rectify=true', `delete ${RECTIFY_MARKER}`]);
    const long = fakes({ [RECTIFY_MARKER]: ['absent'], 'API-RECTIFY': ['0'] });
    expect(await long.rectify.start(Z, 9)).toContain('as an interrupted run had left it');
    expect(long.calls).toEqual(['metadata']);
    expect(await long.rectify.finish(Z)).toContain('(it was the server default)');
  });
});
