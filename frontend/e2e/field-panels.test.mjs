// The form designer's settings panel shows each field type's own settings, as the field-type
// registry (src/fields) lists them: numbers and decimals for money, options for a select, a
// longest length for long text, none of the others'.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

e2eTest('the designer shows each field type its own settings', async ({ newPage }) => {
  const page = await newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const res = await page.request.post('/api/v1/workspaces', {
    data: { name: 'Field panels' },
    headers: { 'X-CSRF-Token': await csrfToken(page) },
  });
  assert.equal(res.status(), 201, await res.text());
  const ws = (await res.json()).id;

  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByTestId('install-app').click();
  const gallery = await openedDialog(page, 'Template gallery');
  await gallery.getByRole('button', { name: 'Install Task priority' }).click();
  await page.waitForURL(/\/apps\/[^/]+$/);
  await page.getByTestId('open-designer').click();
  await page.waitForURL(/\/design$/);
  const settings = page.getByTestId('field-settings');

  await page.getByTestId('palette-money').click();
  await settings.getByTestId('field-precision').waitFor();
  await settings.getByTestId('field-minimum').waitFor();
  await settings.getByTestId('field-maximum').waitFor();
  assert.equal(await settings.getByTestId('field-options').count(), 0);
  assert.equal(await settings.getByTestId('field-maxlength').count(), 0);
  if (process.env.FORMLOOM_E2E_SHOTS) await page.screenshot({ path: `${process.env.FORMLOOM_E2E_SHOTS}/field-panels-money-1440.png` });

  await page.getByTestId('palette-select').click();
  await settings.getByTestId('field-options').waitFor();
  assert.equal(await settings.getByTestId('option-value-1').inputValue(), 'option2');
  assert.equal(await settings.getByTestId('field-precision').count(), 0);

  await page.getByTestId('palette-textarea').click();
  await settings.getByTestId('field-maxlength').waitFor();
  assert.equal(await settings.getByTestId('field-options').count(), 0);
  assert.equal(await settings.getByTestId('field-precision').count(), 0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('palette-money').click();
  await settings.getByTestId('field-precision').waitFor();
  if (process.env.FORMLOOM_E2E_SHOTS) await page.screenshot({ path: `${process.env.FORMLOOM_E2E_SHOTS}/field-panels-money-390.png`, fullPage: true });
});
