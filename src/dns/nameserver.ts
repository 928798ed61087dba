import { isIP } from 'node:net';
import { ZonesyncError } from '../core/errors.js';

/** A nameserver as `verify` and chunk verification ask it: by address, never through the system resolver. */
export interface Nameserver {
  /** Host name as the delegation lists it (absolute, trailing dot), when known. */
  name?: string;
  /** IPv4 or IPv6 address. */
  address: string;
  port: number;
}

/** Parse `127.0.0.1:5300`, `[::1]:5300`, `192.0.2.1` (port 53) from config. */
export function parseNameserverAddress(text: string, where: string): Nameserver {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  let address: string;
  let port = 53;
  if (bracketed) {
    address = bracketed[1] as string;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (isIP(text) === 6) {
    address = text;
  } else {
    const [host, portText, ...rest] = text.split(':');
    if (rest.length > 0 || host === undefined) throw new ZonesyncError(`${where}: "${text}" is not IP:port`);
    address = host;
    if (portText !== undefined) port = Number(portText);
  }
  if (isIP(address) === 0) throw new ZonesyncError(`${where}: "${address}" is not an IP address (nameservers are asked by address, never through a resolver)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ZonesyncError(`${where}: port in "${text}" is not 1-65535`);
  return { address, port };
}

export function formatNameserver(ns: Nameserver): string {
  const host = ns.address.includes(':') ? `[${ns.address}]` : ns.address;
  const label = ns.name ? `${ns.name} ` : '';
  return `${label}${host}:${ns.port}`;
}
