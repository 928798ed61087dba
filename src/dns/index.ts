/** DNS on the wire: what `verify`, chunk verification and the BIND provider use. */
export { query, EDNS_UDP_SIZE, type DnsResponse, type QueryOptions } from './client.js';
export { axfr, type AxfrOptions, type Transfer } from './axfr.js';
export { sendUpdate, encodedUpdateSize, MAX_MESSAGE_SIZE, type DnsUpdate, type Prerequisite, type UpdateOperation, type UpdateOptions } from './update.js';
export { type TsigKey } from './tsig.js';
export { DnsError, TsigError, type TsigErrorCode } from './error.js';
export { recordFromPacket, recordToPacket, rdataToPacket, soaFromPacket, soaToPacket, soaValue, type WireRecord, type WireType } from './rdata-wire.js';
export { clientSubnet, subnetText, type ClientSubnet } from './ecs.js';
