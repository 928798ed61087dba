/** The Cloudflare conformance run reads records in pages of 100, Cloudflare's documented default `per_page`. */
export const CLOUDFLARE_CONFORMANCE_PAGE = 100;
