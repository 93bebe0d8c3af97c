// A member who is not an admin, holding only the task app's member role, filters her task
// list on a 390×844 phone, where the table's column headers are cards without filters: the
// Filter button beside the search box opens a sheet from the bottom; she ticks one status and
// applies it, and only that task's card is left, the button saying one filter is on. Reset
// brings all her tasks back.
import assert from 'node:assert/strict';
import { setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

e2eTest('on a phone a member filters her tasks by status in the filter sheet, and resets it', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Phone filter' })).id;
  const email = `filter-${Date.now()}@formloom.test`;
  const mia = await addMember(cfg.url, call, ws, { email, name: 'Mia Member' }, PASSWORD);
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'task-priority' })).id;
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/member/assignees`, { user: mia });
  const mine = await apiSession(cfg.url, email, PASSWORD);
  for (const [title, status] of [
    ['Write the report', 'todo'],
    ['Call the supplier', 'doing'],
    ['Book the room', 'done'],
  ]) {
    await mine('POST', `/workspaces/${ws}/apps/${app}/forms/task/records`, { title, quadrant: 'q2', status });
  }

  const page = await newPage(PHONE);
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}`);
  const cards = page.getByTestId('record-card');
  await cards.nth(2).waitFor();
  assert.equal(await cards.count(), 3);
  const open = page.getByTestId('filter-open');
  assert.equal(await open.innerText(), 'Filter');

  await open.click();
  const sheet = page.getByRole('dialog', { name: 'Filter' });
  const status = sheet.getByTestId('sheet-filter-status');
  // Fields are named by their label, options by theirs.
  assert.equal(await status.locator('.fl-filter-label').innerText(), 'Status');
  await status.getByText('In progress', { exact: true }).click();
  await sheet.getByTestId('filter-apply').click();
  await sheet.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="record-card"]').length === 1);
  assert.match(await cards.first().innerText(), /Call the supplier/);
  assert.equal(await open.innerText(), 'Filter · 1');

  // Reset clears the filter: all three are back.
  await open.click();
  await sheet.getByTestId('filter-reset').click();
  await sheet.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="record-card"]').length === 3);
  assert.equal(await open.innerText(), 'Filter');
});
