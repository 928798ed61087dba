import { realpathSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Config } from '../config/load.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { RRset } from '../core/model.js';
import { formatYamlZone } from '../core/zonefile/format-yaml.js';
import { parseYamlZone } from '../core/zonefile/yaml.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readConfined, type RepositoryRoot } from '../io/confined-read.js';

/** `zonesync fmt`: YAML zone files rewritten in canonical form (src/core/zonefile/format-yaml.ts), or with `check`, only named. */

export type FileStatus = 'unchanged' | 'formatted' | 'would-change' | 'refused' | 'skipped';

export interface FormattedFile {
  file: string;
  status: FileStatus;
  reason?: string;
}

export interface FormatReport {
  check: boolean;
  files: FormattedFile[];
  /** 1 when a file was refused, or (with `check`) would change. */
  exitCode: 0 | 1;
}

interface Target {
  path: string;
  origin: string;
  root: RepositoryRoot;
  /** Named on the command line: an RFC 1035 file there is an error, not a skip. */
  named: boolean;
}

const RFC1035 = 'an RFC 1035 master file: fmt formats octoDNS YAML zone files only and leaves these as they are';

/** Why a named path that is not a YAML file is refused: only a file that is there is an RFC 1035 one (`fmt example.com` names a zone, not a file). */
function notYaml(path: string): string {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 'it does not exist (fmt takes zone file paths, such as zones/example.com.yaml, not zone names)';
  return stats.isFile() ? RFC1035 : 'it is not a regular file';
}

/** What the file declares, without where: the formatted file must declare exactly the same. */
function meaning(rrsets: RRset[]): string {
  return JSON.stringify(rrsets.map(({ name, type, ttl, values, providerSettings }) => ({ name, type, ttl, values, providerSettings })).sort((a, b) => (`${a.name} ${a.type}` < `${b.name} ${b.type}` ? -1 : 1)));
}

async function formatOne(target: Target, check: boolean, display: string): Promise<FormattedFile> {
  if (!/\.ya?ml$/i.test(target.path)) return target.named ? { file: display, status: 'refused', reason: notYaml(target.path) } : { file: display, status: 'skipped', reason: RFC1035 };
  const read = readConfined(target.path, target.root, DEFAULT_LIMITS.fileBytes, 'the zone file size limit');
  if (!read.ok) return { file: display, status: 'refused', reason: `it ${read.reason}` };
  const before = parseYamlZone(read.text, display, target.origin);
  const errors = before.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { file: display, status: 'refused', reason: `it has ${errors.length} error${errors.length === 1 ? '' : 's'} (zonesync validate lists them)` };
  const formatted = formatYamlZone(read.text, target.origin);
  if (!formatted.ok) return { file: display, status: 'refused', reason: formatted.reason };
  if (!formatted.changed) return { file: display, status: 'unchanged' };
  // Formatting never changes what a file means: checked here, not assumed.
  const after = parseYamlZone(formatted.text, display, target.origin);
  if (after.problems.some((p) => p.severity === 'error') || meaning(after.zone.rrsets) !== meaning(before.zone.rrsets)) {
    return { file: display, status: 'refused', reason: 'its canonical form would read differently (a bug in zonesync fmt: please report it); left as it is' };
  }
  if (check) return { file: display, status: 'would-change' };
  await writeFileAtomic(read.real, formatted.text);
  return { file: display, status: 'formatted' };
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

/** The files to format: those named (relative to the working directory), else every zone file of the config. */
export async function formatZoneFiles(options: { files: string[]; check: boolean; config: () => Promise<Config> }): Promise<FormatReport> {
  const targets: Target[] = [];
  if (options.files.length === 0) {
    const config = await options.config();
    const seen = new Set<string>();
    for (const zone of config.zones) {
      if (seen.has(zone.file)) continue;
      seen.add(zone.file);
      targets.push({ path: zone.file, origin: zone.name, root: { lexical: zone.root, real: realRoot(zone.root) }, named: false });
    }
  } else {
    // Named on the command line by whoever runs it: read as regular files with the size limit, anywhere.
    for (const file of options.files) {
      const path = resolve(file);
      targets.push({ path, origin: basename(path).replace(/\.ya?ml$/i, ''), root: { lexical: '/', real: '/' }, named: true });
    }
  }
  const files: FormattedFile[] = [];
  for (const target of targets) files.push(await formatOne(target, options.check, relative(process.cwd(), target.path) || target.path));
  const failed = files.some((f) => f.status === 'refused' || f.status === 'would-change');
  return { check: options.check, files, exitCode: failed ? 1 : 0 };
}
