/** `${VAR}` in config strings reads the environment; a missing variable is an error naming it and the field. */

export interface InterpolationIssue {
  path: string;
  /** The same path as keys, for locating it in the file (zone names hold dots). */
  keys: PropertyKey[];
  variable: string;
}

export interface Interpolated {
  value: unknown;
  missing: InterpolationIssue[];
  /** Values that came from the environment (all treated as secrets). */
  fromEnv: string[];
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function interpolate(value: unknown, env: Record<string, string | undefined>, path = ''): Interpolated {
  const missing: InterpolationIssue[] = [];
  const fromEnv: string[] = [];
  const walk = (node: unknown, at: string, keys: PropertyKey[] = []): unknown => {
    if (typeof node === 'string') {
      return node.replace(VARIABLE, (_match, name: string) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ path: at, keys, variable: name });
          return '';
        }
        fromEnv.push(found);
        return found;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`, [...keys, i]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, at ? `${at}.${k}` : k, [...keys, k])]));
    }
    return node;
  };
  return { value: walk(value, path), missing, fromEnv };
}
