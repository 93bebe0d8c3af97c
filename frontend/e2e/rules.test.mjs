// A purchase request with a cross-field rule ("a reason is required above 10,000") and
// formulas (qty × price per row, a total): the server's message shows on the reason field
// before submitting, the submit is refused with the same message, and the record is
// accepted once the reason is filled in.
import assert from 'node:assert/strict';
import { csrfToken, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

const t = (zh, en) => ({ 'zh-CN': zh, en });
const purchase = {
  key: 'purchase',
  name: t('采购申请', 'Purchase requests'),
  forms: [
    {
      key: 'request',
      name: t('采购申请', 'Purchase request'),
      schema: {
        type: 'object',
        properties: {
          subject: { type: 'string', 'x-formloom': { type: 'text', label: t('事由', 'Subject') } },
          items: {
            type: 'array',
            'x-formloom': { type: 'subform', label: t('明细', 'Items') },
            items: {
              type: 'object',
              properties: {
                qty: { type: 'number', 'x-formloom': { type: 'number', label: t('数量', 'Qty') } },
                price: { type: 'number', 'x-formloom': { type: 'money', label: t('单价', 'Price') } },
                amount: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', label: t('金额', 'Amount'), expr: 'qty * price' } },
              },
            },
          },
          total: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', label: t('合计', 'Total'), expr: 'SUM(items.amount)' } },
          reason: { type: 'string', 'x-formloom': { type: 'textarea', label: t('原因', 'Reason') } },
        },
        required: ['subject'],
        'x-formloom': {
          rules: [
            {
              expr: "total <= 10000 || reason != ''",
              field: 'reason',
              message: t('合计超过 10,000 元时必须填写原因', 'A purchase over 10,000 needs a reason'),
            },
          ],
        },
      },
    },
  ],
};

e2eTest('a cross-field rule shows on its field before submitting, as the server says it', async ({ newPage }) => {
  // Filled on a phone-sized screen. The app page reads the published version, which only
  // designers may read today (403 for members), so the admin fills the form until the
  // members' pages read what members may.
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const post = async (url, data) => {
    const res = await page.request.post(url, { data, headers: { 'X-CSRF-Token': await csrfToken(page) } });
    assert.ok(res.ok(), `${url}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  const ws = (await post('/api/v1/workspaces', { name: 'Rules' })).id;
  const app = (await post(`/api/v1/workspaces/${ws}/apps`, { definition: purchase })).id;
  await page.goto(`/w/${ws}/apps/${app}`);
  await page.getByTestId('new-record').click();
  const drawer = page.getByRole('dialog', { name: /^New / });
  await drawer.waitFor();
  await drawer.getByLabel('Subject', { exact: true }).fill('Laptops');
  await drawer.getByRole('button', { name: 'Add row' }).first().click(); // the sub-form's add-row button
  await drawer.getByLabel('Qty', { exact: true }).fill('2');
  await drawer.getByLabel('Price', { exact: true }).fill('6000');

  // Before any submit, the server's verdict shows on the reason field.
  const message = 'A purchase over 10,000 needs a reason';
  await drawer.getByText(message).waitFor();
  if (process.env.FORMLOOM_E2E_ARTIFACTS) {
    await page.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/rules-before-submit.png`, fullPage: true }).catch(() => undefined);
  }

  // Submitting anyway is refused by the server with the same message, nothing stored.
  const refused = page.waitForResponse((r) => r.url().endsWith('/forms/request/records') && r.request().method() === 'POST');
  await page.getByTestId('submit-record').click();
  const res = await refused;
  assert.equal(res.status(), 422);
  assert.equal((await res.json()).error.fields['/reason'].message, message);
  await drawer.getByText(message).first().waitFor();

  // With a reason the record is accepted.
  await drawer.getByLabel('Reason', { exact: true }).fill('The old ones broke.');
  await drawer.getByText(message).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.getByTestId('submit-record').click();
  await page.getByText('Record created').waitFor();
});
