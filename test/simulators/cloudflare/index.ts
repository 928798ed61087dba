/** A Cloudflare API v4 simulator (DNS records, zones, batch, rate limit, faults) that also answers DNS for its zones. */
export { startCloudflareSimulator, type CloudflareSimulator, type CloudflareSimulatorOptions, type CloudflareFaults } from './server.js';
export type { ApiRecord } from './record-rules.js';
