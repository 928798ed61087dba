import { describe, expect, it } from 'vitest';
import type { Zone } from '../core/model.js';
import { renderImported } from './import.js';

const zone: Zone = {
  name: 'example.com.',
  rrsets: [
    { name: 'example.com.', type: 'ALIAS', ttl: 300, values: ['lb.example.net.'] },
    { name: 'go.example.com.', type: 'URLFWD', ttl: 300, values: ['"/" "https://example.net/" 301 0 1'] },
    { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] },
  ],
};

describe('renderImported', () => {
  it('writes a master file without ALIAS and URLFWD, naming each it left out', () => {
    const out = renderImported(zone, 'zone', new Date('2026-01-01T00:00:00Z'));
    expect(out.skipped).toEqual(['example.com. ALIAS (no master-file form)', 'go.example.com. URLFWD (no master-file form)']);
    expect(out.text).toContain('www  300 IN A     192.0.2.1');
    expect(out.text).not.toContain('URLFWD');
  });

  it('keeps both in octoDNS YAML', () => {
    const out = renderImported(zone, 'yaml', new Date('2026-01-01T00:00:00Z'));
    expect(out.skipped).toEqual([]);
    expect(out.text).toContain('type: URLFWD');
    expect(out.text).toContain('type: ALIAS');
  });
});
