import { spawn } from 'node:child_process';

/** A moto_server on loopback, for the Route 53 and Route 53 Domains tests. */
export interface Moto {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Forget every zone, record and domain (moto slows down as changes accumulate). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Fake credentials for the SDK talking to moto; never real ones. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

import { stopChild, track } from '../support/children.js';
import { freeTcpPort as freePort } from '../support/ports.js';
import { needsIntegration } from '../support/project.js';
export { freePort };

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function startMoto(options: { readyTimeoutMs?: number } = {}): Promise<Moto> {
  needsIntegration('moto_server');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = track(spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', AWS_SESSION_TOKEN: '' },
  }));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const stop = (): Promise<void> => stopChild(child);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} in time: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    stop,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
  };
}

/** A zonesync.yaml with one Route 53 provider `r53` on this moto, no nameservers, and `example.com` from `zones/example.com.yaml` targeting it. */
export function motoZonesyncYaml(endpoint: string): string {
  return [
    'providers:',
    '  r53:',
    '    type: route53',
    `    endpoint: ${endpoint}`,
    '    region: us-east-1',
    '    nameservers: []',
    'zones:',
    '  example.com:',
    '    file: zones/example.com.yaml',
    '    targets: [r53]',
    '',
  ].join('\n');
}
