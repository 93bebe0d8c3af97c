// An admin staffs and configures the installed contract approval through the app designer:
// gives two colleagues the 法务 (legal) and 财务 (finance) roles, hides the amount from
// legal in the permission matrix and checks it with explain, creates a kanban view for legal,
// a dashboard with a bar chart by month and a count dragged beside it, and an automation that creates a follow-up record
// when a contract's approval finishes. Then 李娜 (legal, not an admin), in the browser, sees
// what the matrix says (no amount in her list, on her board's cards or on a record's page),
// moves a kanban card (a stale one is refused and snaps back), finds the count beside the chart as dragged, narrows the dashboard to a date range, approves her step of a
// contract, and finds the follow-up record the automation created once it was approved.
import assert from 'node:assert/strict';
import { csrfToken, dragTo, openedDialog, setupE2E, signIn } from './browser.mjs';
import { apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();

const lina = { email: 'lina@example.com', name: '李娜', password: 'lina-secret-1' };
const wang = { email: 'wangqiang@example.com', name: '王强', password: 'wang-secret-1' };

const post = async (p, url, data, token) => {
  const r = await p.request.post(url, { data, headers: { 'X-CSRF-Token': token } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
};

/** headOf is what a kanban card shows first: its first column other than the board's group. */
const headOf = (r, view) => {
  const v = r.data[view.columns.find((c) => c !== view.groupBy) ?? ''];
  return v === undefined || v === null || v === '' ? r.id : String(v);
};

/** Shared by the tests below, which continue one another. */
let ws = '';
let app = '';
let appApi = '';

e2eTest('admin gives two colleagues the legal and finance roles in the designer', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);

  // Setup through the API: a workspace, two invited colleagues, the contract approval with its
  // sample records, and a follow-up form for the automation to fill.
  ws = (await post(page, '/api/v1/workspaces', { name: 'Contracts' }, csrf)).id;
  const invites = [];
  for (const who of [lina, wang]) invites.push(await post(page, `/api/v1/workspaces/${ws}/members`, { email: who.email, name: who.name, role: 'member', departments: [] }, csrf));
  app = (await post(page, `/api/v1/workspaces/${ws}/apps`, { template: 'contract-approval', sampleData: true }, csrf)).id;
  appApi = `/api/v1/workspaces/${ws}/apps/${app}`;
  const draft = await (await page.request.get(`${appApi}/draft`)).json();
  draft.forms.push({
    key: 'followup',
    name: { 'zh-CN': '合同跟进', en: 'Follow-up' },
    schema: { type: 'object', properties: { title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '跟进事项', en: 'Follow-up' } } } } },
  });
  const saved = await page.request.put(`${appApi}/draft`, { data: draft, headers: { 'X-CSRF-Token': csrf } });
  assert.ok(saved.ok(), await saved.text());
  await post(page, `${appApi}/publish`, undefined, csrf);
  // Both colleagues accept their invitations.
  for (const [inv, who] of [[invites[0], lina], [invites[1], wang]]) {
    const p = await newPage();
    const r = await p.request.post('/api/v1/auth/setup', { data: { token: inv.setup.token, password: who.password } });
    assert.ok(r.ok(), await r.text());
  }

  // Roles and people: 李娜 gets 法务, 王强 gets 财务, through the designer.
  await page.goto(`/w/${ws}/apps/${app}/design/permissions`);
  const giveRole = async (role, who) => {
    await page.getByTestId(`role-${role}`).click();
    const holders = page.getByTestId('role-holders');
    await holders.getByTestId('holder-member').click();
    await page.locator('.ant-select-dropdown:visible').getByText(`${who.name} (${who.email})`).click();
    await holders.getByTestId('holder-add-member').click();
    await holders.getByTestId('role-holder').filter({ hasText: who.name }).waitFor();
  };
  await giveRole('legal', lina);
  await giveRole('finance', wang);
});

e2eTest('admin hides the amount from legal, adds a view, a dashboard and an automation, and publishes', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${ws}/apps/${app}/design/permissions`);

  // The matrix: legal may also update contracts (to move cards), and does not see the amount.
  await page.getByTestId('role-legal').click();
  await page.getByTestId('tab-matrix').click();
  const cell = page.getByTestId('perm-form-contract');
  await cell.getByTestId('perm-action-update').check();
  // Every field at once from the column's header: all read, then all editable again.
  const amountAccess = cell.getByTestId('perm-field-access-amount').locator('.ant-radio-button-wrapper-checked');
  await cell.getByTestId('perm-all-read').click();
  assert.equal(await amountAccess.innerText(), 'Read');
  await cell.getByTestId('perm-all-edit').click();
  assert.equal(await amountAccess.innerText(), 'Edit');
  await cell.getByTestId('perm-field-access-amount').getByText('Hidden').click();
  // Legal also reads the follow-ups the automation will create.
  await page.getByTestId('perm-form-followup').getByTestId('perm-action-read').check();

  // A kanban view by contract type, for legal only.
  await page.getByTestId('designer-part-views').click();
  await page.getByTestId('view-add').click();
  const addView = await openedDialog(page, 'Add view');
  await addView.getByTestId('view-new-name').fill('法务看板');
  await addView.getByRole('button', { name: 'OK' }).click();
  const editor = page.getByTestId('view-editor');
  await editor.getByTestId('view-layout').getByText('Kanban').click();
  await editor.getByTestId('view-roles').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Legal', { exact: true }).click();

  // A dashboard with a bar chart of contracts by month of creation.
  await page.getByTestId('designer-part-dashboards').click();
  await page.getByTestId('dashboard-add').click();
  await page.getByTestId('widget-add').click();
  const settings = page.getByTestId('widget-settings');
  await settings.getByTestId('widget-group').click();
  await page.keyboard.type('Created');
  await page.locator('.ant-select-dropdown:visible').getByText('Created', { exact: true }).click();
  await settings.getByTestId('widget-bucket').getByText('Month').waitFor();
  await page.getByTestId('dashboard-grid').locator('.react-grid-item').first().waitFor();
  // A second widget, a number, lands under the chart; dragged by its title to the chart's
  // right, it takes the free half of the first row.
  await page.getByTestId('widget-add').click();
  await settings.getByTestId('widget-chart').getByText('Number').click();
  const second = page.getByTestId('widget-card-widget2');
  const chartBox = await page.getByTestId('widget-card-widget1').boundingBox();
  const handle = await second.locator('.fl-widget-handle').boundingBox();
  assert.ok(chartBox && handle, 'both widgets are on the grid');
  assert.ok(handle.y > chartBox.y + chartBox.height - 10, 'the new widget starts under the chart');
  await page.mouse.move(handle.x + 10, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + 30, handle.y + handle.height / 2 + 10, { steps: 3 });
  await page.mouse.move(chartBox.x + chartBox.width + 40, chartBox.y + 10, { steps: 15 });
  await page.mouse.up();
  await assert.doesNotReject(async () => {
    for (let i = 0; i < 40; i++) {
      const b = await second.boundingBox();
      if (b && b.x > chartBox.x + chartBox.width - 10 && Math.abs(b.y - chartBox.y) < 10) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`the number widget stayed at ${JSON.stringify(await second.boundingBox())}`);
  });

  // An automation: when the approval finishes, create a follow-up named after the contract.
  await page.getByTestId('designer-part-automations').click();
  await page.getByTestId('automation-add').click();
  const addAuto = await openedDialog(page, 'Add automation');
  await addAuto.getByTestId('automation-new-name').fill('合同通过后跟进');
  await addAuto.getByRole('button', { name: 'OK' }).click();
  const auto = page.getByTestId('automation-editor');
  await auto.getByTestId('automation-event').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Pipeline finished').click();
  await auto.getByTestId('action-add').click();
  await page.getByTestId('action-add-createRecords').click();
  await auto.getByTestId('action-1').getByTestId('map-source-title').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Title', { exact: true }).click();
  await auto.getByTestId('action-0').getByRole('button', { name: 'Remove' }).click();
  await auto.getByTestId('action-1').waitFor({ state: 'detached' });

  // The server accepts the whole draft; publishing puts it in force.
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  // The saved dashboard holds the places as dragged: the number right of the chart.
  const saved = await (await page.request.get(`${appApi}/draft`)).json();
  const placed = Object.fromEntries(saved.dashboards.at(-1).widgets.map((w) => [w.chart, w.layout]));
  assert.deepEqual([placed.bar.x, placed.bar.y, placed.number.x, placed.number.y], [0, 0, 6, 0], JSON.stringify(placed));
  await page.getByTestId('designer-publish').click();
  await page.getByTestId('publish-confirm').click();
  const result = await openedDialog(page, /Version \d+ published/, { timeout: 30_000 }) // a publish compiles and indexes the app;
  await result.getByRole('button', { name: 'OK' }).click();

});

e2eTest('explain checks the published matrix on 李娜: the amount is hidden from her', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${ws}/apps/${app}/design/permissions`);
  await page.getByTestId('tab-explain').click();
  const explain = page.getByTestId('explain');
  await explain.getByTestId('explain-member').click();
  await page.locator('.ant-select-dropdown:visible').getByText(`${lina.name} (${lina.email})`).click();
  await explain.getByTestId('explain-field').click();
  await page.keyboard.type('Amount');
  await page.locator('.ant-select-dropdown:visible').getByText('Amount', { exact: true }).click();
  await explain.getByTestId('explain-ask').click();
  await explain.getByTestId('explain-field-answer').getByText('Hidden', { exact: true }).waitFor();
  await explain.getByTestId('explain-action-update').getByText('allowed', { exact: false }).waitFor();
  if (cfg.artifacts) await page.screenshot({ path: `${cfg.artifacts}/app-parts-explain.png`, fullPage: true }).catch(() => undefined);

});

e2eTest('李娜 (legal) sees what the matrix says and moves a kanban card', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const member = await newPage({ viewport: { width: 1600, height: 900 } });
  await signIn(member, lina.email, lina.password);
  const contracts = (await (await page.request.get(`${appApi}/forms/contract/records?limit=200`)).json()).items;

  // Her contract list has no Amount column, where the admin's has one.
  await page.goto(`/w/${ws}/apps/${app}`);
  await page.getByTestId('records-table').getByRole('columnheader', { name: 'Amount' }).waitFor();
  await member.goto(`/w/${ws}/apps/${app}`);
  const table = member.getByTestId('records-table');
  await table.getByRole('columnheader', { name: 'Title' }).waitFor();
  assert.equal(await table.getByRole('columnheader', { name: 'Amount' }).count(), 0, 'the amount is hidden from legal');

  // Her board (for legal only): the view lists the amount, her cards do not show it.
  const view = (await (await page.request.get(`${appApi}/views`)).json()).items.find((v) => v.key === 'view6');
  assert.ok(view?.columns.includes('amount'), `the board's columns name the amount: ${view?.columns}`);
  await member.getByTestId('section-views').click();
  await member.getByTestId('view-tab-view6').click();
  const board = member.getByTestId('kanban');
  const column = (label) => board.getByTestId('kanban-column').filter({ has: member.locator('.fl-kanban-head').getByText(label, { exact: true }) });
  const other = column('Other');
  await other.getByTestId('kanban-drag').first().waitFor();
  assert.equal(await board.getByText('Amount:').count(), 0, 'no card shows the amount');

  // She moves a card not yet submitted (one in its approval changes only through its steps)
  // from Other to Purchase: the record's type changes.
  const cardText = (await other.getByTestId('kanban-drag').allInnerTexts()).map((x) => x.trim());
  const draft = contracts.find((r) => r.data.type === 'other' && (!r.flow || r.flow.status === 'draft') && cardText.some((x) => x.startsWith(headOf(r, view))));
  assert.ok(draft, `a draft among the Other cards: ${cardText}`);
  const card = other.getByTestId('kanban-drag').filter({ hasText: headOf(draft, view) });
  // Someone else changes the record meanwhile: her card is stale, the move is refused with
  // the server's reason and the card snaps back; once her board is reloaded, it moves.
  const edited = await page.request.patch(`${appApi}/forms/contract/records/${draft.id}`, {
    data: { summary: '续签前再确认' },
    headers: { 'X-CSRF-Token': csrf, 'If-Match': String(draft.version) },
  });
  assert.equal(edited.status(), 200, await edited.text());
  await dragTo(member, card, column('Purchase'));
  await member.getByText('The record has changed since you read it; reload it and try again.').first().waitFor();
  await card.waitFor();
  await member.reload();
  await dragTo(member, card, column('Purchase'));
  await member.getByText('Card moved').first().waitFor();
  await column('Purchase').getByTestId('kanban-drag').filter({ hasText: headOf(draft, view) }).waitFor();
  const moved = await (await page.request.get(`${appApi}/forms/contract/records/${draft.id}`)).json();
  assert.equal(moved.data.type, 'purchase');
});

e2eTest('李娜 narrows the dashboard to a date range', async ({ newPage }) => {
  const member = await newPage();
  await signIn(member, lina.email, lina.password);
  // Her dashboard: the bar chart by month has data; narrowed by her to January 2000, none.
  await member.goto(`/w/${ws}/apps/${app}?section=dashboards`);
  await member.getByRole('tab', { name: 'New dashboard' }).click();
  const pane = member.locator('.ant-tabs-tabpane-active');
  const bar = pane.getByTestId('widget-bar');
  const empty = bar.locator('.ant-empty-description', { hasText: 'No data' });
  await bar.waitFor();
  assert.equal(await empty.count(), 0, 'the chart has data');
  // Laid out as the admin dragged it: the count beside the chart, on its first row. The grid
  // places its widgets once it has measured its width, so their boxes are read until placed.
  let boxes = '';
  for (let i = 0; i < 40; i++) {
    const [barBox, numberBox] = [await bar.boundingBox(), await pane.getByTestId('widget-number').boundingBox()];
    boxes = `bar ${JSON.stringify(barBox)}, number ${JSON.stringify(numberBox)}`;
    if (barBox && numberBox && numberBox.x > barBox.x + barBox.width - 10 && Math.abs(numberBox.y - barBox.y) < 10) break;
    boxes = `not placed: ${boxes}`;
    await member.waitForTimeout(100);
  }
  assert.ok(!boxes.startsWith('not placed'), boxes);
  const range = member.getByTestId('dashboard-filters').locator('.ant-picker-range input');
  await range.first().click();
  await range.first().fill('2000-01-01');
  await range.first().press('Enter');
  await range.nth(1).fill('2000-01-31');
  await range.nth(1).press('Enter');
  await empty.waitFor();
});

e2eTest('李娜 approves her step of a contract, and finds the follow-up record the automation created', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const member = await newPage();
  await signIn(member, lina.email, lina.password);

  // A contract reaches legal; 李娜 approves it on its page, where the amount is not shown either.
  const form = `${appApi}/forms/contract/records`;
  const rec = await post(page, form, { title: '年度服务合同', type: 'service', counterparty: '禾丰', amount: 1000 }, csrf);
  await post(page, `${form}/${rec.id}/actions/approve`, {}, csrf);
  await member.goto(`/w/${ws}/apps/${app}/forms/contract/records/${rec.id}`);
  await member.getByTestId('record-title').getByText('年度服务合同').waitFor();
  await member.getByTestId('record-fields').getByText('Counterparty').first().waitFor();
  assert.equal(await member.getByTestId('record-fields').getByText('Amount', { exact: true }).count(), 0, 'the record page hides the amount');
  await member.getByTestId('action-approve').click();
  const approve = await openedDialog(member, 'Approve');
  await approve.getByLabel('Legal risk', { exact: true }).click();
  await member.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Low' }).first().click();
  await approve.getByLabel('Legal opinion', { exact: true }).fill('无异议');
  await approve.getByTestId('action-ok').click();
  await approve.waitFor({ state: 'hidden' });
  await member.getByTestId('active-node').filter({ hasText: 'Finance review' }).waitFor();

  // Finance and the director approve; the automation then creates the follow-up, which
  // 李娜 finds in the app (legal reads follow-ups).
  const wangCall = await apiSession(cfg.url, wang.email, wang.password);
  await wangCall('POST', `${form.slice('/api/v1'.length)}/${rec.id}/actions/approve`, { data: { paymentTerms: 'prepaid', financeOpinion: '同意' } });
  await post(page, `${form}/${rec.id}/actions/approve`, {}, csrf);
  // The automation runs after the approval's commit: wait until her list has the record, then look.
  const followups = () => member.request.get(`${appApi}/forms/followup/records`).then((r) => r.json());
  for (const until = Date.now() + 15_000; ((await followups()).items ?? []).length === 0; ) {
    assert.ok(Date.now() < until, 'the automation creates the follow-up');
    await new Promise((res) => setTimeout(res, 100));
  }
  await member.goto(`/w/${ws}/apps/${app}`);
  await member.getByRole('tab', { name: 'Follow-up' }).click();
  await member.getByTestId('records-table').getByRole('row').filter({ hasText: '年度服务合同' }).waitFor();

  // The admin finds the run in the automation's history (运行记录), succeeded.
  await page.goto(`/w/${ws}/apps/${app}/design/automations`);
  await page.getByText('合同通过后跟进').first().click();
  const runs = page.getByTestId('automation-runs');
  await runs.getByTestId('automation-run-ok').first().waitFor();
  await runs.getByText('Create records · done').first().waitFor();
  if (cfg.artifacts) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await runs.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${cfg.artifacts}/app-parts-runs.png` }).catch(() => undefined);
    await page.setViewportSize({ width: 390, height: 844 });
    await runs.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${cfg.artifacts}/app-parts-runs-phone.png` }).catch(() => undefined);
  }
});
