// The admin sets a field's "show when" condition in the form designer with the condition
// builder: a starter's condition reads back into the builder, a hand-written one stays as it
// is until replaced, and a new one is saved in the template's visibleWhen format.
import assert from 'node:assert/strict';
import { csrfToken, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

e2eTest('admin builds a show-when condition in the form designer', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const post = async (url, data) => {
    const res = await page.request.post(url, { data, headers: { 'X-CSRF-Token': csrf } });
    assert.ok(res.ok(), await res.text());
    return res.json();
  };
  const ws = (await post('/api/v1/workspaces', { name: 'Show when' })).id;
  const app = (await post(`/api/v1/workspaces/${ws}/apps`, { template: 'task-priority' })).id;
  const appApi = `/api/v1/workspaces/${ws}/apps/${app}`;
  // A condition written by hand that the builder cannot read.
  const custom = { properties: { title: { pattern: '^urgent' } }, required: ['title'] };
  const draft = await (await page.request.get(`${appApi}/draft`)).json();
  draft.forms[0].ui.fields.notes = { ...(draft.forms[0].ui.fields.notes ?? {}), visibleWhen: custom };
  const saved = await page.request.put(`${appApi}/draft`, { data: draft, headers: { 'X-CSRF-Token': csrf } });
  assert.ok(saved.ok(), await saved.text());

  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/design`);
  const fields = page.getByTestId('designer-fields');
  const settings = page.getByTestId('field-settings');

  // The starter's "delegate to: shown when the quadrant is q3" reads into one rule.
  await fields.getByTestId('designer-field-delegateTo').click();
  const builder = settings.getByTestId('field-visible-when');
  await builder.waitFor();
  assert.equal(await builder.locator('.rule').count(), 1);

  // The hand-written condition is shown read-only with a replace button.
  await fields.getByTestId('designer-field-notes').click();
  const customBox = settings.getByTestId('field-visible-when-custom');
  await customBox.getByText('^urgent').waitFor();
  await customBox.getByTestId('field-visible-when-replace').waitFor();

  // A new condition on another field: the first field (title), "is", a value.
  await fields.getByTestId('designer-field-estimatedHours').click();
  await builder.waitFor();
  await builder.getByRole('button', { name: '+ Condition' }).first().click();
  await builder.locator('.rule').first().waitFor();
  await builder.locator('.rule-value').first().fill('big');
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();

  const after = await (await page.request.get(`${appApi}/draft`)).json();
  const ui = after.forms[0].ui.fields;
  assert.deepEqual(ui.estimatedHours.visibleWhen, { properties: { title: { const: 'big' } }, required: ['title'] });
  assert.deepEqual(ui.notes.visibleWhen, custom);
  assert.deepEqual(ui.delegateTo.visibleWhen, { properties: { quadrant: { const: 'q3' } }, required: ['quadrant'] });
});
