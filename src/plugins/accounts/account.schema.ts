// The account record 客户 and the shapes clients send to create or change one.
import { z } from 'zod';

export const accountTypes = ['enterprise', 'individual', 'government'] as const;

/** Names and short texts: trimmed, non-empty, and free of control characters. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\u0000-\u001f\u007f]/u.test(value), 'must not contain control characters');

export const accountSchema = z.strictObject({
  id: z.uuid(),
  name: text(200),
  industry: text(100).optional(),
  region: text(100).optional(),
  type: z.enum(accountTypes),
  website: z.url({ protocol: /^https?$/ }).max(500).optional(),
  phone: text(50).optional(),
  ownerId: z.string().min(1).max(128),
  ownerName: z.string().max(256),
  tags: z.array(text(50)).max(20).default([]),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type Account = z.infer<typeof accountSchema>;

export const newAccountSchema = accountSchema.pick({ name: true, industry: true, region: true, website: true, phone: true, tags: true }).extend({
  type: z.enum(accountTypes).default('enterprise'),
});
export type NewAccount = z.input<typeof newAccountSchema>;

export const accountChangesSchema = newAccountSchema.partial().strict();
export type AccountChanges = z.infer<typeof accountChangesSchema>;
