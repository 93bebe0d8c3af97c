// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { ApiClient } from '../shared/api/client';
import { Api } from '../shared/api/endpoints';
import { createI18n } from '../shared/i18n';
import { apiError, json, mockFetch, type Handler } from '../shared/test/mockFetch';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let container: HTMLElement | undefined;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
});

/** render mounts the whole UI at path, with the API answered by handler. */
async function render(path: string, lang: 'zh-CN' | 'en', handler: Handler) {
  window.history.replaceState(null, '', path);
  const { fetch, calls } = mockFetch(handler);
  const i18n = createI18n(lang);
  const api = new Api(new ApiClient({ fetch, language: () => i18n.language }));
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root!.render(<App api={api} i18n={i18n} />));
  return { calls };
}

/** until lets React and the mocked API settle until check passes (bounded number of turns). */
async function until(check: () => boolean): Promise<void> {
  // Pages and the signed-in frame are lazy modules: their first import may take a while.
  for (let i = 0; i < 1000 && !check(); i++) {
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  expect(check()).toBe(true);
}

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
