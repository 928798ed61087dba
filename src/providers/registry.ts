import type { z } from 'zod';
import type { Config } from '../config/load.js';
import { interpolate } from '../config/interpolate.js';
import { explainIssue, valueAt } from '../config/issues.js';
import { redactor, secretFieldValues } from '../config/secrets.js';
import { ZonesyncError } from '../core/errors.js';
import { assertInZone } from '../core/in-zone.js';
import { zoneName } from '../core/name.js';
import type { Provider } from './provider.js';
import type { ProviderType } from './schemas.js';

/** How a provider type is checked and built. Modules load on first use, so the AWS SDK costs nothing to a run that never touches Route 53. */
interface ProviderModule<C = never> {
  schema: z.ZodType<C>;
  create(id: string, config: C, baseDir: string): Provider;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry pairs its own schema with its own factory
const MODULES: Record<ProviderType, () => Promise<ProviderModule<any>>> = {
  file: async () => {
    const m = await import('./file/index.js');
    return { schema: m.fileConfigSchema, create: (id, config, baseDir) => m.createFileProvider(id, config, baseDir) };
  },
  powerdns: async () => {
    const m = await import('./powerdns/index.js');
    return { schema: m.powerdnsConfigSchema, create: (id, config) => m.createPowerDnsProvider(id, config) };
  },
  bind: async () => {
    const m = await import('./bind/index.js');
    return { schema: m.bindConfigSchema, create: (id, config) => m.createBindProvider(id, config) };
  },
  route53: async () => {
    const m = await import('./route53/index.js');
    return { schema: m.route53ConfigSchema, create: (id, config) => m.createRoute53Provider(id, config) };
  },
  cloudflare: async () => {
    const m = await import('./cloudflare/index.js');
    return { schema: m.cloudflareConfigSchema, create: (id, config) => m.createCloudflareProvider(id, config) };
  },
  ns1: async () => {
    const m = await import('./ns1/index.js');
    return { schema: m.ns1ConfigSchema, create: (id, config) => m.createNs1Provider(id, config) };
  },
};

export const PROVIDER_TYPES = (): string[] => Object.keys(MODULES);

export async function buildProvider(config: Config, id: string, env: Record<string, string | undefined>): Promise<Provider> {
  const block = config.providers[id];
  if (!block) throw new ZonesyncError(`Unknown provider "${id}" (configured: ${Object.keys(config.providers).join(', ')})`);
  const load = Object.hasOwn(MODULES, block.type) ? MODULES[block.type as ProviderType] : undefined;
  // loadConfig already refused an unknown type with its line; a Config built by hand may still hold one.
  if (!load) throw new ZonesyncError(`providers.${id}.type: unknown provider type "${block.type}" (known: ${PROVIDER_TYPES().join(', ')})`);
  const interpolated = interpolate(block.raw, env, `providers.${id}`);
  // Already known from loadConfig; kept for a Config built without it (tests).
  redactor.addAll([...interpolated.fromEnv, ...secretFieldValues(interpolated.value)]);
  if (interpolated.missing.length > 0) {
    throw new ZonesyncError(`Provider "${id}" cannot be built`, {
      details: interpolated.missing.map((m) => `${m.path}: ${m.message}`),
    });
  }
  const module = await load();
  const parsed = module.schema.safeParse(interpolated.value);
  if (!parsed.success) {
    throw new ZonesyncError(`Invalid config for provider "${id}" (${config.path})`, {
      details: parsed.error.issues.map((issue) => `providers.${id}.${issue.path.map(String).join('.')}: ${explainIssue(issue, valueAt(interpolated.value, issue.path))}`),
    });
  }
  return guardReads(module.create(id, parsed.data, config.dir));
}

/** One check for every provider: what a read returns lies inside the zone asked for (patched in place, so provider extras stay reachable). */
function guardReads(provider: Provider): Provider {
  const read = provider.read.bind(provider);
  provider.read = async (zone) => {
    const live = await read(zone);
    if (live) assertInZone(live.name, live.rrsets, provider.id);
    return live;
  };
  const readRRsets = provider.readRRsets?.bind(provider);
  if (readRRsets) {
    provider.readRRsets = async (zone, keys) => {
      const rrsets = await readRRsets(zone, keys);
      const name = zoneName(zone);
      assertInZone(name.ok ? name.name : zone, rrsets, provider.id);
      return rrsets;
    };
  }
  return provider;
}

/** Providers of one run, built on first use and closed together. */
export class ProviderSet {
  private readonly built = new Map<string, Promise<Provider>>();

  constructor(
    private readonly config: Config,
    private readonly env: Record<string, string | undefined> = process.env,
    /** Providers given ready-made (tests wrap a real provider to inject faults). */
    given: Record<string, Provider> = {},
  ) {
    for (const [id, provider] of Object.entries(given)) this.built.set(id, Promise.resolve(provider));
  }

  get(id: string): Promise<Provider> {
    let provider = this.built.get(id);
    if (!provider) {
      provider = buildProvider(this.config, id, this.env);
      this.built.set(id, provider);
    }
    return provider;
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.built.values());
    await Promise.allSettled(all.map((p) => (p.status === 'fulfilled' ? p.value.close?.() : undefined)));
  }
}
