// @vitest-environment happy-dom
import { App } from 'antd';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../shared/api/client';
import { ApiProvider } from '../../../shared/api/ApiContext';
import { Api } from '../../../shared/api/endpoints';
import { apiError, json, mockFetch } from '../../../shared/test/mockFetch';
import { mount } from '../../../shared/testing/mount';
import { PublishedProvider } from '../store/PublishedContext';
import { RoleHolders } from './RoleHolders';

/** A server whose published version 1 has the role finance, held by one member. */
function server() {
  return mockFetch((call) => {
    if (call.url.endsWith('/apps/a1/versions/1')) return json(200, { key: 'claims', forms: [], roles: [{ key: 'finance', name: { 'zh-CN': '财务' } }] });
    if (call.url.endsWith('/roles/finance/assignees')) return json(200, { items: [{ user: 'u1' }] });
    if (call.url.includes('/assignees')) return apiError(404, 'not_found', 'not found');
    if (call.url.endsWith('/members')) return json(200, { items: [{ userId: 'u1', name: '李娜', email: 'lina@example.com', status: 'active' }] });
    return json(200, { items: [] });
  });
}

async function show(role: string) {
  const srv = server();
  const el = await mount(
    <ApiProvider api={new Api(new ApiClient({ fetch: srv.fetch }))}>
      <PublishedProvider ws="w1" app="a1" version={1}>
        <App>
          <RoleHolders ws="w1" app="a1" role={role} />
        </App>
      </PublishedProvider>
    </ApiProvider>,
  );
  // The published version, then the holders, arrive.
  for (let i = 0; i < 3; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
  return { el, asked: srv.calls.filter((c) => c.url.includes('/assignees')).map((c) => c.url) };
}

describe('RoleHolders', () => {
  it('lists the holders of a published role', async () => {
    const { el, asked } = await show('finance');
    expect(asked).toHaveLength(1);
    expect(el.querySelector('[data-testid="role-holder"]')?.textContent).toContain('李娜');
  });

  it('does not ask the server about a role only in the draft, and says to publish', async () => {
    const { el, asked } = await show('legal');
    expect(asked).toEqual([]);
    expect(el.querySelector('[data-testid="role-publish-first"]')?.textContent).toBe('保存并发布应用后，才能把新角色分配给成员。');
    expect(el.querySelector('.ant-alert-error')).toBeNull();
  });
});
