import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, runStep } from '../ci/workflow-steps.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * The relay attack: a pull request points a provider's URL at a server it controls, and the
 * plan job, which holds the provider's key, sends the key there. dns.yml plans with the base
 * branch's zonesync.yaml, so the pull request's URL is never contacted.
 */

const SECRET = 'zsReadonlyPdnsKey4Tq8Wm1';

interface Capture {
  server: Server;
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
}

/** An HTTP server on loopback that records every request and answers 404 (PowerDNS: no such zone). */
async function capturingServer(): Promise<Capture> {
  const requests: Capture['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const config = (pdnsUrl: string) => `providers:
  local: { type: file, directory: .zonesync/served }
  pdns: { type: powerdns, url: '${pdnsUrl}', apiKey: '\${PDNS_API_KEY}' }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local, pdns] }
`;
const carriesSecret = (c: Capture) => c.requests.filter((r) => JSON.stringify(r).includes(SECRET));

let base: Capture;
let attacker: Capture;
let ws: Workspace;
let baseSha: string;

beforeAll(async () => {
  base = await capturingServer();
  attacker = await capturingServer();
  ws = await makeWorkspace({ 'zonesync.yaml': config(base.url), 'zones/example.com.yaml': "www: { type: A, ttl: 300, value: 192.0.2.1 }\n" });
  baseSha = commitAll(ws, 'base');
  // The pull request: a new record, and the PowerDNS URL moved to the attacker's server.
  await ws.write('zones/example.com.yaml', "www: { type: A, ttl: 300, value: 192.0.2.1 }\napi: { type: A, ttl: 300, value: 192.0.2.2 }\n");
  await ws.write('zonesync.yaml', config(attacker.url));
  commitAll(ws, 'pull request');
});
afterAll(async () => {
  await ws?.cleanup();
  for (const c of [base, attacker]) await new Promise((resolve) => c?.server.close(resolve));
});

describe("dns.yml's pull request plan never sends a base secret where the pull request points", () => {
  it('plans the pull request zones with the base config: the key goes to the base URL only, the comment says why', async () => {
    const context = { secrets: { PDNS_API_KEY_READONLY: SECRET }, values: { 'github.event.pull_request.base.sha': baseSha } };
    for (const id of ['base-config', 'validate', 'plan', 'plan-md']) {
      const result = await runStep(ws, 'plan', id, context);
      expect(result.code, `${id}: ${result.stdout}${result.stderr}`).toBe(0);
      expect(`${result.stdout}${result.stderr}${result.summary}`).not.toContain(SECRET);
    }
    expect(attacker.requests).toEqual([]);
    expect(base.requests.length).toBeGreaterThan(0);
    expect(base.requests.every((r) => r.headers['x-api-key'] === SECRET)).toBe(true);
    const markdown = readFileSync(join(ws.dir, 'plan.md'), 'utf8');
    expect(markdown.startsWith("> **zonesync.yaml changes in this pull request are not planned here.** This plan uses the base branch's zonesync.yaml (providers, targets, credentials); config changes apply only after merge, and the first plan on main shows them.\n\n## zonesync plan")).toBe(true);
    // The pull request's zone change is planned, on both targets of the base config.
    expect(markdown).toContain('+ api.example.com. 300 IN A 192.0.2.2');
    expect(readFileSync(join(ws.dir, 'zonesync.yaml'), 'utf8')).toBe(config(base.url));
  });

  it("without the base-config step, the pull request's config would have sent the key to its server", async () => {
    await ws.write('pr-zonesync.yaml', execFileSync('git', ['show', 'HEAD:zonesync.yaml'], { cwd: ws.dir, encoding: 'utf8' }));
    const result = await runCli(['plan', '--config', 'pr-zonesync.yaml'], { cwd: ws.dir, env: { PDNS_API_KEY: SECRET } });
    expect(result.code).toBe(0);
    expect(carriesSecret(attacker).length).toBeGreaterThan(0);
  });
});
