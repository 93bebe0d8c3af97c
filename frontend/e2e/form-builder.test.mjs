// An admin builds a purchase request in the form designer with mouse and keyboard only: an
// items sub-form whose columns are dropped and added on the canvas (qty, price, a qty × price
// formula column), a total, and "reason required when total > 10,000" built with the
// condition builder; publishes it; a member holding only the submitter role (given through the
// API) submits one invalid record — refused in the browser with the server's own message for
// the same data (…/records/check) — and one valid record. The supplier grade is a linked default
// (数据联动) from the supplier form, chosen from lists, and fills in as the member types the supplier.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';
const t = (zh, en) => ({ 'zh-CN': zh, en });

// The app starts with one field and a submitter role; everything else is built in the designer.
const blank = {
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
          gongYingShang: { type: 'string', 'x-formloom': { type: 'text', label: t('供应商', 'Supplier') } },
        },
        required: ['subject'],
      },
    },
    {
      key: 'supplier',
      name: t('供应商', 'Suppliers'),
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string', 'x-formloom': { type: 'text', label: t('名称', 'Name') } },
          grade: { type: 'string', 'x-formloom': { type: 'text', label: t('等级', 'Grade') } },
        },
      },
    },
  ],
  roles: [{ key: 'submitter', name: t('申请人', 'Submitter') }],
  permissions: [
    { role: 'submitter', form: 'request', actions: ['create', 'read'], scope: 'own' },
    { role: 'submitter', form: 'supplier', actions: ['read'], scope: 'all' },
  ],
};

e2eTest('admin builds a purchase request without JSON; a member is refused in the browser as the server would', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Purchases' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { definition: blank })).id;
  const email = `pat-${Date.now()}@formloom.test`;
  const pat = await addMember(cfg.url, call, ws, { email, name: 'Pat Buyer' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/supplier/records`, { name: 'Acme', grade: 'A' });

  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}/design`);
  const fields = page.getByTestId('designer-fields');
  const settings = page.getByTestId('field-settings');
  await fields.getByTestId('designer-field-subject').waitFor();
  const label = async (zh, en) => {
    await settings.getByTestId('field-label-zh').fill(zh);
    await settings.getByTestId('field-label-en').fill(en);
  };
  const drag = async (from, to) => {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
    await page.mouse.up();
  };
  const formula = async (expr) => {
    const editor = settings.getByTestId('formula-editor').locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(expr);
    await page.keyboard.press('Escape'); // closes the completion list
  };

  // The items sub-form; its key follows the label (明细 → mingXi).
  await page.getByTestId('palette-subform').click();
  await label('明细', 'Items');
  const card = fields.getByTestId('designer-subform-mingXi');
  await card.waitFor();
  // A number column dropped from the palette into the sub-form card, a money column from its menu.
  // From the top of the page: clicking the palette's lower types scrolled it, and a drag must
  // not start under the sticky header.
  await page.evaluate(() => window.scrollTo(0, 0));
  await drag(page.getByTestId('palette-number'), card);
  await card.getByTestId('designer-column-mingXi.shuZi').waitFor();
  await label('数量', 'Qty');
  await card.getByTestId('designer-column-mingXi.shuLiang').waitFor();
  // The column menu slides in; on a loaded machine a click can land while it still moves, or
  // the menu can close again before it: open it again, once.
  const addColumn = async (type) => {
    for (let attempt = 0; ; attempt++) {
      await card.getByTestId('subform-add-mingXi').click();
      const item = page.getByTestId(`subform-add-${type}`);
      try {
        await item.waitFor({ state: 'visible', timeout: 5000 });
        await page.waitForTimeout(200); // the opening animation
        await item.click({ timeout: 5000 });
        return;
      } catch (err) {
        if (attempt > 0) throw err;
        await page.keyboard.press('Escape');
      }
    }
  };
  await addColumn('money');
  await label('单价', 'Price');
  await card.getByTestId('designer-column-mingXi.danJia').waitFor();
  await addColumn('formula');
  await label('小计', 'Subtotal');
  await formula('shuLiang * danJia');
  await card.getByTestId('designer-column-mingXi.xiaoJi').waitFor();
  // The preview of rows has the columns' headers.
  await card.getByTestId('designer-subform-preview-mingXi').getByText('Subtotal').waitFor();
  // A column's "required when" tests its row's other columns: the price, once the quantity is over 100.
  await card.getByTestId('designer-column-mingXi.danJia').click();
  await settings.getByTestId('field-label-en').and(page.locator('[value="Price"]')).waitFor();
  const colWhen = settings.getByTestId('field-required-when');
  await colWhen.getByRole('button', { name: '+ Condition' }).first().click();
  await colWhen.locator('.rule-fields').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Qty$/ }).click();
  await colWhen.locator('.rule-operators').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'greater than' }).click();
  await colWhen.locator('.rule-value').fill('100');
  // A new row's quantity starts at 1 (the column's default).
  await card.getByTestId('designer-column-mingXi.shuLiang').click();
  await settings.getByTestId('field-label-en').and(page.locator('[value="Qty"]')).waitFor();
  await settings.getByTestId('default-mode-value').click();
  await settings.locator('input[data-testid="default-value"], [data-testid="default-value"] input').first().fill('1');

  // The total, and the reason required when the total is over 10,000.
  await page.getByTestId('palette-formula').click();
  await label('合计', 'Total');
  await formula('SUM(mingXi.xiaoJi)');
  await fields.getByTestId('designer-field-heJi').waitFor();
  await page.getByTestId('palette-textarea').click();
  await label('原因', 'Reason');
  await fields.getByTestId('designer-field-yuanYin').waitFor();
  const when = settings.getByTestId('field-required-when');
  await when.getByRole('button', { name: '+ Condition' }).first().click();
  await when.locator('.rule-fields').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Total$/ }).click();
  await when.locator('.rule-operators').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'greater than' }).click();
  await when.locator('.rule-value').fill('10000');

  // The supplier's grade, linked from the supplier form (offered first) where Name = Supplier.
  const pick = async (testid, option) => {
    await settings.getByTestId(testid).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).click();
  };
  await page.getByTestId('palette-text').click();
  await label('供应商等级', 'Supplier grade');
  await fields.getByTestId('designer-field-gongYingShangDengJi').waitFor();
  await settings.getByTestId('default-mode-linked').click();
  await settings.getByTestId('default-linked-form').getByText('Suppliers').waitFor();
  await pick('default-linked-field-0', /^Name$/);
  await pick('default-linked-equals-0', /^Supplier$/);
  await pick('default-linked-value', /^Grade$/);

  // Subject and reason side by side in a section "Request".
  await fields.getByTestId('designer-field-subject').click();
  await settings.getByTestId('field-width-half').click();
  await page.getByTestId('add-section').click();
  await page.getByTestId('section-title-zh-0').fill('申请');
  await page.getByTestId('section-title-en-0').fill('Request');
  await fields.getByTestId('designer-field-section-subject').getByText('Request').waitFor();
  if (process.env.FORMLOOM_E2E_ARTIFACTS) {
    await page.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/form-builder-designer.png`, fullPage: true }).catch(() => undefined);
  }

  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  const draft = await call('GET', `/workspaces/${ws}/apps/${app}/draft`);
  const schema = draft.forms[0].schema;
  assert.deepEqual(schema.allOf, [{ if: { properties: { heJi: { exclusiveMinimum: 10000 } }, required: ['heJi'] }, then: { required: ['yuanYin'] } }]);
  assert.deepEqual(Object.keys(schema.properties.mingXi.items.properties), ['item', 'shuLiang', 'danJia', 'xiaoJi']);
  assert.equal(schema.properties.mingXi.items.properties.xiaoJi['x-formloom'].expr, 'shuLiang * danJia');
  assert.equal(schema.properties.mingXi.items.properties.shuLiang.default, 1);
  assert.deepEqual(schema.properties.mingXi.items.allOf, [{ if: { properties: { shuLiang: { exclusiveMinimum: 100 } }, required: ['shuLiang'] }, then: { required: ['danJia'] } }]);
  assert.deepEqual(draft.forms[0].ui.sections, [{ title: { 'zh-CN': '申请', en: 'Request' }, fields: ['subject'] }]);
  assert.equal(draft.forms[0].ui.fields.subject.width, 'half');
  assert.deepEqual(schema.properties.gongYingShangDengJi['x-formloom'].linked, { form: 'supplier', match: [{ field: 'name', equals: 'gongYingShang' }], value: 'grade' });
  await page.getByTestId('designer-publish').click();
  await page.getByTestId('publish-confirm').click();
  const result = await openedDialog(page, /Version \d+ published/, { timeout: 30_000 }) // a publish compiles and indexes the app;
  await result.getByRole('button', { name: 'OK' }).click();

  // The member, with only the submitter role.
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/submitter/assignees`, { user: pat });
  const member = await newPage();
  await signIn(member, email, PASSWORD);
  await member.goto(`/w/${encodeURIComponent(ws)}/apps/${app}`);
  await member.getByTestId('new-record').click();
  const drawer = member.getByRole('dialog', { name: /^New / });
  await drawer.waitFor();
  await drawer.getByTestId('form-section-0').getByText('Request').waitFor();
  await drawer.getByLabel('Subject', { exact: true }).fill('Laptops');
  // Typing the supplier fills its grade from the supplier record the member may read.
  await drawer.getByLabel('Supplier', { exact: true }).fill('Acme');
  await member.waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.id.endsWith('gongYingShangDengJi') && i.value === 'A'));
  await drawer.getByRole('button', { name: 'Add row' }).first().click(); // the sub-form's add-row button
  // The new row starts with the quantity's default.
  await member.waitForFunction(() => document.querySelector('#root_mingXi_0_shuLiang')?.value === '1');
  await drawer.getByLabel('Qty', { exact: true }).fill('2');
  await drawer.getByLabel('Price', { exact: true }).fill('6000');
  // The formulas are computed in the browser as the member types, as the server will store them.
  await member.waitForFunction(() => document.querySelector('#root_heJi')?.value === '12000');
  assert.equal(await drawer.locator('#root_mingXi_0_xiaoJi').inputValue(), '12000');

  // What the server says of the same data.
  const data = { subject: 'Laptops', gongYingShang: 'Acme', gongYingShangDengJi: 'A', mingXi: [{ shuLiang: 2, danJia: 6000 }] };
  const check = await member.request.post(`/api/v1/workspaces/${ws}/apps/${app}/forms/request/records/check`, {
    data,
    headers: { 'X-CSRF-Token': await csrfToken(member), 'Accept-Language': 'en' },
  });
  // A refusal is the answer asked for, not a failed request (no 422 in the console).
  assert.equal(check.status(), 200, await check.text());
  const verdict = await check.json();
  assert.equal(verdict.valid, false);
  const said = verdict.error.fields['/yuanYin'].message;
  assert.ok(said);
  // Shown on the reason field before submitting, and the submit is refused with it.
  const reasonItem = drawer.locator('.ant-form-item, .form-group').filter({ has: member.getByLabel('Reason', { exact: true }) }).last();
  await reasonItem.getByText(said, { exact: true }).waitFor();
  await drawer.getByTestId('submit-record').click();
  await reasonItem.getByText(said, { exact: true }).waitFor();
  assert.equal((await call('GET', `/workspaces/${ws}/apps/${app}/forms/request/records`)).items.length, 0);
  if (process.env.FORMLOOM_E2E_ARTIFACTS) {
    await member.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/form-builder-member.png`, fullPage: true }).catch(() => undefined);
  }

  // With a reason, the record is accepted.
  await drawer.getByLabel('Reason', { exact: true }).fill('The team grows');
  await drawer.getByTestId('submit-record').click();
  await drawer.waitFor({ state: 'hidden' });
  const stored = (await call('GET', `/workspaces/${ws}/apps/${app}/forms/request/records`)).items;
  assert.equal(stored.length, 1);
  assert.equal(stored[0].data.heJi, 12000);
  assert.equal(stored[0].data.gongYingShangDengJi, 'A');
}, { timeout: 120_000 }); // designing, publishing and filling a whole form: twice a plain test's budget
