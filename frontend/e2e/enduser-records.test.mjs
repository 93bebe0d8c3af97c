// A member who is not an admin, holding only a sales role (own leads; create, update, delete,
// export, import; the internal note hidden), works with her leads in the records table:
// creates one from the form, searches, filters by a column, edits it on its page, exports the
// table (the file holds her row) and imports a file of three rows, one of them reported bad
// by row and field label in the dry run. The design, new-app and install buttons, which the
// server would refuse her, are not shown to her.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

const leadsApp = {
  key: 'member-leads',
  name: { 'zh-CN': '销售线索', en: 'Sales leads' },
  forms: [
    {
      key: 'lead',
      name: { 'zh-CN': '线索', en: 'Lead' },
      schema: {
        type: 'object',
        required: ['subject'],
        properties: {
          subject: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '主题', en: 'Subject' } } },
          company: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '公司', en: 'Company' } } },
          status: {
            type: 'string',
            enum: ['new', 'qualified'],
            'x-formloom': {
              type: 'select',
              label: { 'zh-CN': '状态', en: 'Status' },
              options: [
                { value: 'new', label: { 'zh-CN': '新线索', en: 'New' } },
                { value: 'qualified', label: { 'zh-CN': '已确认', en: 'Qualified' } },
              ],
            },
          },
          budget: { type: 'number', minimum: 0, 'x-formloom': { type: 'money', label: { 'zh-CN': '预算', en: 'Budget' } } },
          internalNote: { type: 'string', 'x-formloom': { type: 'textarea', label: { 'zh-CN': '内部备注', en: 'Internal note' } } },
        },
      },
      ui: { order: ['subject', 'company', 'status', 'budget', 'internalNote'] },
    },
  ],
  roles: [{ key: 'sales', name: { 'zh-CN': '销售', en: 'Sales' } }],
  permissions: [
    {
      role: 'sales',
      form: 'lead',
      actions: ['create', 'read', 'update', 'delete', 'export', 'import'],
      scope: 'own',
      fields: { internalNote: 'hidden' },
    },
  ],
};

/** What the first test leaves for the second: the workspace, the app and the member. */
const world = { ws: '', app: '', email: '' };

e2eTest('a member creates a lead from the form; the hidden field and others’ leads stay out', async ({ newPage }) => {
  // The admin sets up the workspace, the app and the member with her one role, through the API.
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Leads for members' })).id;
  const email = `mia-${Date.now()}@formloom.test`;
  const mia = await addMember(cfg.url, call, ws, { email, name: 'Mia Sales' }, PASSWORD);
  const app = (await call('POST', `/workspaces/${ws}/apps`, { definition: leadsApp })).id;
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/sales/assignees`, { user: mia });
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/lead/records`, { subject: 'Admin lead', company: 'Elsewhere', internalNote: 'secret' });
  Object.assign(world, { ws, app, email });

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  const csrf = await csrfToken(page);
  await page.request.post(`/api/v1/workspaces/${ws}/apps/${app}/forms/lead/records`, {
    data: { subject: 'Northwind lead', company: 'Northwind', status: 'qualified', budget: 9000 },
    headers: { 'X-CSRF-Token': csrf },
  });

  // Her workspace's apps tab shows her the app but not the admins' new-app and install buttons, and the
  // app page has no design button: the server would refuse her all three.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByTestId('app-card').filter({ hasText: 'Sales leads' }).click();
  await page.getByTestId('new-record').waitFor();
  assert.equal(await page.getByTestId('open-designer').count(), 0, 'no design button for a member');
  await page.goBack();
  await page.getByTestId('apps-list').waitFor();
  assert.equal(await page.getByTestId('blank-app').count(), 0, 'no new-app button for a member');
  assert.equal(await page.getByTestId('install-app').count(), 0, 'no install button for a member');

  // She creates a lead from the form; the hidden field is not on it.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}`);
  await page.getByTestId('new-record').click();
  const drawer = page.getByRole('dialog', { name: 'New Lead' });
  await drawer.getByLabel('Subject', { exact: true }).fill('Hefeng cashier lead');
  assert.equal(await drawer.getByLabel('Internal note', { exact: true }).count(), 0);
  await drawer.getByLabel('Company', { exact: true }).fill('Hefeng');
  await drawer.getByLabel('Status', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'New' }).click();
  await drawer.getByLabel('Budget', { exact: true }).fill('5000');
  await drawer.getByTestId('submit-record').click();
  await drawer.waitFor({ state: 'hidden' });
  const table = page.getByTestId('records-table');
  await table.getByText('Hefeng cashier lead').waitFor();
  await table.getByText('Northwind lead').waitFor();
  assert.equal(await table.getByText('Admin lead').count(), 0, 'the own scope leaves the admin’s lead out');
  assert.equal(await table.getByRole('columnheader', { name: 'Internal note' }).count(), 0);

  // Opened from the list, a lead steps to the next one in the list's order (newest first) and
  // back; the browser's back returns to the list, not through each lead read.
  await table.getByRole('link', { name: 'Hefeng cashier lead' }).click();
  await page.getByTestId('record-title').getByText('Hefeng cashier lead').waitFor();
  assert.equal(await page.getByTestId('record-position').innerText(), '1 / 2');
  assert.equal(await page.getByTestId('record-prev').isDisabled(), true);
  await page.getByTestId('record-next').click();
  await page.getByTestId('record-title').getByText('Northwind lead').waitFor();
  assert.equal(await page.getByTestId('record-position').innerText(), '2 / 2');
  assert.equal(await page.getByTestId('record-next').isDisabled(), true);
  await page.getByTestId('record-prev').click();
  await page.getByTestId('record-title').getByText('Hefeng cashier lead').waitFor();
  await page.goBack();
  await table.getByText('Northwind lead').waitFor();
});

e2eTest('a member searches, filters by a column and edits her lead', async ({ newPage }) => {
  const { ws, app, email } = world;
  assert.ok(ws, 'the first test set the app up');
  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}`);
  const table = page.getByTestId('records-table');
  const rows = table.locator('tbody tr.ant-table-row');
  await table.getByText('Hefeng cashier lead').waitFor();

  // Search: the box names the fields it looks in.
  await page.getByPlaceholder('Search Subject, Company', { exact: true }).fill('Hefeng');
  await page.getByPlaceholder('Search Subject, Company', { exact: true }).press('Enter');
  await table.getByText('Northwind lead').waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 1);
  await page.getByPlaceholder('Search Subject, Company', { exact: true }).fill('');
  await page.getByPlaceholder('Search Subject, Company', { exact: true }).press('Enter');
  await table.getByText('Northwind lead').waitFor();

  // Filter the Status column to Qualified.
  await table.locator('th').filter({ hasText: 'Status' }).locator('.ant-table-filter-trigger').first().click();
  await page.getByTestId('filter-status').getByText('Qualified').click();
  await page.getByTestId('filter-status-apply').click();
  await table.getByText('Hefeng cashier lead').waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await table.getByText('Hefeng cashier lead').waitFor();

  // A click on a plain cell of the row opens the record (the first column's link is there for
  // the keyboard); then edit on the record page, with the version it was read at.
  await rows.filter({ hasText: 'Hefeng cashier lead' }).locator('td').nth(2).click();
  await page.waitForURL(/\/records\/[^/]+$/);
  await page.getByTestId('edit-record').click();
  const edit = page.getByRole('dialog', { name: 'Edit' });
  await edit.getByLabel('Company', { exact: true }).fill('Hefeng Supermarket');
  await edit.getByTestId('save-record').click();
  await edit.waitFor({ state: 'hidden' });
  await page.getByTestId('record-fields').getByText('Hefeng Supermarket').waitFor();
});

e2eTest('a member exports her leads and imports a file with one bad row', async ({ newPage }) => {
  const { ws, app, email } = world;
  assert.ok(ws, 'the first test set the app up');
  const page = await newPage({ acceptDownloads: true });
  await signIn(page, email, PASSWORD);
  const table = page.getByTestId('records-table');

  // Export the table: the downloaded file holds her edited row and not the hidden field.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}`);
  await table.getByText('Hefeng cashier lead').waitFor();
  await page.getByTestId('export-button').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /Hefeng Supermarket/);
  assert.doesNotMatch(csv, /Internal note|secret|Admin lead/);

  // Import three rows: the dry run reports the bad one by row and label, the import stores two.
  await page.getByTestId('import-button').click();
  const dialog = await openedDialog(page, 'Import records');
  await dialog.locator('input[type=file]').setInputFiles({
    name: 'leads.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Subject,Company,Budget\r\nImported one,Acme,100\r\nImported bad,Acme,-5\r\nImported two,Beta,200\r\n'),
  });
  await dialog.getByTestId('import-dry-run').click();
  await dialog.getByText('2 of 3 rows can be imported').waitFor();
  const bad = dialog.getByTestId('import-bad-rows');
  await bad.getByText('Row 3').waitFor();
  await bad.getByText('Budget', { exact: true }).waitFor();
  await dialog.getByTestId('import-run').click();
  await dialog.getByText('2 rows imported').first().waitFor();
  await dialog.getByTestId('import-progress').waitFor();
  await page.keyboard.press('Escape');
  await table.getByText('Imported two').waitFor();
  await table.getByText('Imported one').waitFor();
  assert.equal(await table.getByText('Imported bad').count(), 0);
});
