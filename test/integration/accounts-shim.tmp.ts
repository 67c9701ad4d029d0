// TEMPORARY (deleted before hand-off): accounts service stand-in until the real one lands.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { definePlugin } from '../../src/core/plugin';
import { defineMessages } from '../../src/core/i18n';
import { Repository } from '../../src/storage/repository';
import { Router } from 'express';
import { actorOf } from '../../src/http/auth.middleware';

const schema = z.object({ id: z.string(), name: z.string(), accountId: z.string().optional() });

export const accountsPlugin = definePlugin({
  id: 'accounts',
  tables: ['ShimAccounts'],
  messages: defineMessages({ en: {}, 'zh-CN': {} }),
  setup({ table }) {
    const repo = new Repository(table('ShimAccounts'), 'account', schema);
    const service = {
      async createAccount(actor: { tenantId: string }, input: { name: string }) {
        const v = { id: randomUUID(), name: input.name };
        const s = await repo.create({ tenantId: actor.tenantId, partition: ['a'], row: [v.id] }, v);
        return s;
      },
      getAccount: (tenantId: string, id: string) => repo.getOrThrow({ tenantId, partition: ['a'], row: [id] }),
      async createContact(actor: { tenantId: string }, input: { accountId: string; name: string }) {
        await repo.getOrThrow({ tenantId: actor.tenantId, partition: ['a'], row: [input.accountId] });
        const v = { id: randomUUID(), name: input.name, accountId: input.accountId };
        return repo.create({ tenantId: actor.tenantId, partition: ['c'], row: [v.id] }, v);
      },
      getContact: (tenantId: string, id: string) => repo.getOrThrow({ tenantId, partition: ['c'], row: [id] }),
      addCardSection() {},
    };
    const router = Router();
    router.post('/', async (req, res) => { const s = await service.createAccount(actorOf(req), req.body); res.status(201).json({ ...s.value, etag: s.etag }); });
    router.post('/:id/contacts', async (req, res) => { const s = await service.createContact(actorOf(req), { ...req.body, accountId: req.params.id }); res.status(201).json({ ...s.value, etag: s.etag }); });
    return { service, router };
  },
});
