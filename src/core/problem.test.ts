import { describe, expect, it } from 'vitest';
import { formatProblem } from './problem.js';

const at = { file: 'zones/example.com.yaml', line: 3, column: 12 };

describe('formatProblem', () => {
  it('names the record once when the message already names it', () => {
    expect(formatProblem({ severity: 'error', rule: 'bad-value', message: 'Invalid record "example.com." A: "192.0.2.300" is not an IPv4 address', location: at, record: 'example.com. A' })).toBe(
      'zones/example.com.yaml:3:12: error: Invalid record "example.com." A: "192.0.2.300" is not an IPv4 address [bad-value]',
    );
  });

  it('puts the record first when the message does not name it', () => {
    expect(formatProblem({ severity: 'warning', rule: 'alias-below-apex', message: 'ALIAS below the apex is served by few providers', location: at, record: 'lb.example.com. ALIAS' })).toBe(
      'zones/example.com.yaml:3:12: warning: lb.example.com. ALIAS: ALIAS below the apex is served by few providers [alias-below-apex]',
    );
  });
});
