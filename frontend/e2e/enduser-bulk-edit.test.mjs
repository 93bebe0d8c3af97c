// 批量修改 as an attendee of the meeting-minutes starter (a member, not an admin): she selects
// three of her action items and marks them done at once. One of them was changed by someone
// else after her list was read: it is left alone and named with the reason, the other two
// are changed. Then every item a search finds, past the list's first page.
import assert from 'node:assert/strict';
import { setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

e2eTest('an attendee marks several action items done at once; one changed meanwhile is named, not overwritten', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const email = `bulk-${Date.now()}@formloom.test`;
  const hana = await addMember(cfg.url, call, ws, { email, name: 'Hana Attendee' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/attendee/assignees`, { user: hana });
  const tasks = `/workspaces/${ws}/apps/${app}/forms/task/records`;
  const made = {};
  for (const title of ['Book the venue', 'Send the agenda', 'Order lunch', 'Print handouts']) {
    made[title] = await call('POST', tasks, { title, owner: hana, status: 'todo', deadline: '2030-01-15' });
  }

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/task`);
  const row = (title) => page.getByTestId('records-table').locator('tr.ant-table-row').filter({ hasText: title });
  await row('Order lunch').waitFor();
  // Someone changes one of them after her list was read.
  await patchAsAdmin(`${tasks}/${made['Order lunch'].id}`, { notes: 'Ten people' });
  for (const title of ['Book the venue', 'Send the agenda', 'Order lunch']) await row(title).locator('.ant-checkbox-input').check();
  await page.getByTestId('selection-bar').getByText('3').waitFor();
  await page.getByTestId('bulk-edit-selected').click();
  const dialog = page.getByTestId('bulk-edit');
  await dialog.getByTestId('bulk-edit-field').click();
  // Only the fields one value makes sense for: no formula, lookup or the fields she may only read.
  const offered = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
  assert.ok(offered.includes('Status') && !offered.includes('Meeting time'), `offered: ${offered.join(', ')}`);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Status$/ }).click();
  await dialog.getByTestId('bulk-edit-value').locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Done$/ }).click();
  await dialog.getByTestId('bulk-edit-run').click();
  const failed = dialog.getByTestId('bulk-edit-failed');
  await failed.waitFor();
  assert.match(await failed.innerText(), /1 record was not changed:[\s\S]*Order lunch/);
  await dialog.getByTestId('bulk-edit-run').click();
  await dialog.waitFor({ state: 'hidden' });

  const stored = Object.fromEntries((await call('GET', tasks)).items.map((r) => [r.data.title, r.data]));
  assert.equal(stored['Book the venue'].status, 'done');
  assert.equal(stored['Send the agenda'].status, 'done');
  assert.equal(stored['Order lunch'].status, 'todo', 'the record changed meanwhile is not overwritten');
  assert.equal(stored['Order lunch'].notes, 'Ten people');
  assert.equal(stored['Print handouts'].status, 'todo', 'a record not selected is left alone');
  await row('Book the venue').getByText('Done').waitFor();
});

e2eTest('an attendee marks every action item a search finds done, past the first page', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const email = `bulk-all-${Date.now()}@formloom.test`;
  const hana = await addMember(cfg.url, call, ws, { email, name: 'Hana Attendee' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/attendee/assignees`, { user: hana });
  const tasks = `/workspaces/${ws}/apps/${app}/forms/task/records`;
  for (let i = 1; i <= 23; i++) await call('POST', tasks, { title: `Launch prep ${i}`, owner: hana, status: 'todo' });
  await call('POST', tasks, { title: 'Quarterly report', owner: hana, status: 'todo' });

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/task`);
  await page.getByTestId('records-search').fill('Launch prep');
  await page.getByTestId('records-search').press('Enter');
  await page.getByTestId('records-table').getByText('Launch prep 23').waitFor();
  // The whole first page (20) ticked; the bar offers every match of the search, 23.
  await page.getByTestId('records-table').locator('thead .ant-checkbox-input').check();
  await page.getByTestId('select-every').click();
  await page.getByTestId('selection-bar').getByText('All 23 matching records selected').waitFor();
  await page.getByTestId('bulk-edit-selected').click();
  const dialog = page.getByTestId('bulk-edit');
  await dialog.getByText('Edit 23 records').waitFor();
  await dialog.getByTestId('bulk-edit-field').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Status$/ }).click();
  await dialog.getByTestId('bulk-edit-value').locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Done$/ }).click();
  await dialog.getByTestId('bulk-edit-run').click();
  // Each record is its own request: the message comes once the last one is answered.
  await page.getByText('23 records changed').waitFor();

  const stored = (await call('GET', `${tasks}?limit=100`)).items;
  assert.equal(stored.filter((r) => r.data.title.startsWith('Launch prep') && r.data.status === 'done').length, 23, 'every match is changed, past the first page');
  assert.equal(stored.find((r) => r.data.title === 'Quarterly report').data.status, 'todo', 'a record the search left out is left alone');
});

/** patchAsAdmin changes a record as the workspace's admin, whatever its version (If-Match: *). */
async function patchAsAdmin(path, body) {
  const login = await fetch(`${cfg.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: cfg.adminEmail, password: cfg.adminPassword }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = await login.json();
  const res = await fetch(`${cfg.url}/api/v1${path}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken, 'If-Match': '*' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}
