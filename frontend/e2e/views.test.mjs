// The admin installs the contract-approval starter with its sample records, finds them on the
// "By type" kanban board (one column per contract type) and in the ledger table, opens a card,
// approves two submitted contracts at once from the inbox (批量同意), and sees why a step with
// required fields cannot be approved in bulk.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

e2eTest('contract views: kanban board, table view and bulk approval from the inbox', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const res = await page.request.post('/api/v1/workspaces', { data: { name: 'Views' }, headers: { 'X-CSRF-Token': csrf } });
  assert.equal(res.status(), 201, await res.text());
  const ws = (await res.json()).id;

  // The gallery installs the starter with its sample contracts.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByTestId('install-app').click();
  const gallery = await openedDialog(page, 'Template gallery');
  await gallery.getByRole('checkbox', { name: 'Add sample records (starter templates)' }).check();
  await gallery.getByRole('button', { name: 'Install Contract approval' }).click();
  await page.waitForURL(/\/apps\/[^/?]+$/);
  const app = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

  // Views: the kanban board has a column per contract type, each with its cards.
  await page.getByTestId('section-views').click();
  await page.getByTestId('view-tab-by_type').click();
  const sales = page.getByTestId('kanban-column').filter({ hasText: 'Sales' });
  await sales.getByTestId('kanban-card').first().waitFor();
  for (const type of ['Purchase', 'Service', 'Other']) {
    await page.getByTestId('kanban-column').filter({ hasText: type }).getByTestId('kanban-card').first().waitFor();
  }
  // The ledger is a table view in the columns the template names.
  await page.getByTestId('view-tab-all_contracts').click();
  const ledger = page.getByTestId('view-table');
  await ledger.getByRole('columnheader', { name: 'Counterparty' }).waitFor();
  await ledger.getByRole('row').filter({ hasText: '禾丰超市收银系统采购合同' }).waitFor();

  // A card opens its record.
  await page.getByTestId('view-tab-by_type').click();
  await sales.getByTestId('kanban-card').first().click();
  await page.waitForURL(/\/records\/[^/]+$/);
  await page.getByTestId('record-title').waitFor();

  // Two contracts submitted through the API wait for the supervisor (the admin, as fallback),
  // next to the sample contracts the install drove to the supervisor's step.
  for (const title of ['Bulk one', 'Bulk two']) {
    const r = await page.request.post(`/api/v1/workspaces/${ws}/apps/${app}/forms/contract/records`, {
      data: { title, type: 'service', counterparty: 'Bulk Ltd.', amount: 1000 },
      headers: { 'X-CSRF-Token': csrf },
    });
    assert.equal(r.status(), 201, await r.text());
  }

  await page.goto(`/w/${encodeURIComponent(ws)}/inbox`);
  const inbox = page.getByTestId('inbox-table');
  const supervisorRows = inbox.getByRole('row').filter({ hasText: 'Supervisor' }).filter({ hasText: 'Bulk' });
  await supervisorRows.nth(1).waitFor();
  assert.equal(await supervisorRows.count(), 2);
  for (const row of await supervisorRows.all()) await row.getByRole('checkbox').check();
  await page.getByTestId('bulk-approve').click();
  const dialog = await openedDialog(page, 'Approve 2 selected');
  await dialog.getByTestId('bulk-comment').fill('Approved together');
  await dialog.getByTestId('bulk-ok').click();
  await page.getByText('2 approved').waitFor();
  await dialog.waitFor({ state: 'hidden' });

  // Both moved on to legal and finance review, in parallel.
  const legalRows = inbox.getByRole('row').filter({ hasText: 'Legal review' }).filter({ hasText: 'Bulk' });
  await legalRows.nth(1).waitFor();
  await supervisorRows.first().waitFor({ state: 'detached' });

  // Legal review requires its fields: the bulk dialog asks for them once, checked before sending.
  await legalRows.first().getByRole('checkbox').check();
  await page.getByTestId('bulk-approve').click();
  const again = await openedDialog(page, 'Approve 1 selected');
  await again.getByLabel('Legal opinion', { exact: true }).waitFor();
  await again.getByTestId('bulk-ok').click();
  await again.getByText('This field is required.').first().waitFor();
});
