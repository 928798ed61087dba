import { createInterface } from 'node:readline/promises';
import { ZonesyncError } from '../core/errors.js';

/** Ask y/N on the terminal; without one (CI, pipes) refuse rather than hang or guess. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new ZonesyncError('Refusing to prompt without a terminal: nothing was written. Review the plan, then pass --yes');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
