// A lost deal's reason, required or not per the tenant's stage model: the move API and the chat command follow the same setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { makeAccount } from '../fixtures/accounts';
import { makeMessage, postActivity } from '../fixtures/activities';
import { apiClient, type ErrorBody } from '../fixtures/api';
import { newTenantId, startTestServer } from '../fixtures/server';

type Deal = { id: string; etag: string; title: string; stageId: string; status: string; outcomeReason?: string };
type Model = {
  etag: string;
  stages: { retired?: boolean }[];
  reportingCurrency: string;
  rates: Record<string, number>;
  lostReasonRequired: boolean;
};

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const admin = { 'x-dev-roles': 'admin' };

/** A fresh tenant with one open deal, "Contoso ERP". */
async function tenantWithDeal(locale = 'en') {
  const tenantId = newTenantId();
  const api = apiClient(server.url, tenantId, locale);
  const account = await api.post<{ id: string }>('/accounts', makeAccount({ name: 'Contoso' }));
  const created = await api.post<Deal>('/pipeline/opportunities', {
    title: 'Contoso ERP',
    accountId: account.body.id,
    amount: 1000,
    expectedCloseDate: '2030-06-30',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { tenantId, api, deal: created.body };
}

/** Sets the tenant's `lostReasonRequired` as an admin, keeping the rest of the model. */
async function requireLostReason(api: ReturnType<typeof apiClient>, required: boolean | undefined) {
  const current = await api.get<Model>('/pipeline/stages');
  const stages = current.body.stages.map(({ retired: _retired, ...stage }) => stage);
  const body = {
    stages,
    reportingCurrency: current.body.reportingCurrency,
    rates: current.body.rates,
    ...(required === undefined ? {} : { lostReasonRequired: required }),
  };
  const replaced = await api.call<Model>('PUT', '/pipeline/stages', body, { 'if-match': current.body.etag, ...admin });
  expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
  return replaced.body;
}

async function say(text: string, tenantId: string): Promise<string> {
  const response = await postActivity(server.url, makeMessage(text, { tenantId }));
  expect(response.status).toBe(200);
  return JSON.stringify(response.activities);
}

describe('lost reason', () => {
  it('is required by default: a Lost move without it is refused in the caller’s language and changes nothing', async () => {
    const { api, deal } = await tenantWithDeal();
    expect((await api.get<Model>('/pipeline/stages')).body.lostReasonRequired).toBe(true);

    const refused = await api.post<ErrorBody>(`/pipeline/opportunities/${deal.id}/move`, { stageId: 'lost' }, { 'if-match': deal.etag });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'LOST_REASON_REQUIRED',
      message: expect.stringContaining('Why was "Contoso ERP" lost?'),
    });
    const chinese = await api.post<ErrorBody>(
      `/pipeline/opportunities/${deal.id}/move`,
      { stageId: 'lost' },
      { 'if-match': deal.etag, 'accept-language': 'zh-CN' },
    );
    expect(chinese.body.error.message).toContain('“Contoso ERP”为什么丢单？');
    expect((await api.get<Deal>(`/pipeline/opportunities/${deal.id}`)).body).toMatchObject({ stageId: 'initial-contact', status: 'open' });

    const moved = await api.post<Deal>(
      `/pipeline/opportunities/${deal.id}/move`,
      { stageId: 'lost', reason: 'Price' },
      { 'if-match': deal.etag },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stageId: 'lost', status: 'lost', outcomeReason: 'Price' });
  });

  it('a won deal needs no reason whatever the setting', async () => {
    const { api, deal } = await tenantWithDeal();
    const moved = await api.post<Deal>(`/pipeline/opportunities/${deal.id}/move`, { stageId: 'won' }, { 'if-match': deal.etag });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('won');
  });

  it('an admin may make it optional; the setting stays when a later model leaves it out', async () => {
    const { api, deal } = await tenantWithDeal();
    expect((await requireLostReason(api, false)).lostReasonRequired).toBe(false);
    expect((await requireLostReason(api, undefined)).lostReasonRequired).toBe(false);

    const moved = await api.post<Deal>(`/pipeline/opportunities/${deal.id}/move`, { stageId: 'lost' }, { 'if-match': deal.etag });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ status: 'lost' });
    expect(moved.body.outcomeReason).toBeUndefined();
  });

  it('refuses a setting that is not true or false', async () => {
    const { api } = await tenantWithDeal();
    const current = await api.get<Model>('/pipeline/stages');
    const stages = current.body.stages.map(({ retired: _retired, ...stage }) => stage);
    const refused = await api.call<ErrorBody>(
      'PUT',
      '/pipeline/stages',
      { stages, reportingCurrency: 'CNY', lostReasonRequired: 'no' },
      { 'if-match': current.body.etag, ...admin },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('chat asks for the reason while the tenant requires one, and closes the deal without it once optional', async () => {
    const { tenantId, api, deal } = await tenantWithDeal();
    expect(await say('lost Contoso ERP', tenantId)).toContain('Why was \\"Contoso ERP\\" lost?');
    expect((await api.get<Deal>(`/pipeline/opportunities/${deal.id}`)).body.status).toBe('open');

    await requireLostReason(api, false);
    expect(await say('lost Contoso ERP', tenantId)).toContain('Marked as lost.');
    expect((await api.get<Deal>(`/pipeline/opportunities/${deal.id}`)).body.status).toBe('lost');
  });

  it('chat moving a deal to Lost by name is refused without the reason, in words', async () => {
    const { tenantId, api, deal } = await tenantWithDeal();
    expect(await say('move Contoso ERP to lost', tenantId)).toContain('This pipeline keeps the reason of every lost deal');
    expect((await api.get<Deal>(`/pipeline/opportunities/${deal.id}`)).body.status).toBe('open');
  });
});
