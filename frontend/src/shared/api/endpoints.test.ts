import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../test/mockFetch';
import { ApiClient } from './client';
import { Api } from './endpoints';
import { isApiError } from './errors';

function setup() {
  const { fetch, calls } = mockFetch((c) => {
    if (c.url.includes('/history')) {
      // Two pages: the timeline is read whole, with the files each page's changes name.
      const file = (id: string) => ({ id, name: `${id}.pdf`, size: 1, contentType: 'application/pdf' });
      return json(200, c.url.includes('cursor=p2') ? { items: [{ id: 'e2' }], next: '', files: [file('f2')] } : { items: [{ id: 'e1' }], next: 'p2', files: [file('f1')] });
    }
    return json(200, { id: 'x', items: [], marked: 3 });
  });
  return { api: new Api(new ApiClient({ fetch })), calls };
}

describe('Api: apps, records, pipelines and the inbox', () => {
  it('installs a template, with sample records only when asked', async () => {
    const { api, calls } = setup();
    await api.installTemplate('w1', 'contract-approval');
    await api.installTemplate('w1', 'lead-management', true);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/v1/workspaces/w1/apps', { template: 'contract-approval' }],
      ['POST', '/api/v1/workspaces/w1/apps', { template: 'lead-management', sampleData: true }],
    ]);
  });

  it('takes pipeline actions and pages records, the inbox and the timeline', async () => {
    const { api, calls } = setup();
    await api.act('w1', 'a1', 'contract', 'r1', 'return', { to: 'supervisor', comment: 'Fix the terms' });
    await api.records('w1', 'a1', 'contract', { cursor: 'c2', limit: 20 });
    await api.inbox('w1', 'todo', 'n1');
    await api.inbox('w1', 'done', undefined, 'a1');
    await api.markNotificationsRead('w1');
    const history = await api.history('w1', 'a1', 'contract', 'r1');
    expect(history.events.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(history.files.map((f) => f.name)).toEqual(['f1.pdf', 'f2.pdf']);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/workspaces/w1/apps/a1/forms/contract/records/r1/actions/return',
      'GET /api/v1/workspaces/w1/apps/a1/forms/contract/records?limit=20&cursor=c2',
      'GET /api/v1/workspaces/w1/inbox?box=todo&limit=20&cursor=n1',
      'GET /api/v1/workspaces/w1/inbox?box=done&limit=20&app=a1',
      'POST /api/v1/workspaces/w1/notifications/read',
      'GET /api/v1/workspaces/w1/apps/a1/forms/contract/records/r1/history',
      'GET /api/v1/workspaces/w1/apps/a1/forms/contract/records/r1/history?cursor=p2',
    ]);
    expect(calls[0]!.body).toEqual({ to: 'supervisor', comment: 'Fix the terms' });
    expect(calls[4]!.body).toEqual({});
  });

  it('reads views, kanban columns and dashboards, and sends bulk decisions with their comment', async () => {
    const { api, calls } = setup();
    await api.views('w1', 'a1');
    await api.viewRecords('w1', 'a1', 'by_type', { group: 'sales', limit: 20 });
    await api.viewRecords('w1', 'a1', 'ledger', { cursor: 'c9' });
    await api.viewGroups('w1', 'a1', 'by_type');
    await api.dashboardData('w1', 'a1', 'contracts');
    await api.bulkAct('w1', 'approve', [{ app: 'a1', form: 'contract', record: 'r1' }], '  fine  ');
    await api.bulkAct('w1', 'approve', [{ app: 'a1', form: 'contract', record: 'r2' }], '   ');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/workspaces/w1/apps/a1/views',
      'GET /api/v1/workspaces/w1/apps/a1/views/by_type/records?group=sales&limit=20',
      'GET /api/v1/workspaces/w1/apps/a1/views/ledger/records?cursor=c9',
      'GET /api/v1/workspaces/w1/apps/a1/views/by_type/groups',
      'GET /api/v1/workspaces/w1/apps/a1/dashboards/contracts/data',
      'POST /api/v1/workspaces/w1/inbox/actions',
      'POST /api/v1/workspaces/w1/inbox/actions',
    ]);
    expect(calls[5]!.body).toEqual({ action: 'approve', comment: 'fine', items: [{ app: 'a1', form: 'contract', record: 'r1' }] });
    expect(calls[6]!.body).toEqual({ action: 'approve', items: [{ app: 'a1', form: 'contract', record: 'r2' }] });
  });
});

describe('Api: the record check', () => {
  it('answers valid, and rejects a refusal answered as 200 with the error a create would give', async () => {
    const { fetch } = mockFetch((c) =>
      json(200, (c.body as Record<string, unknown>).end === 'early' ? { valid: false, error: { status: 422, code: 'invalid_record', message: 'Check the fields', fields: { '/end': { code: 'rule', message: 'End after start' } } } } : { valid: true }),
    );
    const api = new Api(new ApiClient({ fetch }));
    await expect(api.checkRecord('w1', 'a1', 'venture', { end: 'late' })).resolves.toEqual({ valid: true });
    const err = await api.checkRecord('w1', 'a1', 'venture', { end: 'early' }).catch((e: unknown) => e);
    expect(isApiError(err)).toBe(true);
    expect(err).toMatchObject({ status: 422, code: 'invalid_record', fields: { '/end': { code: 'rule', message: 'End after start' } } });
  });
});
