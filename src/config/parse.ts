import { readWithYamlPackage } from '../core/zonefile/yaml-package.js';
import { readYamlTree } from '../core/zonefile/yaml-tree.js';
import { configFromTree } from './from-tree.js';
import type { Config } from './load.js';

/** Parse and check zonesync.yaml text in one synchronous step (tests, tools); the CLI uses loadConfig. */
export function parseConfig(text: string, file: string, env: Record<string, string | undefined>): Config {
  return configFromTree(readYamlTree(text, file, {}, readWithYamlPackage), file, env);
}
