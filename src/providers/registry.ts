import type { Config } from '../config/load.js';
import { resolveBlock } from '../config/block.js';
import { ZonesyncError } from '../core/errors.js';
import type { Provider } from './provider.js';
import { guardProvider } from './shared/guard.js';
import { PROVIDER_MODULES, providerModule } from './table.js';

export const PROVIDER_TYPES = (): string[] => PROVIDER_MODULES.map((m) => m.type);

export async function buildProvider(config: Config, id: string, env: Record<string, string | undefined>): Promise<Provider> {
  const block = config.providers[id];
  if (!block) throw new ZonesyncError(`Unknown provider "${id}" (configured: ${Object.keys(config.providers).join(', ')})`);
  const module = providerModule(block.type);
  // loadConfig already refused an unknown type with its line; a Config built by hand may still hold one.
  if (!module) throw new ZonesyncError(`providers.${id}.type: unknown provider type "${block.type}" (known: ${PROVIDER_TYPES().join(', ')})`);
  return guardProvider(await module.create(id, resolveBlock('provider', id, block.raw, module.configSchema, env, config), { baseDir: config.dir }));
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
