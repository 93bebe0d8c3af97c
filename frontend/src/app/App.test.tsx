// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../shared/test/mockFetch';
import { mountApp as render, until } from '../shared/test/mountApp';

const text = () => document.body.textContent ?? '';

describe('App', { timeout: 20_000 }, () => {
  it('sends a signed-out visitor to the sign-in page, in Chinese', async () => {
    await render('/', 'zh-CN', () => apiError(401, 'unauthenticated', '未登录'));
    await until(() => window.location.pathname === '/login' && text().includes('登录 Formloom'));
    expect(text()).toContain('邮箱');
    expect(text()).toContain('密码');
  });

  it('shows a signed-in user their workspaces, asking the server in their language', async () => {
    const { calls } = await render('/', 'en', (c) => {
      if (c.url.endsWith('/auth/me')) {
        return json(200, { user: { id: 'u1', email: 'ann@example.com', name: 'Ann Lee', admin: false }, csrfToken: 't' });
      }
      if (c.url.endsWith('/workspaces')) {
        return json(200, { items: [{ id: 'w1', name: 'Sales team', role: 'owner', created: '2025-01-02T03:04:05Z' }] });
      }
      return apiError(404, 'not_found', 'not found');
    });
    await until(() => text().includes('Sales team'));
    expect(text()).toContain('Ann Lee');
    expect(text()).toContain('Owner');
    expect(calls.every((c) => c.headers['accept-language'] === 'en')).toBe(true);
  });
});
