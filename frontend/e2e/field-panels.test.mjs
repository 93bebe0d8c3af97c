// The form designer's settings panel shows each field type's own settings, as the field-type
// registry (src/fields) lists them: numbers and decimals for money, options for a select, a
// longest length for long text, none of the others'. Relations, lookups and serial numbers
// are set from lists and inputs, without JSON, and a record then shows what they say.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const t = (zh, en) => ({ 'zh-CN': zh, en });
const shot = (page, name) => (process.env.FORMLOOM_E2E_SHOTS ? page.screenshot({ path: `${process.env.FORMLOOM_E2E_SHOTS}/${name}.png` }) : undefined);

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

  // An attachment field's count, size and kinds, without JSON; the preview says them under its button.
  await page.getByTestId('palette-attachment').click();
  await settings.getByTestId('attachment-max-count').fill('3');
  await settings.getByTestId('attachment-max-size').fill('5');
  await settings.getByTestId('attachment-kinds').getByLabel('Images').check();
    await page.getByText('at most 3 files, up to 5 MB each').waitFor();
  const accept = await page.locator('input[type=file]').last().getAttribute('accept');
  assert.equal(accept, 'image/*');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('palette-money').click();
  await settings.getByTestId('field-precision').waitFor();
  if (process.env.FORMLOOM_E2E_SHOTS) await page.screenshot({ path: `${process.env.FORMLOOM_E2E_SHOTS}/field-panels-money-390.png`, fullPage: true });
});

// Orders link a customer: the designer picks the customer form for a relation, a lookup of the
// customer's level through it and an order number with a prefix; a published order shows both.
const orders = {
  key: 'orders',
  name: t('订单', 'Orders'),
  forms: [
    {
      key: 'order',
      name: t('订单', 'Order'),
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', 'x-formloom': { type: 'text', label: t('标题', 'Title') } },
          // A pattern written by hand that the serial panel's controls cannot show.
          ref: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: t('参考号', 'Reference'), pattern: 'R{yyyy}{MM}{seq:3}' } },
        },
        required: ['title'],
      },
    },
    {
      key: 'customer',
      name: t('客户', 'Customers'),
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string', 'x-formloom': { type: 'text', label: t('名称', 'Name') } },
          level: { type: 'string', 'x-formloom': { type: 'text', label: t('等级', 'Level') } },
          contacts: { type: 'array', items: { type: 'object', properties: { who: { type: 'string', 'x-formloom': { type: 'text', label: t('姓名', 'Who') } } } }, 'x-formloom': { type: 'subform', label: t('联系人', 'Contacts') } },
        },
      },
    },
  ],
  // Sales people enter orders and read customers: they pick the customer without seeing its form's design.
  roles: [{ key: 'sales', name: t('销售', 'Sales') }],
  permissions: [
    { role: 'sales', form: 'order', actions: ['create', 'read'] },
    { role: 'sales', form: 'customer', actions: ['read'] },
  ],
};

e2eTest('admin links a customer, shows its level and numbers orders without JSON; a sales member picks the customer on a phone and the order shows all three', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Orders' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { definition: orders })).id;

  const page = await newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}/design`);
  const fields = page.getByTestId('designer-fields');
  const settings = page.getByTestId('field-settings');
  await fields.getByTestId('designer-field-title').waitFor();
  const label = async (zh, en) => {
    await settings.getByTestId('field-label-zh').fill(zh);
    await settings.getByTestId('field-label-en').fill(en);
  };
  const pick = async (testid, option) => {
    await settings.getByTestId(testid).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).click();
  };
  // A serial pattern the controls cannot show is shown as it is, with the number it gives.
  await fields.getByTestId('designer-field-ref').click();
  await settings.getByTestId('serial-pattern').getByText('R{yyyy}{MM}{seq:3}', { exact: true }).waitFor();
  await settings.getByTestId('serial-preview').getByText(/^R\d{6}001$/).waitFor();
  await settings.getByTestId('serial-replace').waitFor();
  assert.equal(await settings.getByTestId('serial-prefix').count(), 0);
  assert.equal(await settings.getByTestId('field-raw').count(), 0);
  await settings.getByTestId('serial-custom').scrollIntoViewIfNeeded();
  await shot(page, 'field-panels-serial-custom-1440');

  // A lookup before any relation says in words what to add first.
  await page.getByTestId('palette-lookup').click();
  await label('客户等级', 'Customer level');
  await fields.getByTestId('designer-field-keHuDengJi').waitFor();
  await settings.getByTestId('lookup-no-relations').getByText('Add a relation field to this form first', { exact: false }).waitFor();
  // The canvas marks it as unfinished before any save.
  await fields.getByTestId('designer-field-keHuDengJi').locator('.ant-badge').waitFor();
  await settings.getByTestId('lookup-no-relations').scrollIntoViewIfNeeded();
  await shot(page, 'field-panels-lookup-none-1440');

  // The relation links to the other form of the app, offered by its name; its key is then typed.
  await page.getByTestId('palette-relation').click();
  await label('客户', 'Customer');
  await settings.getByTestId('relation-form').getByText('Customers').waitFor();
  await settings.getByTestId('field-key').fill('customer');
  await settings.getByTestId('field-key').press('Enter');
  await fields.getByTestId('designer-field-customer').waitFor();
  await settings.getByTestId('relation-multiple').scrollIntoViewIfNeeded();
  await shot(page, 'field-panels-relation-1440');

  // The lookup follows it and shows the customer's level; sub-forms are not offered.
  await fields.getByTestId('designer-field-keHuDengJi').click();
  await pick('lookup-relation', /^Customer$/);
  await settings.getByText('Choose a field of the related form to show', { exact: false }).waitFor();
  // The relation's list has closed (its animation ends) before the field's opens.
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  await settings.getByTestId('lookup-field').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Level$/ }).waitFor();
  // Read from the list that offers Level, visible or not at that instant: ":visible" can miss
  // it in the middle of its opening animation on a loaded machine.
  const list = page.locator('.ant-select-dropdown').filter({ has: page.locator('.ant-select-item-option', { hasText: /^Level$/ }) });
  const offered = await list.locator('.ant-select-item-option').allTextContents();
  assert.deepEqual(offered, ['Name', 'Level']);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Level$/ }).click();
  await settings.getByText('Choose a field of the related form to show', { exact: false }).waitFor({ state: 'detached' });
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  await fields.getByTestId('designer-field-keHuDengJi').locator('.ant-badge').waitFor({ state: 'detached' });
  await settings.getByTestId('lookup-field').scrollIntoViewIfNeeded();
  await shot(page, 'field-panels-lookup-1440');

  // The order number: a prefix, the year and four digits, previewed as the next number.
  await page.getByTestId('palette-serial').click();
  await label('订单号', 'Order no.');
  await fields.getByTestId('designer-field-dingDanHao').waitFor();
  await settings.getByTestId('serial-prefix').fill('DD-');
  await settings.locator('input[data-testid="serial-digits"], [data-testid="serial-digits"] input').first().fill('4');
  await settings.getByTestId('serial-preview').getByText(/^DD-\d{4}-0001$/).waitFor();
  await settings.getByTestId('serial-preview').scrollIntoViewIfNeeded();
  await shot(page, 'field-panels-serial-1440');

  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  const props = (await call('GET', `/workspaces/${ws}/apps/${app}/draft`)).forms[0].schema.properties;
  assert.deepEqual(props.customer, { type: 'string', 'x-formloom': { type: 'relation', label: t('客户', 'Customer'), form: 'customer' } });
  assert.deepEqual(props.keHuDengJi, { readOnly: true, type: 'string', 'x-formloom': { type: 'lookup', label: t('客户等级', 'Customer level'), relation: 'customer', field: 'level' } });
  assert.equal(props.dingDanHao['x-formloom'].pattern, 'DD-{yyyy}-{seq:4}');
  assert.equal(props.ref['x-formloom'].pattern, 'R{yyyy}{MM}{seq:3}'); // never rewritten unless replaced
  await page.getByTestId('designer-publish').click();
  await page.getByTestId('publish-confirm').click();
  const result = await openedDialog(page, /Version \d+ published/, { timeout: 30_000 }); // a publish compiles and indexes the app
  await result.getByRole('button', { name: 'OK' }).click();

  // A sales member on a phone links an order to Acme by typing part of its name; the server
  // numbers the order and copies Acme's level, and the order's page names the customer.
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/customer/records`, { name: 'Acme', level: 'Gold' });
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/customer/records`, { name: 'Globex', level: 'Silver' });
  const email = `sales-${Date.now()}@formloom.test`;
  const sam = await addMember(cfg.url, call, ws, { email, name: 'Sam Sales' }, 'sales-secret-1');
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/sales/assignees`, { user: sam });
  const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(phone, email, 'sales-secret-1');
  await phone.goto(`/w/${encodeURIComponent(ws)}/apps/${app}`);
  await phone.getByTestId('new-record').click();
  const drawer = phone.getByRole('dialog', { name: 'New Order' });
  await drawer.getByLabel('Title', { exact: true }).fill('First order');
  await drawer.getByTestId('relation-root_customer').click();
  const sheet = phone.locator('.ant-select-dropdown:visible');
  // Opened, it offers the customers she may read, newest first; typing narrows them.
  await sheet.getByText('Globex', { exact: true }).waitFor();
  await phone.keyboard.type('Ac');
  await sheet.locator('.ant-select-item-option').filter({ hasText: 'Globex' }).waitFor({ state: 'detached' });
  await shot(phone, 'field-panels-relation-pick-390');
  await sheet.locator('.ant-select-item-option').filter({ hasText: 'Acme' }).click();
  await drawer.getByTestId('relation-root_customer').getByTitle('Acme').waitFor();
  await drawer.getByRole('button', { name: 'Submit' }).click();
  await phone.getByText('Record created').waitFor();
  const [order] = (await call('GET', `/workspaces/${ws}/apps/${app}/forms/order/records`)).items;
  assert.match(order.data.dingDanHao, /^DD-\d{4}-0001$/);
  assert.equal(order.data.keHuDengJi, 'Gold');
  await phone.goto(`/w/${encodeURIComponent(ws)}/apps/${app}/forms/order/records/${order.id}`);
  const shown = phone.getByTestId('record-fields');
  await shown.getByText('Acme', { exact: true }).waitFor();
  assert.equal(await shown.getByText(order.data.customer).count(), 0, 'the customer is named, not shown by its ID');
  await shown.getByText(order.data.dingDanHao, { exact: true }).waitFor();
  await shown.getByText('Gold', { exact: true }).waitFor();
  await shown.getByText(order.data.ref, { exact: true }).waitFor();
  assert.match(order.data.ref, /^R\d{6}001$/);
  await shot(phone, 'field-panels-order-record-390');
}, { timeout: 120_000 }); // designing, publishing and reading a record
