// The account record 客户 and its contact 联系人 (with the CUTE buying role), and the shapes clients send to create or change them.
import { z } from 'zod';
import { text } from '../../core/validation';

/** The longest account name, in characters. */
export const accountNameMax = 200;

export const accountTypes = ['enterprise', 'individual', 'government'] as const;
export const accountSizes = ['micro', 'small', 'medium', 'large'] as const;
/** Channels a customer can be reached on; consent decides which we may use. */
export const contactChannels = ['phone', 'email', 'mail', 'sms', 'visit', 'wechat', 'teams'] as const;
/** CUTE: Coach 教练, User 使用者, Technical 技术把关者, Economic 经济决策者. */
export const cuteRoles = ['coach', 'user', 'technical', 'economic'] as const;

/** What the customer allows: no phone call, mail or email without permission. */
export const consentSchema = z.strictObject({
  phone: z.boolean().default(false),
  email: z.boolean().default(false),
  mail: z.boolean().default(false),
  sms: z.boolean().default(false),
});
export type Consent = z.infer<typeof consentSchema>;

const website = z.url({ protocol: /^https?$/ }).max(500);
const email = z.email().max(254);

export const accountSchema = z.strictObject({
  id: z.uuid(),
  name: text(accountNameMax),
  industry: text(100).optional(),
  region: text(100).optional(),
  size: z.enum(accountSizes).optional(),
  type: z.enum(accountTypes),
  ownerId: z.string().min(1).max(128),
  ownerName: z.string().max(256),
  team: text(100).optional(),
  tags: z.array(text(50)).max(20).default([]),
  preferredChannel: z.enum(contactChannels).optional(),
  consent: consentSchema.default({ phone: false, email: false, mail: false, sms: false }),
  website: website.optional(),
  phone: text(50).optional(),
  address: text(500).optional(),
  parentAccountId: z.uuid().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Account = z.infer<typeof accountSchema>;

/** An account as stored: the record and the version its last write gave it (rows written before versions are version 1). */
export const accountRowSchema = accountSchema.extend({ version: z.number().int().min(1).default(1) });
export type AccountRow = z.infer<typeof accountRowSchema>;

/** The account without its storage version, as the service hands it out. */
export const toAccount = ({ version: _version, ...account }: AccountRow): Account => account;

/** Fields a client may set; the rest (id, owner, timestamps) the store fills in. */
export const newAccountSchema = accountSchema
  .omit({ id: true, ownerId: true, ownerName: true, createdAt: true, updatedAt: true })
  .extend({ type: z.enum(accountTypes).default('enterprise') });
export type NewAccount = z.input<typeof newAccountSchema>;

export const accountChangesSchema = newAccountSchema.partial().strict();
export type AccountChanges = z.infer<typeof accountChangesSchema>;

export const contactSchema = z.strictObject({
  id: z.uuid(),
  accountId: z.uuid(),
  name: text(accountNameMax),
  title: text(100).optional(),
  email: email.optional(),
  phone: text(50).optional(),
  cuteRole: z.enum(cuteRoles).optional(),
  preferredChannel: z.enum(contactChannels).optional(),
  consent: consentSchema.default({ phone: false, email: false, mail: false, sms: false }),
  ownerId: z.string().min(1).max(128),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Contact = z.infer<typeof contactSchema>;

export const newContactSchema = contactSchema.omit({ id: true, ownerId: true, createdAt: true, updatedAt: true });
export type NewContact = z.input<typeof newContactSchema>;

export const contactChangesSchema = newContactSchema.omit({ accountId: true }).partial().strict();
export type ContactChanges = z.infer<typeof contactChangesSchema>;
