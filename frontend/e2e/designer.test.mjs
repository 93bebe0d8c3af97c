// The admin installs a starter app, opens its form designer, adds a text field with a
// Chinese label, saves the draft and publishes it; the new-record form then shows the field.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

e2eTest('admin adds a field in the designer, publishes, and the record form shows it', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);

  const res = await page.request.post('/api/v1/workspaces', {
    data: { name: 'Designer' },
    headers: { 'X-CSRF-Token': await csrfToken(page) },
  });
  assert.equal(res.status(), 201, await res.text());
  const ws = (await res.json()).id;

  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByTestId('install-app').click();
  const gallery = await openedDialog(page, 'Template gallery');
  await gallery.getByRole('button', { name: 'Install Task priority' }).click();
  await page.waitForURL(/\/apps\/[^/]+$/);
  await page.getByTestId('app-name').getByText('Task priority').waitFor();

  // The designer shows the draft's form with its fields, and a preview.
  await page.getByTestId('open-designer').click();
  await page.waitForURL(/\/design$/);
  await page.getByTestId('designer-title').getByText('Design Task priority').waitFor();
  const fields = page.getByTestId('designer-fields');
  await fields.locator('.fl-designer-field').first().waitFor();
  const before = await fields.locator('.fl-designer-field').count();
  assert.ok(before > 0);

  // A click on the palette adds a text field at the end and selects it, keyed from its
  // label in pinyin (单行文本).
  await page.getByTestId('palette-text').click();
  await fields.getByTestId('designer-field-danHangWenBen').waitFor();
  assert.equal(await fields.locator('.fl-designer-field').count(), before + 1);
  const settings = page.getByTestId('field-settings');
  await settings.getByTestId('field-key').fill('remark');
  await settings.getByTestId('field-key').press('Enter');
  await fields.getByTestId('designer-field-remark').waitFor();
  // Without a label the server refuses the draft; its problem shows on the field.
  await settings.getByTestId('field-label-zh').fill('');
  await page.getByTestId('designer-save').click();
  await page.getByTestId('designer-problems').getByText('unlabelled text field', { exact: false }).waitFor();
  await settings.getByTestId('field-problems').waitFor();
  await fields.getByTestId('designer-field-remark').locator('.ant-badge').waitFor();
  if (process.env.FORMLOOM_E2E_ARTIFACTS) {
    await page.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/designer-problems.png`, fullPage: true }).catch(() => undefined);
  }
  await settings.getByTestId('field-label-zh').fill('客户备注');
  await fields.getByTestId('designer-field-remark').getByText('客户备注').waitFor();
  await page.getByTestId('designer-preview').getByText('客户备注').waitFor();

  // Dragging a type from the palette onto the first field inserts it there; dragging a
  // row by its handle moves it.
  const drag = async (from, to) => {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
    await page.mouse.up();
  };
  const rows = fields.locator('.fl-designer-field');
  await drag(page.getByTestId('palette-number'), rows.first());
  await fields.getByTestId('designer-field-shuZi').waitFor();
  const order = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
  // Dropped among the fields (near the top), not appended after the last one.
  assert.ok((await order()).indexOf('designer-field-shuZi') < (await order()).indexOf('designer-field-remark'));
  // On a loaded machine a pointer drag can end before dnd-kit has taken it up (nothing
  // moves); a second drag then shows whether reordering works, not how fast the machine is.
  const movedLast = () =>
    page.waitForFunction(
      () => {
        const all = document.querySelectorAll('.fl-designer-field');
        return all[all.length - 1]?.getAttribute('data-testid') === 'designer-field-shuZi';
      },
      undefined,
      { timeout: 5000 },
    );
  for (let attempt = 1; ; attempt++) {
    await drag(fields.getByTestId('designer-field-shuZi').locator('.fl-designer-handle'), fields.getByTestId('designer-field-remark'));
    try {
      await movedLast();
      break;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }

  // Publishing waits for a save; the saved draft then publishes as version 2.
  assert.equal(await page.getByTestId('designer-publish').isDisabled(), true);
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  await page.getByTestId('designer-problems').waitFor({ state: 'detached' });
  await page.getByTestId('designer-publish').click();
  await page.getByTestId('publish-dialog').getByText(/is added to/).first().waitFor(); // the dialog says it in words first
  await page.getByTestId('publish-confirm').click();
  const result = await openedDialog(page, 'Version 2 published', { timeout: 30_000 }); // a publish compiles and indexes the app
  await result.getByTestId('publish-compatible').waitFor();
  // The result repeats the dialog's sentences (the text and the number field), not change kinds.
  await result.getByTestId('publish-result-sentence').getByText(/is added to/).first().waitFor();
  assert.equal(await result.getByTestId('publish-result-sentence').getByText(/is added to/).count(), 2);
  assert.equal(await result.getByText('field_added').count(), 0);
  await result.getByRole('button', { name: 'OK' }).click();

  // Back on the app, the new-record form has the field.
  await page.getByRole('link', { name: 'Back to the app' }).click();
  await page.waitForURL(/\/apps\/[^/]+$/);
  await page.getByTestId('new-record').click();
  const drawer = page.getByRole('dialog', { name: /^New / });
  await drawer.waitFor();
  await drawer.getByLabel('客户备注', { exact: true }).fill('VIP');
});

e2eTest('the automations designer shows a per-row create with its row columns, options and the clock, and a date condition as today, without expressions', async ({ newPage }) => {
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const headers = { 'X-CSRF-Token': await csrfToken(page) };
  const ws = (await (await page.request.post('/api/v1/workspaces', { data: { name: 'Minutes design' }, headers })).json()).id;
  const installed = await page.request.post(`/api/v1/workspaces/${ws}/apps`, { data: { template: 'meeting-minutes' }, headers });
  assert.equal(installed.status(), 201, await installed.text());
  const app = (await installed.json()).id;

  // The starter's first automation makes one task per action item: the designer says so,
  // and each task field names the row's column, the option or the clock it gets.
  await page.goto(`/w/${ws}/apps/${app}/design/automations`);
  const create = page.getByTestId('automation-editor').getByTestId('action-0');
  await create.getByTestId('action-for-each').getByText('Action items', { exact: true }).waitFor();
  await create.getByTestId('action-owner').getByText('Owner', { exact: true }).waitFor();
  await create.getByTestId('map-source-title').getByText('Action items › Item', { exact: true }).waitFor();
  await create.getByTestId('map-fixed-status').getByText('To do', { exact: true }).waitFor();
  const setFields = page.getByTestId('automation-editor').getByTestId('action-1');
  await setFields.getByTestId('map-source-sentAt').getByText('Now (when it runs)', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('automation-editor').locator('input[value^="="], input[value^="item."], input[value^="\\""]').count(), 0, 'no expression in a box');

  // One record instead of one per row: the values read from rows go with the rows.
  await create.getByTestId('action-for-each').hover();
  await create.getByTestId('action-for-each').locator('.ant-select-clear').click();
  await create.getByTestId('map-source-title').locator('.ant-select-selection-placeholder').waitFor();
  // A fixed option, picked by its label.
  await create.getByTestId('map-fixed-status').click();
  await page.locator('.ant-select-dropdown:visible').getByText('In progress', { exact: true }).click();
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  const draft = await (await page.request.get(`/api/v1/workspaces/${ws}/apps/${app}/draft`)).json();
  const action = draft.automations[0].actions[0];
  assert.equal(action.forEach, undefined);
  assert.equal(action.map.title, undefined);
  assert.equal(action.map.status, '"doing"');
  assert.equal(action.map.meeting, 'record.id');

  // 修改数据: the meeting's tasks are cancelled. Tasks link to their meeting, so picking the
  // form finds them by matching that link with this record's ID; the status is an option.
  await page.getByTestId('automation-editor').getByTestId('action-add').click();
  await page.getByTestId('action-add-updateRecords').click();
  const update = page.getByTestId('automation-editor').getByTestId('action-2');
  await update.getByText('3. Update records', { exact: true }).waitFor();
  await update.getByTestId('action-target-form').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Task', { exact: true }).click();
  assert.equal(await update.getByTestId('update-by-match').isChecked(), true);
  await update.getByTestId('match-row-meeting').getByText('This record’s ID', { exact: true }).waitFor();
  await update.getByTestId('map-fixed-status').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Cancelled', { exact: true }).click();
  // A value written by hand ("=" in the box) completes by label: the meeting's conclusions,
  // then the task's own notes as they are (target.notes), shown as chips.
  await update.getByTestId('map-fixed-notes').click();
  await update.getByTestId('map-fixed-notes').pressSequentially('=');
  const expr = update.getByTestId('map-expr-notes');
  await expr.locator('.cm-content').waitFor();
  await page.keyboard.type('Conclu');
  // A click on the offered name takes it (Enter does too; a click does not race the list's update).
  await page.locator('.cm-tooltip-autocomplete li').filter({ hasText: 'Conclusions' }).click();
  await page.keyboard.type(' + " · " + Task.No');
  await page.locator('.cm-tooltip-autocomplete li').filter({ hasText: 'Task.Notes' }).click();
  await expr.locator('.fl-formula-chip', { hasText: 'Task.Notes' }).waitFor();
  await update.getByText('3. Update records', { exact: true }).click();
  // On a phone the card keeps to the screen: the match row's controls stack.
  await page.setViewportSize({ width: 390, height: 844 });
  await update.getByTestId('match-row-meeting').scrollIntoViewIfNeeded();
  // …and a long expression scrolls inside its box rather than widening the table.
  const table = await update.getByTestId('action-mapping').locator('table').evaluate((el) => el.getBoundingClientRect().right);
  assert.ok(table <= 390 + 1, `the value table fits the screen (right edge at ${table})`);
  const fit = await update.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
  assert.ok(fit.scroll <= fit.client + 1, `the action card does not scroll sideways (${fit.scroll} > ${fit.client})`);
  assert.ok(fit.right <= 390 + 1, `the action card fits the screen (right edge at ${fit.right})`);
  if (process.env.FORMLOOM_E2E_SHOTS) await update.screenshot({ path: `${process.env.FORMLOOM_E2E_SHOTS}/designer-update-records-phone.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  if (process.env.FORMLOOM_E2E_SHOTS) await update.screenshot({ path: `${process.env.FORMLOOM_E2E_SHOTS}/designer-update-records.png` });
  const put = page.waitForResponse((r) => r.url().endsWith('/draft') && r.request().method() === 'PUT');
  await page.getByTestId('designer-save').click();
  const res = await put;
  assert.ok(res.ok(), await res.text());
  const saved = (await (await page.request.get(`/api/v1/workspaces/${ws}/apps/${app}/draft`)).json()).automations[0].actions[2];
  assert.deepEqual(saved, { type: 'updateRecords', form: 'task', match: { meeting: 'record.id' }, values: { status: '"cancelled"', notes: 'conclusions + " · " + target.notes' } });

  // The daily reminder's condition reads in the condition builder: the statuses by their
  // labels, the deadline set and before today — no expression to edit by hand.
  await page.getByTestId('automation-item-overdue_reminder').click();
  const when = page.getByTestId('automation-when');
  await when.getByText('To do', { exact: true }).waitFor();
  await when.getByText('In progress', { exact: true }).waitFor();
  await when.getByTestId('condition-presence').getByText('Yes', { exact: true }).waitFor();
  await when.getByText('before', { exact: true }).waitFor();
  await when.getByTestId('condition-date-kind').getByText('Today', { exact: true }).waitFor();
});

e2eTest('an admin starts a blank app with a Chinese name, names its forms in Chinese, and the app list shows the name', async ({ newPage }) => {
  const page = await newPage({ locale: 'zh-CN' });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const res = await page.request.post('/api/v1/workspaces', { data: { name: '报销' }, headers: { 'X-CSRF-Token': await csrfToken(page) } });
  const ws = (await res.json()).id;

  // A Chinese name of several characters is all it takes; its key is made from the pinyin.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByTestId('blank-app').click();
  const blank = await openedDialog(page, '新建空白应用');
  await blank.getByTestId('blank-app-name').fill('费用报销');
  await blank.getByRole('button', { name: '创建并设计' }).click();
  await page.waitForURL(/\/design/);
  await page.getByTestId('designer-title').getByText('设计 费用报销').waitFor();

  // The first form is renamed; a second form is added by its name, its key made for it.
  await page.getByTestId('designer-rename-form').click();
  let dialog = await openedDialog(page, '表单名称');
  await dialog.getByTestId('name-zh').fill('报销单');
  await page.getByTestId('name-save').click();
  await page.getByRole('tab', { name: '报销单' }).waitFor();
  await page.getByTestId('designer-add-form').click();
  dialog = await openedDialog(page, '添加表单');
  await dialog.getByTestId('new-form-zh').fill('报销明细');
  assert.equal(await dialog.getByTestId('new-form-key').inputValue(), 'bao_xiao_ming_xi');
  await dialog.getByRole('button', { name: /创\s*建/ }).click();
  await page.getByTestId('designer-form-bao_xiao_ming_xi').getByText('报销明细').waitFor();

  // The app itself is renamed from the title.
  await page.getByTestId('designer-rename-app').click();
  dialog = await openedDialog(page, '应用名称');
  await dialog.getByTestId('name-zh').fill('差旅费用报销');
  await page.getByTestId('name-save').click();
  await page.getByTestId('designer-title').getByText('设计 差旅费用报销').waitFor();
  await page.getByTestId('designer-save').click();
  await page.getByText('草稿已保存').waitFor();

  const apps = (await (await page.request.get(`/api/v1/workspaces/${ws}/apps`)).json()).items;
  assert.equal(apps.length, 1);
  assert.deepEqual(apps[0].name, { 'zh-CN': '差旅费用报销' });
  assert.equal(apps[0].key, 'fei-yong-bao-xiao');
  const draft = await (await page.request.get(`/api/v1/workspaces/${ws}/apps/${apps[0].id}/draft`)).json();
  const forms = (draft.definition ?? draft).forms.map((f) => [f.key, f.name['zh-CN']]);
  assert.deepEqual(forms, [['main', '报销单'], ['bao_xiao_ming_xi', '报销明细']]);
});
