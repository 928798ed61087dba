/**
 * Cloudflare's v4 response envelope and the error codes the simulator answers with.
 * Each code carries where it was seen; "(code not confirmed)" marks a number chosen when no public
 * source showed the real one (the message and HTTP status follow the documented behaviour).
 */

export interface CloudflareMessage {
  code: number;
  message: string;
  error_chain?: CloudflareMessage[];
}

export interface Envelope {
  success: boolean;
  errors: CloudflareMessage[];
  messages: CloudflareMessage[];
  result: unknown;
  result_info?: { page: number; per_page: number; count: number; total_count: number; total_pages: number };
}

/** An API failure: HTTP status plus Cloudflare's `errors` list. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly errors: CloudflareMessage[],
  ) {
    super(errors.map((e) => `${e.code} ${e.message}`).join('; '));
  }
}

// Every response is {success, errors, messages, result} — developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/
export function ok(result: unknown, resultInfo?: Envelope['result_info']): Envelope {
  const body: Envelope = { success: true, errors: [], messages: [], result };
  if (resultInfo) body.result_info = resultInfo;
  return body;
}

export function failed(errors: CloudflareMessage[]): Envelope {
  return { success: false, errors, messages: [], result: null };
}

// DNS record validation errors come as 1004 "DNS Validation Error" with the cause in error_chain — seen in API answers quoted in pulumi/pulumi-cloudflare#292, hashicorp/terraform#11991.
export function validation(code: number, message: string): ApiFailure {
  return new ApiFailure(400, [{ code: 1004, message: 'DNS Validation Error', error_chain: [{ code, message }] }]);
}

export const failures = {
  // Missing or malformed Authorization header: 400, 6003 with 6111 in error_chain — seen in Ultimate-Multisite/ultimate-multisite#73.
  badAuthHeader: () => new ApiFailure(400, [{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] }]),
  // A token the API does not accept: 403 "Authentication error" code 10000 — seen in hieunc229/mailflare#1, favonia/cloudflare-ddns#897.
  badToken: () => new ApiFailure(403, [{ code: 10000, message: 'Authentication error' }]),
  // Unknown zone id or path: 7003 + 7000 "No route for that URI" — the API's routing error (code seen widely in client issues).
  noRoute: (path: string) => new ApiFailure(404, [{ code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` }, { code: 7000, message: 'No route for that URI' }]),
  // Unknown record id: 81044 "Record does not exist." — seen in zanjie1999/cloudflare-api-v4-ddns#5.
  noRecord: () => new ApiFailure(404, [{ code: 81044, message: 'Record does not exist.' }]),
  // Identical record: 81058 "An identical record already exists." (older answers said 81057 "Record already exists.") — jeessy2/ddns-go#1378, NewFuture/DDNS#21.
  identical: () => new ApiFailure(400, [{ code: 81058, message: 'An identical record already exists.' }]),
  // CNAME where A/AAAA/CNAME (or other data) exists: 81053 — the API's "records with the same name" rule, code seen in NewFuture/DDNS#21's linked thread.
  cnameBesideData: () => new ApiFailure(400, [{ code: 81053, message: 'An A, AAAA, or CNAME record with that host already exists. For more details, refer to <https://developers.cloudflare.com/dns/manage-dns-records/troubleshooting/records-with-same-name/>.' }]),
  // Data where a CNAME exists: 81054 — seen in joshuaavalon/SynologyCloudflareDDNS#29.
  dataBesideCname: () => new ApiFailure(400, [{ code: 81054, message: 'A CNAME record with that host already exists. For more details, refer to <https://developers.cloudflare.com/dns/manage-dns-records/troubleshooting/records-with-same-name/>.' }]),
  // "NS records cannot exist on the same name as any other record type" — SDK doc comment on records.create (code not confirmed).
  nsBesideData: () => new ApiFailure(400, [{ code: 81056, message: 'NS records cannot exist on the same name as any other record type.' }]),
  // Batches are limited to 200 operations (Free) / 3,500 (paid) — developers.cloudflare.com/dns/manage-dns-records/how-to/batch-record-changes/ (code not confirmed).
  batchTooLarge: (limit: number, size: number) => new ApiFailure(400, [{ code: 81080, message: `Batch of ${size} operations exceeds the limit of ${limit} for this zone's plan.` }]),
  // Over the global limit: 429 — developers.cloudflare.com/fundamentals/api/reference/limits/ (code 971 as in client reports; lablabs/cloudflare-exporter#74 quotes the message).
  rateLimited: (limit: number, windowSeconds: number) => new ApiFailure(429, [{ code: 971, message: `More than ${limit} requests per ${windowSeconds} seconds reached. Please wait and consider throttling your request speed` }]),
  // A server-side fault (code not confirmed).
  internal: () => new ApiFailure(500, [{ code: 10001, message: 'Internal server error' }]),
  // Zone creation of an existing name (code not confirmed).
  zoneExists: (name: string) => new ApiFailure(400, [{ code: 1061, message: `${name} already exists` }]),
  // A name Cloudflare refuses to add: 1097 "This zone is banned…" — mandatoryprogrammer/cloudflare_enum#1.
  zoneBanned: () => new ApiFailure(400, [{ code: 1097, message: 'This zone is banned and cannot be added to Cloudflare at this time, please contact Cloudflare Support.' }]),
  // A zone name that is not a registrable domain (code and wording not confirmed).
  zoneInvalid: (name: string) => new ApiFailure(400, [{ code: 1049, message: `${name} is not a registered domain` }]),
  // A request the API cannot parse (code not confirmed).
  badRequest: (message: string) => new ApiFailure(400, [{ code: 1001, message }]),
};
