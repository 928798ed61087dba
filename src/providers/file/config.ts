import * as z from 'zod';

export const fileConfigSchema = z.strictObject({
  type: z.literal('file'),
  /** Directory of RFC 1035 zone files, one `<zone>.zone` per zone (relative to zonesync.yaml). */
  directory: z.string().min(1),
  /** Host names the served files list as apex NS (what a delegation to the servers loading them lists). */
  delegation: z.array(z.string().min(1)).default(['ns.zonesync.invalid.']),
  /** IP:port of servers that load these files, for `verify` and chunk verification. */
  nameservers: z.array(z.string()).default([]),
  /** Command run (no shell) after each write of a zone file, so a server loading the directory picks it up: `[rndc, reload, '{zone}']`. */
  reload: z.array(z.string().min(1)).min(1).optional(),
  /** Deadline for one run of `reload` (30 s when absent). */
  reloadTimeoutMs: z.number().int().positive().optional(),
});
export type FileConfig = z.infer<typeof fileConfigSchema>;
