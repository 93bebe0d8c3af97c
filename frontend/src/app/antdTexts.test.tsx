// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { apiError, json, type Call } from '../shared/test/mockFetch';
import { mountApp, until } from '../shared/test/mountApp';

const form = {
  key: 'expense',
  name: { en: 'Expense', 'zh-CN': '报销' },
  schema: {
    type: 'object',
    properties: {
      amount: { type: 'number', 'x-formloom': { type: 'number', label: { en: 'Amount', 'zh-CN': '金额' } } },
    },
  },
  readOnly: [],
  actions: { read: true, create: true, update: true, delete: true, export: true },
};

/** member answers the API as it does for a member (not an admin) of one workspace with one app. */
function member(c: Call): Response {
  const path = new URL(c.url, 'http://x').pathname.replace(/^\/api\/v1/, '');
  if (path === '/auth/me') return json(200, { user: { id: 'u1', email: 'li@example.com', name: '李雷', admin: false }, csrfToken: 't' });
  if (path === '/workspaces') return json(200, { items: [{ id: 'w1', name: '销售部', role: 'member' }] });
  if (path === '/workspaces/w1') return json(200, { id: 'w1', name: '销售部', role: 'member' });
  if (path === '/workspaces/w1/inbox/counts') return json(200, { todo: 0, overdue: 0, done: 0, cc: 0, mine: 0 });
  if (path === '/workspaces/w1/apps/a1/runtime') {
    return json(200, { id: 'a1', key: 'costs', name: { en: 'Costs', 'zh-CN': '费用' }, version: 1, designer: false, forms: [form] });
  }
  if (path.endsWith('/calendar')) return apiError(404, 'not_found', '未找到');
  return json(200, { items: [] });
}

/** render mounts the whole UI at path in Chinese, for a member. */
const render = (path: string) => mountApp(path, 'zh-CN', member);

const labels = () => [...document.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label') ?? '');
/** english lists the labels antd gives in English whatever the locale (icons' own names aside). */
const english = () => labels().filter((l) => /^(Select all|Custom selection|Increase Value|Decrease Value|segmented control|Close)$/.test(l));

describe('antd texts a member meets are Chinese in zh-CN', { timeout: 20_000 }, () => {
  it('labels the app page’s sections, the records table’s select-all box and a new record’s number steppers', async () => {
    await render('/w/w1/apps/a1');
    await until(() => document.querySelector('.ant-table-selection input') !== null);
    expect(document.querySelector('.ant-segmented')?.getAttribute('aria-label')).toBe('查看');
    expect(document.querySelector('.ant-table-thead .ant-table-selection input')?.getAttribute('aria-label')).toBe('全选');

    await act(async () => (document.querySelector('[data-testid="new-record"]') as HTMLElement).click());
    await until(() => document.querySelector('.ant-input-number-handler-up') !== null);
    expect(document.querySelector('.ant-input-number-handler-up')?.getAttribute('aria-label')).toBe('增大数值');
    expect(document.querySelector('.ant-input-number-handler-down')?.getAttribute('aria-label')).toBe('减小数值');
    expect(english()).toEqual([]);
  });

  it('labels the inbox table’s select-all box', async () => {
    await render('/w/w1/inbox');
    await until(() => document.querySelector('.ant-table-thead .ant-table-selection input') !== null);
    expect(document.querySelector('.ant-table-thead .ant-table-selection input')?.getAttribute('aria-label')).toBe('全选');
    expect(english()).toEqual([]);
  });

  it('labels a dialog’s close button', async () => {
    await render('/w/w1/inbox');
    await until(() => document.querySelector('[data-testid="search-open"]') !== null);
    await act(async () => (document.querySelector('[data-testid="search-open"]') as HTMLElement).click());
    await until(() => document.querySelector('.ant-modal-close') !== null);
    expect(document.querySelector('.ant-modal-close')?.getAttribute('aria-label')).toBe('关闭');
    expect(english()).toEqual([]);
  });
});
