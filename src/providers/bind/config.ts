import * as z from 'zod';

export const bindConfigSchema = z.strictObject({
  type: z.literal('bind'),
  /** The primary that takes transfers and updates, as IP:port (`127.0.0.1:5301`, `[::1]:53`). */
  server: z.string().min(1),
  tsig: z
    .strictObject({
      name: z.string().min(1),
      algorithm: z.enum(['hmac-sha256', 'hmac-sha512']),
      secret: z.base64(),
    })
    .optional(),
  /** Addresses `verify` asks, as IP:port; default: the server. */
  nameservers: z.array(z.string()).min(1).optional(),
  /** Deadline for connecting and for each message. */
  timeoutMs: z.number().int().positive().optional(),
});

export type BindConfig = z.infer<typeof bindConfigSchema>;
