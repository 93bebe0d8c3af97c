// The admin installs the contract-approval starter template from the gallery, creates a
// contract through the form generated from its JSON Schema, and finds it in the records
// table at its pipeline stage; the record page shows the run and the timeline.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

e2eTest('admin installs contract approval and creates a contract through the generated form', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);

  // A workspace of its own, made through the API: the workspace UI has its own test.
  const res = await page.request.post('/api/v1/workspaces', {
    data: { name: 'Contracts' },
    headers: { 'X-CSRF-Token': await csrfToken(page) },
  });
  assert.equal(res.status(), 201, await res.text());
  const ws = (await res.json()).id;

  // The Apps tab is empty; the gallery installs the starter template and opens the app.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByText('No apps yet').waitFor();
  await page.getByTestId('install-app').click();
  const gallery = await openedDialog(page, 'Template gallery');
  await gallery.getByRole('button', { name: 'Install Contract approval' }).click();
  await page.waitForURL(/\/apps\/[^/]+$/);
  await page.getByTestId('app-name').getByText('Contract approval').waitFor();
  await page.getByTestId('records-table').getByText('No records yet').waitFor();

  // The drawer renders the form's fields; the client checks required fields first.
  await page.getByTestId('new-record').click();
  const drawer = page.getByRole('dialog', { name: 'New Contract' });
  await drawer.waitFor();
  await drawer.getByLabel('Title', { exact: true }).fill('Acme supply agreement');
  await drawer.getByTestId('submit-record').click();
  await drawer.getByText('This field is required.').first().waitFor();

  await drawer.getByLabel('Counterparty', { exact: true }).fill('Acme Ltd.');
  await drawer.getByLabel('Amount', { exact: true }).fill('120000');
  await drawer.getByLabel('Type', { exact: true }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: 'Sales' }).click();
  await drawer.getByTestId('submit-record').click();
  await drawer.waitFor({ state: 'hidden' });

  // Submitted at once: the run is at the supervisor's stage (the admin gets the task as fallback).
  const row = page.getByTestId('records-table').getByRole('row').filter({ hasText: 'Acme supply agreement' });
  await row.getByTestId('record-stage').getByText('主管审核').waitFor();
  await row.getByText('In progress').waitFor();

  // Its page shows the fields, the active step with its assignee, the actions and the timeline.
  await row.getByRole('link').first().click(); // the contract number, the first column
  await page.getByTestId('record-title').getByText('Acme supply agreement').waitFor();
  await page.getByTestId('record-fields').getByText('Acme Ltd.').waitFor();
  await page.getByTestId('active-node').getByText('Supervisor').waitFor();
  await page.getByTestId('action-approve').waitFor();
  await page.getByTestId('record-timeline').getByText('Submitted').waitFor();
});
