import { describe, expect, it } from 'vitest';
import { PROVIDER_CONFIG_SCHEMAS } from './schemas.js';
import { capabilitiesOf, PROVIDER_MODULES, providerModule } from './table.js';

describe('the provider table', () => {
  it.each(PROVIDER_MODULES.map((m) => [m.type, m] as const))('%s: its schema takes its own type and is strict (a typo is an error with its path)', (type, module) => {
    const parsed = module.configSchema.safeParse({ type, endpointt: 'https://example.invalid' });
    expect(parsed.success).toBe(false);
    const unknownKey = parsed.error?.issues.find((issue) => issue.code === 'unrecognized_keys');
    expect(unknownKey, `${type} accepts an unknown key`).toBeDefined();
    expect(unknownKey && 'keys' in unknownKey ? unknownKey.keys : []).toEqual(['endpointt']);
    expect(module.configSchema.safeParse({ type: `${type}-other` }).success).toBe(false);
  });

  it('is what the config check, the registry and switch read, by type', () => {
    expect(Object.keys(PROVIDER_CONFIG_SCHEMAS)).toEqual(PROVIDER_MODULES.map((m) => m.type));
    for (const module of PROVIDER_MODULES) {
      expect(providerModule(module.type)).toBe(module);
      expect(capabilitiesOf(module.type)).toBe(module.capabilities);
    }
    expect(providerModule('nope')).toBeUndefined();
  });

  it('holds the provider facts switch needs: who serves a fixed apex NS, whose delegation is its apex NS', () => {
    expect(PROVIDER_MODULES.filter((m) => m.capabilities.fixedApexNs).map((m) => m.type)).toEqual(['cloudflare']);
    expect(PROVIDER_MODULES.filter((m) => m.capabilities.delegationFromApexNs).map((m) => m.type)).toEqual(['powerdns', 'bind']);
  });
});
